#include <lethe/base/dense_product.hpp>

#include <cmath>
#include <cstring>
#include <string>

#include <lethe/base/errors.hpp>

namespace lethe {
namespace {

// Two doubles in one register: GCC's and Clang's vector extension, which each
// lowers to SSE2 on x86-64, to WebAssembly SIMD under -msimd128, and to two scalar
// operations elsewhere. Lane-wise + and * are the IEEE operations of the scalars.
typedef double Pair __attribute__((vector_size(16)));

Pair load(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void store(double* p, Pair v) { std::memcpy(p, &v, sizeof v); }

// The sum of one entry, in the order of the header.
double entry(const double* a, const double* b_col, Eigen::Index m, Eigen::Index k, Eigen::Index i) {
  double sum = 0.0;
  for (Eigen::Index p = 0; p < k; ++p) sum += a[p * m + i] * b_col[p];
  return sum;
}

// Rows i…i+3 of columns j…j+3: eight accumulators of two lanes, each lane one entry
// summed over p in order. Column-major: A's column p is a + p m, B's column j is b + j k.
void tile(const double* a, const double* b, double* c, Eigen::Index m, Eigen::Index k, Eigen::Index i, Eigen::Index j) {
  const double* b0 = b + j * k;
  const double* b1 = b0 + k;
  const double* b2 = b1 + k;
  const double* b3 = b2 + k;
  Pair c00{0, 0}, c10{0, 0}, c01{0, 0}, c11{0, 0}, c02{0, 0}, c12{0, 0}, c03{0, 0}, c13{0, 0};
  for (Eigen::Index p = 0; p < k; ++p) {
    const Pair a0 = load(a + p * m + i), a1 = load(a + p * m + i + 2);
    c00 += a0 * b0[p];
    c10 += a1 * b0[p];
    c01 += a0 * b1[p];
    c11 += a1 * b1[p];
    c02 += a0 * b2[p];
    c12 += a1 * b2[p];
    c03 += a0 * b3[p];
    c13 += a1 * b3[p];
  }
  store(c + j * m + i, c00);
  store(c + j * m + i + 2, c10);
  store(c + (j + 1) * m + i, c01);
  store(c + (j + 1) * m + i + 2, c11);
  store(c + (j + 2) * m + i, c02);
  store(c + (j + 2) * m + i + 2, c12);
  store(c + (j + 3) * m + i, c03);
  store(c + (j + 3) * m + i + 2, c13);
}

}  // namespace

Eigen::MatrixXd multiply(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  check_size("multiply", "b rows", static_cast<long>(b.rows()), static_cast<long>(a.cols()));
  const Eigen::Index m = a.rows(), k = a.cols(), n = b.cols();
  Eigen::MatrixXd c(m, n);
  const double* pa = a.data();
  const double* pb = b.data();
  double* pc = c.data();
  const Eigen::Index m4 = m - m % 4, n4 = n - n % 4;
  for (Eigen::Index j = 0; j < n4; j += 4) {
    for (Eigen::Index i = 0; i < m4; i += 4) tile(pa, pb, pc, m, k, i, j);
    for (Eigen::Index jj = j; jj < j + 4; ++jj)
      for (Eigen::Index i = m4; i < m; ++i) pc[jj * m + i] = entry(pa, pb + jj * k, m, k, i);
  }
  for (Eigen::Index j = n4; j < n; ++j)
    for (Eigen::Index i = 0; i < m; ++i) pc[j * m + i] = entry(pa, pb + j * k, m, k, i);
  return c;
}

Eigen::MatrixXd multiply_transposed(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  check_size("multiply_transposed", "b rows", static_cast<long>(b.rows()), static_cast<long>(a.rows()));
  return multiply(a.transpose(), b);
}

Eigen::MatrixXd multiply_by_transpose(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  check_size("multiply_by_transpose", "b cols", static_cast<long>(b.cols()), static_cast<long>(a.cols()));
  return multiply(a, b.transpose());
}

Eigen::MatrixXd inverse_lower(const Eigen::MatrixXd& l) {
  check_size("inverse_lower", "l cols", static_cast<long>(l.cols()), static_cast<long>(l.rows()));
  const Eigen::Index d = l.rows();
  for (Eigen::Index j = 0; j < d; ++j)
    if (l(j, j) == 0.0)
      fail_argument("inverse_lower", "l", "has a zero on its diagonal (entry " + std::to_string(j) + ")");
  // Column j of X accumulates the sums of every row below the diagonal at once: as
  // soon as X_kj is final, L's column k (contiguous) times X_kj is added to rows k+1…,
  // so each entry's terms still arrive in the order k = j, j+1, … of the sum above,
  // while the rows are independent of each other (no chain of dependent additions,
  // and a loop the compiler vectorises).
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(d, d);
  for (Eigen::Index j = 0; j < d; ++j) {
    double* column = x.col(j).data();  // the sums, then X_ij
    for (Eigen::Index k = j; k < d; ++k) {
      column[k] = k == j ? 1.0 / l(j, j) : -column[k] / l(k, k);
      const double* lk = l.col(k).data();
      const double xkj = column[k];
      for (Eigen::Index i = k + 1; i < d; ++i) column[i] += lk[i] * xkj;
    }
  }
  return x;
}

std::optional<Eigen::MatrixXd> cholesky_lower(const Eigen::MatrixXd& a) {
  check_size("cholesky_lower", "a cols", static_cast<long>(a.cols()), static_cast<long>(a.rows()));
  const Eigen::Index d = a.rows();
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(d, d);
  for (Eigen::Index j = 0; j < d; ++j) {
    double* column = l.col(j).data();
    for (Eigen::Index i = j; i < d; ++i) column[i] = a(i, j);
    for (Eigen::Index k = 0; k < j; ++k) {
      const double* earlier = l.col(k).data();
      const double ljk = earlier[j];
      for (Eigen::Index i = j; i < d; ++i) column[i] -= earlier[i] * ljk;
    }
    if (!(column[j] > 0.0)) return std::nullopt;
    const double pivot = std::sqrt(column[j]);
    column[j] = pivot;
    for (Eigen::Index i = j + 1; i < d; ++i) column[i] /= pivot;
  }
  return l;
}

}  // namespace lethe
