// A multilayer perceptron classifier with a flat parameter vector θ, and its
// negative log-likelihood with hand-written first and second-order derivatives.
//
//   a₀ = x,   z_l = W_l a_{l−1} + b_l,   a_l = φ(z_l)  (hidden layers, φ = tanh or ReLU)
//   output z_L: K logits, p = softmax(z_L)         (K ≥ 3 classes)
//               one logit f, p(y=1) = σ(f)          (K = 2: logistic output)
//   h(θ; x, y) = −log p(y | x, θ)
//
// θ stores the layers in order, each as W_l (column-major, out × in) then b_l.
// Gradients are by backpropagation; Hessian-vector products H·v are exact, by the
// R-operator of Pearlmutter (1994): the directional derivative R{·} = d/dt(·)(θ + t v)
// at t = 0 pushed forward through the same passes (no finite differences).
// All routines work on a batch of rows at once (columns of the activations), with a
// weight per row, so that sums over data run as matrix products.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/names.hpp>

namespace lethe {

enum class Activation { tanh, relu };
template <>
struct EnumNames<Activation> {
  static constexpr Named<Activation> entries[] = {{Activation::tanh, "tanh", "tanh"},
                                                  {Activation::relu, "relu", "ReLU"}};
};

struct MlpShape {
  int inputs = 2;
  std::vector<int> hidden = {16, 16};
  int classes = 2;
  Activation activation = Activation::tanh;
};

class Mlp {
 public:
  // InvalidArgument naming `shape.*` for inputs < 1, a hidden width < 1 or classes < 2.
  explicit Mlp(MlpShape shape);

  const MlpShape& shape() const { return shape_; }
  Eigen::Index parameter_count() const { return count_; }
  // Output units: K, or 1 for the logistic output.
  int outputs() const { return shape_.classes == 2 ? 1 : shape_.classes; }

  // Class probabilities, n×K, for the rows of x (n×inputs).
  Eigen::MatrixXd probabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const;

  // Σ_i w_i h(θ; x_i, y_i) over the rows of x; `grad` (if not null) += Σ_i w_i ∇h_i.
  double nll(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x, const Eigen::VectorXi& y,
             const Eigen::VectorXd& weights, Eigen::VectorXd* grad) const;
  // out += Σ_i w_i ∇²h_i · v (exact, R-operator). With gauss_newton, the generalised
  // Gauss–Newton product Σ_i w_i J_iᵀ (∂²h/∂z_L²) J_i v instead (J_i = ∂z_L/∂θ): the
  // Hessian without the terms that carry the network's own curvature, positive
  // semi-definite everywhere.
  void add_hvp(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x, const Eigen::VectorXi& y,
               const Eigen::VectorXd& weights, const Eigen::VectorXd& v, Eigen::VectorXd& out,
               bool gauss_newton = false) const;

  // A seeded initial θ: W_l ~ N(0, 1/in), b_l = 0 (keeps tanh units out of saturation).
  Eigen::VectorXd initial_parameters(unsigned long long seed) const;

  // Checks the shapes of θ, x (columns = inputs), y (labels in [0, K)) and the
  // weights; InvalidArgument naming `function` and the parameter.
  void check_inputs(const char* function, const Eigen::VectorXd& theta, const Eigen::MatrixXd& x,
                    const Eigen::VectorXi* y, const Eigen::VectorXd* weights) const;

 private:
  struct Layer {
    int in, out;
    Eigen::Index offset;  // of W in θ; b follows at offset + in·out
  };
  struct Pass;  // activations of one forward pass (mlp.cpp)
  void forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x, Pass& pass) const;
  // Output-layer error ∂h/∂z_L per column, and the per-column h.
  Eigen::MatrixXd output_error(const Eigen::MatrixXd& logits, const Eigen::VectorXi& y, Eigen::VectorXd& h) const;

  MlpShape shape_;
  std::vector<Layer> layers_;
  Eigen::Index count_ = 0;
};

}  // namespace lethe
