#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include <lethe/base/errors.hpp>
#include <lethe/model/model.hpp>
#include <lethe/model/model_file.hpp>
#include <lethe/model/storage.hpp>

#include "support.hpp"

using namespace lethe;

TEST_CASE("model file header: round trip, and every corruption named", "[model][format]") {
  ModelHeader h;
  h.uid = 42;
  h.generation = 7;
  h.slot_count = 10;
  h.feature_count = 3;
  h.meta_offset = 256 + 10 * h.slot_bytes();
  h.meta_bytes = 100;
  h.meta_checksum = 0xabc;
  h.file_bytes = h.meta_offset + 100;
  const std::vector<unsigned char> bytes = encode_header(h);
  REQUIRE(bytes.size() == 256);
  const ModelHeader back = decode_header(bytes.data(), bytes.size(), "h");
  CHECK(back.uid == 42);
  CHECK(back.generation == 7);
  CHECK(back.meta_checksum == 0xabc);
  CHECK(back.slot_bytes() == 48);  // flags, id, target and 3 features, 8 bytes each

  std::vector<unsigned char> flipped = bytes;
  flipped[30] ^= 4;
  CHECK_THROWS_WITH(decode_header(flipped.data(), flipped.size(), "h"), Catch::Contains("checksum"));
  CHECK_THROWS_WITH(decode_header(bytes.data(), 100, "h"), Catch::Contains("truncated"));
  ModelHeader impossible = h;
  impossible.file_bytes += 1;
  const std::vector<unsigned char> bad = encode_header(impossible);
  CHECK_THROWS_WITH(decode_header(bad.data(), bad.size(), "h"), Catch::Contains("impossible layout"));
}

TEST_CASE("model file metadata: round trip of every field", "[model][format]") {
  ModelMeta m;
  m.family = "logistic";
  m.options = {{"prior_variance", 2.0}, {"max_iterations", 50}};
  m.feature_names = {"age", "income"};
  m.target_name = "label";
  m.residual_budget = 0.5;
  m.created = 1700000000;
  m.alive_rows = 9;
  m.page_checksums = {1, 2};
  m.family_state = {1, 2, 3};
  RequestRecord r;
  r.request_id = "gdpr-1";
  r.kind = "forget";
  r.time = 1700000500;
  r.ids = {4, -2};
  r.certificate = {"proof", 0.1, 0.2, 0.5, 0.4};
  r.decision = "forgotten";
  r.seconds = 0.001;
  m.requests = {r};
  const ModelMeta back = decode_meta(encode_meta(m), "m");
  CHECK(back.family == m.family);
  CHECK(back.options == m.options);
  CHECK(back.feature_names == m.feature_names);
  CHECK(back.page_checksums == m.page_checksums);
  CHECK(back.family_state == m.family_state);
  REQUIRE(back.requests.size() == 1);
  CHECK(back.requests[0].ids == r.ids);
  CHECK(back.requests[0].certificate.distance_bound == 0.4);
  std::vector<unsigned char> longer = encode_meta(m);
  longer.push_back(0);
  CHECK_THROWS_AS(decode_meta(longer, "m"), FormatError);
}

// A file written by Lethe 0.2.0 (format 1): a logistic model on 40 rows of
// examples/loans.csv with ids 10003 and 10005 forgotten by request 'old-ticket', the
// request still in its log beside it. It opens, replays, predicts, and its first
// commit writes format 2.
TEST_CASE("model file: a format-1 file opens, and its first commit upgrades it", "[model][format]") {
  const auto read = [](const std::string& path) {
    std::ifstream in(std::string(LETHE_SOURCE_DIR) + "/native-tests/lethe/model/data/" + path, std::ios::binary);
    REQUIRE(in.good());
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
  };
  MemoryVolume volume;
  volume.put("old.lethe", read("format-1.lethe"));
  volume.put("old.lethe-wal", read("format-1.lethe-wal"));
  {
    Model model(volume, "old.lethe");
    const ModelStatus s = model.status(true);
    CHECK(s.format_version == 1);
    CHECK(s.rows == 38);
    REQUIRE(s.requests.size() == 1);
    CHECK(s.requests[0].request_id == "old-ticket");
    CHECK(s.requests[0].ids == std::vector<std::int64_t>{10003, 10005});
    CHECK(s.requests[0].certificate.kind == "proof");
    CHECK(s.requests[0].certificate.actual == -1.0);  // format 1 did not measure it
    CHECK_THROWS_WITH(model.forget({10005}, "", false, 1), Catch::Contains("already forgotten"));
    const ForgetOutcome out = model.forget({10007}, "new", false, 1700000200);
    CHECK(out.record.certificate.actual >= 0);
  }
  const Model upgraded(volume, "old.lethe");
  const ModelStatus s = upgraded.status(true);
  CHECK(s.format_version == kModelFormatVersion);
  REQUIRE(s.requests.size() == 2);
  CHECK(s.requests[0].certificate.actual == -1.0);
  CHECK(s.requests[1].certificate.actual == Approx(0).margin(s.requests[1].certificate.sum));
}

