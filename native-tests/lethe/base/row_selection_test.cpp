// rows_of: a copy of the picked rows, in the order of the ids, repeats allowed.
#include <catch2/catch.hpp>

#include <vector>

#include <lethe/base/rng.hpp>
#include <lethe/base/row_selection.hpp>

TEST_CASE("row_selection: rows_of copies the rows in the order of the ids", "[base][row_selection]") {
  lethe::Rng rng(11);
  const Eigen::MatrixXd m = rng.normal_matrix(7, 3);
  const std::vector<int> ids = {5, 0, 5, 6, 2};
  const Eigen::MatrixXd picked = lethe::rows_of(m, ids);
  REQUIRE(picked.rows() == static_cast<Eigen::Index>(ids.size()));
  REQUIRE(picked.cols() == m.cols());
  for (std::size_t k = 0; k < ids.size(); ++k) CHECK(picked.row(static_cast<Eigen::Index>(k)) == m.row(ids[k]));
  // A copy: changing the original leaves the selection alone.
  Eigen::MatrixXd changed = m;
  const Eigen::MatrixXd before = lethe::rows_of(changed, {1});
  changed(1, 0) += 1.0;
  CHECK(before(0, 0) == m(1, 0));
  // No ids: no rows, the same columns.
  const Eigen::MatrixXd none = lethe::rows_of(m, {});
  CHECK(none.rows() == 0);
  CHECK(none.cols() == 3);
  // Every row once in order gives the matrix back.
  CHECK(lethe::rows_of(m, {0, 1, 2, 3, 4, 5, 6}) == m);
}
