// The IDX reader (experiments/idx_reader.hpp) on handmade files: a 3×2×2 image array
// and its labels, plain and gzip-compressed; the format errors name the source. With
// Debian's dataset-fashion-mnist installed (scripts/setup.sh) the real test part is read
// too; without it that case says it is skipped.
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/experiments/idx_reader.hpp>

namespace idx_reader_test {
using Bytes = std::vector<unsigned char>;

Bytes images() {  // 3 images of 2×2: values 0, 10, 20, …, 110; the last is 255
  Bytes b = {0, 0, 0x08, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2};
  for (int i = 0; i < 12; ++i) b.push_back(static_cast<unsigned char>(i == 11 ? 255 : 10 * i));
  return b;
}
Bytes labels() { return {0, 0, 0x08, 1, 0, 0, 0, 3, 7, 3, 8}; }

std::string temp_path(const std::string& name) { return "/tmp/lethe-idx-test-" + name; }

void write_plain(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
void write_gzip(const std::string& path, const Bytes& b) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, b.data(), static_cast<unsigned>(b.size())) == static_cast<int>(b.size()));
  gzclose(f);
}
}  // namespace idx_reader_test

using namespace idx_reader_test;

TEST_CASE("idx: a handmade array parses to its shape and values", "[experiments][idx]") {
  const lethe::IdxArray a = lethe::parse_idx(images(), "images");
  CHECK(a.shape == std::vector<std::uint32_t>{3, 2, 2});
  CHECK(a.item_size() == 4);
  REQUIRE(a.values.size() == 12);
  CHECK(a.values[5] == 50);
  CHECK(a.values[11] == 255);
  const lethe::LabelledImages l = lethe::labelled_images(a, lethe::parse_idx(labels(), "labels"), "test");
  REQUIRE(l.x.rows() == 3);
  REQUIRE(l.x.cols() == 4);
  CHECK(l.x(1, 1) == Approx(50.0 / 255.0));
  CHECK(l.x(2, 3) == 1.0);
  CHECK(l.labels(0) == 7);
  CHECK(l.labels(2) == 8);
}

TEST_CASE("idx: plain and gzip-compressed files read the same", "[experiments][idx]") {
  write_plain(temp_path("plain"), images());
  write_gzip(temp_path("gz"), images());
  const lethe::IdxArray plain = lethe::read_idx_file(temp_path("plain"));
  const lethe::IdxArray gz = lethe::read_idx_file(temp_path("gz"));
  CHECK(plain.shape == gz.shape);
  CHECK(plain.values == gz.values);
  CHECK(gz.values == lethe::parse_idx(images(), "x").values);
  std::remove(temp_path("plain").c_str());
  std::remove(temp_path("gz").c_str());
  CHECK_THROWS_AS(lethe::read_idx_file(temp_path("missing")), lethe::FormatError);
}

TEST_CASE("idx: malformed bytes are format errors naming the source", "[experiments][idx]") {
  Bytes wrong_type = images();
  wrong_type[2] = 0x0D;  // float
  CHECK_THROWS_WITH(lethe::parse_idx(wrong_type, "f.idx"), Catch::Contains("f.idx") && Catch::Contains("type 13"));
  Bytes short_data = images();
  short_data.pop_back();
  CHECK_THROWS_WITH(lethe::parse_idx(short_data, "s.idx"), Catch::Contains("11 bytes, its header says 12"));
  Bytes long_data = images();
  long_data.push_back(1);
  CHECK_THROWS_AS(lethe::parse_idx(long_data, "l.idx"), lethe::FormatError);
  CHECK_THROWS_AS(lethe::parse_idx(Bytes{1, 0, 8, 1}, "m.idx"), lethe::FormatError);
  CHECK_THROWS_AS(lethe::parse_idx(Bytes{0, 0, 8, 2, 0, 0}, "h.idx"), lethe::FormatError);
  // Images and labels of different counts.
  const Bytes two_labels = {0, 0, 0x08, 1, 0, 0, 0, 2, 1, 2};
  CHECK_THROWS_WITH(lethe::labelled_images(lethe::parse_idx(images(), "i"), lethe::parse_idx(two_labels, "l"), "pair"),
                    Catch::Contains("3 images but 2 labels"));
}

TEST_CASE("idx: Debian's Fashion-MNIST test part, when installed", "[experiments][idx][fashion]") {
  const std::string dir = lethe::kFashionMnistDirectory;
  if (!std::ifstream(dir + "/t10k-labels-idx1-ubyte.gz")) {
    WARN("skipped: " << dir << " is missing (scripts/setup.sh installs dataset-fashion-mnist)");
    return;
  }
  const lethe::IdxArray labels = lethe::read_idx_file(dir + "/t10k-labels-idx1-ubyte.gz");
  const lethe::IdxArray images = lethe::read_idx_file(dir + "/t10k-images-idx3-ubyte.gz");
  CHECK(labels.shape == std::vector<std::uint32_t>{10000});
  CHECK(images.shape == std::vector<std::uint32_t>{10000, 28, 28});
  // Fashion-MNIST's test part is balanced: 1 000 of each of the 10 classes.
  std::vector<int> counts(10, 0);
  for (unsigned char c : labels.values) ++counts.at(c);
  CHECK(counts == std::vector<int>(10, 1000));
}