// A certified logistic model written before the family's state layout 2 (layout 1:
// full Hessian and Gram matrices, no Cholesky factor, no Λ): 40 rows of
// examples/loans.csv, `lethe train --family logistic --certify 1,1e-4 --sigma 5
// --lambda 0.01 --seed 7`, then ids 10003 and 10005 forgotten by request 'old-ticket'
// (still in the log). The figures below are what that code printed for it
// (`lethe predict`, and `forget --ids 10007 --json`). It opens, predicts the same,
// forgets 10007 as that code did (the bound at least as large, now from Λ of the G′
// it held), and its first commit writes layout 2, which forgets again.
TEST_CASE("model file: a logistic state of layout 1 opens, forgets as before, and is upgraded", "[model][format]") {
  const auto read = [](const std::string& path) {
    std::ifstream in(std::string(LETHE_SOURCE_DIR) + "/native-tests/lethe/model/data/" + path, std::ios::binary);
    REQUIRE(in.good());
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
  };
  MemoryVolume volume;
  volume.put("old.lethe", read("logistic-state-1.lethe"));
  volume.put("old.lethe-wal", read("logistic-state-1.lethe-wal"));
  Eigen::MatrixXd x(3, 4);
  x << 21.6, 0.053, 3, 1, 42.3, 0.328, 18, 4, 53.1, 0.373, 0, 4;
  const std::uint64_t layout2 = 0x4c45544845000002ULL;
  {
    Model model(volume, "old.lethe");
    CHECK(load_u64(model.store().meta().family_state.data()) != layout2);
    const Eigen::MatrixXd p = model.predict(x);
    CHECK(p(0, 0) == Approx(0.45242803417350197).epsilon(1e-12));
    CHECK(p(1, 1) == Approx(-3.6355087473863463).epsilon(1e-12));
    CHECK(p(2, 2) == Approx(0.9812376792020342).epsilon(1e-12));
    const ForgetOutcome out = model.forget({10007}, "new", false, 1700000300);
    CHECK(out.record.decision == "forgotten");
    CHECK(out.record.certificate.actual == Approx(0.02353287113716503).epsilon(1e-9));
    CHECK(out.record.certificate.value >= 0.34528785087226804 * (1 - 1e-12));
    CHECK(out.record.certificate.value == Approx(0.34528785087226804).epsilon(0.05));
    CHECK(out.record.certificate.sum == Approx(0.89259650307162119).epsilon(0.05));
  }
  Model upgraded(volume, "old.lethe");
  CHECK(load_u64(upgraded.store().meta().family_state.data()) == layout2);
  const ForgetOutcome again = upgraded.forget({10009}, "", false, 1700000400);
  CHECK(again.record.certificate.actual >= 0);
  CHECK(again.record.certificate.actual <= again.record.certificate.sum);
  CHECK(upgraded.verify().bound_holds);
}

// The check's pass over the rows held: a page all in training is viewed in place, a page
// with erased slots copied out; either way the rows, ids and targets read_alive_rows gives.
TEST_CASE("model file: for_each_alive_page visits the rows held, in place or copied", "[model][format]") {
  MemoryVolume volume;
  const RowTable rows = test::make_rows(700, 5, true, 31);  // pages of 256: full, full, 188
  TrainSpec spec;
  spec.family = "logistic";
  spec.now = 1700000000;
  spec.uid = 0x5eed;
  Model::train(volume, "pages.lethe", rows, spec);
  Model model(volume, "pages.lethe");
  model.forget({rows.ids[3], rows.ids[300], rows.ids[301]}, "r1", false, 1700000100);  // pages 0 and 1
  const RowTable held = model.store().read_alive_rows();
  REQUIRE(held.ids.size() == 697);
  std::vector<std::int64_t> ids;
  std::vector<Eigen::Index> sizes;
  RowMajorRows x(0, 5);
  Eigen::VectorXd y(0);
  model.store().for_each_alive_page(
      [&](const std::vector<std::int64_t>& page_ids, const RowsRef& page_x, const Eigen::VectorXd& page_y) {
        REQUIRE(page_x.rows() == static_cast<Eigen::Index>(page_ids.size()));
        REQUIRE(page_y.size() == page_x.rows());
        ids.insert(ids.end(), page_ids.begin(), page_ids.end());
        sizes.push_back(page_x.rows());
        RowMajorRows grown(x.rows() + page_x.rows(), 5);
        grown << x, page_x;
        x = grown;
        Eigen::VectorXd more(y.size() + page_y.size());
        more << y, page_y;
        y = more;
      });
  CHECK(sizes == std::vector<Eigen::Index>{255, 254, 188});
  CHECK(ids == held.ids);
  CHECK((Eigen::MatrixXd(x) - held.x).norm() == 0.0);
  CHECK((y - held.y).norm() == 0.0);
}
