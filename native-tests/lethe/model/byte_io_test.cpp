#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/byte_io.hpp>

using namespace lethe;

TEST_CASE("ByteWriter and ByteReader round-trip every type, little-endian", "[model][byte_io]") {
  ByteWriter out;
  out.u32(0x01020304u);
  out.u64(0x1122334455667788ULL);
  out.i64(-5);
  out.f64(-0.1);
  out.text("héllo");
  Eigen::MatrixXd m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  out.matrix(m);
  out.vector(Eigen::Vector2d(7, 8));
  out.ids({-1, 0, 1LL << 40});
  // Little-endian whatever the host: the same bytes natively and in WebAssembly.
  CHECK(out.bytes()[0] == 0x04);
  CHECK(out.bytes()[4] == 0x88);

  ByteReader in(out.bytes(), "test");
  CHECK(in.u32("a") == 0x01020304u);
  CHECK(in.u64("b") == 0x1122334455667788ULL);
  CHECK(in.i64("c") == -5);
  CHECK(in.f64("d") == -0.1);
  CHECK(in.text("e") == "héllo");
  CHECK(in.matrix("f") == m);
  CHECK(in.vector("g") == Eigen::Vector2d(7, 8));
  CHECK(in.ids("h") == std::vector<std::int64_t>{-1, 0, 1LL << 40});
  CHECK_NOTHROW(in.expect_end());
}

TEST_CASE("ByteReader refuses to read past its end, with the field named", "[model][byte_io]") {
  ByteWriter out;
  out.text("abcdef");
  for (std::size_t cut = 0; cut < out.size(); ++cut) {
    ByteReader in(out.bytes().data(), cut, "cut");
    CHECK_THROWS_AS(in.text("name"), FormatError);
  }
  // A count larger than the bytes left never allocates it.
  ByteWriter huge;
  huge.u64(1ULL << 60);
  ByteReader in(huge.bytes(), "huge");
  CHECK_THROWS_WITH(in.vector("values"), Catch::Contains("values") && Catch::Contains("claims"));
  ByteWriter trailing;
  trailing.u64(1);
  trailing.u8(0);
  ByteReader t(trailing.bytes(), "trailing");
  t.u64("x");
  CHECK_THROWS_AS(t.expect_end(), FormatError);
}
