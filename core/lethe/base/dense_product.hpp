// C = A B for the small dense products of the Monte Carlo and quadrature loops
// (inner dimensions of tens to thousands, one side of tens of rows), summed in one
// fixed order: every entry is the plain left-to-right sum
//
//   C_ij = (((A_i0 B_0j + A_i1 B_1j) + A_i2 B_2j) + …)
//
// with no fused multiply-add, whatever the compiler, instruction set or blocking.
// So the same inputs give the same bits natively and in WebAssembly, and the
// product is vectorised by the compiler's own two-lane vectors (SSE2 natively,
// WebAssembly SIMD where the module is built with it) instead of Eigen's kernel,
// which has no WebAssembly SIMD path and sums in a blocking-dependent order.
#pragma once

#include <optional>

#include <Eigen/Dense>

namespace lethe {

// A (m×k) times B (k×n). Throws InvalidArgument ("multiply", parameter "b rows")
// when A's columns and B's rows differ.
Eigen::MatrixXd multiply(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// Aᵀ B, by the same sum (Aᵀ is formed first: k·m copies against m·k·n products).
Eigen::MatrixXd multiply_transposed(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// A Bᵀ, likewise.
Eigen::MatrixXd multiply_by_transpose(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// L⁻¹ for a lower-triangular L (the upper part is not read), by forward substitution
// column by column in the same fixed order, X_jj = 1 / L_jj and, below the diagonal,
//
//   X_ij = −(L_ij X_jj + L_i,j+1 X_j+1,j + … + L_i,i−1 X_i−1,j) / L_ii,
//
// so again with the same bits natively and in WebAssembly, and in a few instructions
// of code (the factorisations of small posteriors run it once per request, often
// from cold caches). Throws InvalidArgument ("inverse_lower", parameter "l") if L is
// not square or has a zero on its diagonal.
Eigen::MatrixXd inverse_lower(const Eigen::MatrixXd& l);

// The lower-triangular L with A = L Lᵀ for a symmetric positive-definite A (only its
// lower part is read), column by column in the same fixed order:
//
//   L_jj = √(((A_jj − L_j0²) − L_j1²) − … − L_j,j−1²),
//   L_ij = (((A_ij − L_i0 L_j0) − L_i1 L_j1) − … − L_i,j−1 L_j,j−1) / L_jj   (i > j),
//
// with each column's updates one contiguous a·x + y over the rows below the diagonal.
// For the small factorisations made once per request (dimensions of tens), where
// Eigen's blocked LLT is mostly set-up and, in WebAssembly, scalar code. Returns
// nothing if a pivot is not positive (A is not positive definite, or not by a margin
// rounding can see). Throws InvalidArgument ("cholesky_lower", parameter "a cols") if
// A is not square.
std::optional<Eigen::MatrixXd> cholesky_lower(const Eigen::MatrixXd& a);

}  // namespace lethe
