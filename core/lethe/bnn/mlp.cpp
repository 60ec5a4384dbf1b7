#include <lethe/bnn/mlp.hpp>

#include <cmath>
#include <utility>

#include <lethe/base/errors.hpp>
#include <lethe/base/logistic.hpp>
#include <lethe/base/rng.hpp>

namespace lethe {

namespace {
using Eigen::Index;
using Eigen::Map;
using Eigen::MatrixXd;
using Eigen::VectorXd;

}  // namespace

// One forward pass: a[0] = xᵀ (inputs × n), a[l] the hidden activations, d1[l] = φ'(z_l)
// and d2[l] = φ''(z_l) for the hidden layers (index l = 1..L−1), `logits` = z_L.
struct Mlp::Pass {
  std::vector<MatrixXd> a, d1, d2;
  MatrixXd logits;
};

Mlp::Mlp(MlpShape shape) : shape_(std::move(shape)) {
  check_at_least("Mlp", "shape.inputs", shape_.inputs, 1);
  check_at_least("Mlp", "shape.classes", shape_.classes, 2);
  for (int width : shape_.hidden) check_at_least("Mlp", "shape.hidden", width, 1);
  int in = shape_.inputs;
  std::vector<int> outs = shape_.hidden;
  outs.push_back(outputs());
  for (int out : outs) {
    layers_.push_back({in, out, count_});
    count_ += static_cast<Index>(in) * out + out;
    in = out;
  }
}

void Mlp::check_inputs(const char* function, const VectorXd& theta, const MatrixXd& x, const Eigen::VectorXi* y,
                       const VectorXd* weights) const {
  check_size(function, "theta", static_cast<long>(theta.size()), static_cast<long>(count_));
  if (x.cols() != shape_.inputs)
    fail_argument(
        function, "x",
        "has " + std::to_string(x.cols()) + " features per row, the model expects " + std::to_string(shape_.inputs));
  check_finite(function, "x", x);
  if (y != nullptr) {
    check_size(function, "labels", static_cast<long>(y->size()), static_cast<long>(x.rows()));
    for (Index i = 0; i < y->size(); ++i)
      if ((*y)[i] < 0 || (*y)[i] >= shape_.classes)
        fail_argument(function, "labels",
                      "holds " + std::to_string((*y)[i]) + " at row " + std::to_string(i) + ", outside [0, " +
                          std::to_string(shape_.classes) + ")");
  }
  if (weights != nullptr)
    check_size(function, "weights", static_cast<long>(weights->size()), static_cast<long>(x.rows()));
}

void Mlp::forward(const VectorXd& theta, const MatrixXd& x, Pass& pass) const {
  const std::size_t L = layers_.size();
  pass.a.assign(L, MatrixXd());
  pass.d1.assign(L, MatrixXd());
  pass.d2.assign(L, MatrixXd());
  pass.a[0] = x.transpose();
  for (std::size_t l = 0; l < L; ++l) {
    const Layer& layer = layers_[l];
    Map<const MatrixXd> W(theta.data() + layer.offset, layer.out, layer.in);
    Map<const VectorXd> b(theta.data() + layer.offset + Index(layer.in) * layer.out, layer.out);
    MatrixXd z = W * pass.a[l];
    z.colwise() += b;
    if (l + 1 == L) {
      pass.logits = std::move(z);
      break;
    }
    if (shape_.activation == Activation::tanh) {
      // φ = tanh: φ' = 1 − a², φ'' = −2a(1 − a²).
      MatrixXd a = z.array().tanh().matrix();
      pass.d1[l + 1] = (1.0 - a.array().square()).matrix();
      pass.d2[l + 1] = (-2.0 * a.array() * pass.d1[l + 1].array()).matrix();
      pass.a[l + 1] = std::move(a);
    } else {
      // φ = max(z, 0): φ' = 1{z > 0}, φ'' = 0 almost everywhere.
      pass.d1[l + 1] = (z.array() > 0.0).cast<double>().matrix();
      pass.d2[l + 1] = MatrixXd::Zero(z.rows(), z.cols());
      pass.a[l + 1] = z.cwiseMax(0.0);
    }
  }
}

MatrixXd Mlp::output_error(const MatrixXd& logits, const Eigen::VectorXi& y, VectorXd& h) const {
  const Index n = logits.cols();
  MatrixXd delta(logits.rows(), n);
  h.resize(n);
  for (Index i = 0; i < n; ++i) {
    if (shape_.classes == 2) {
      // h = log(1 + e^f) − y f,  ∂h/∂f = σ(f) − y.
      const double f = logits(0, i);
      h[i] = softplus(f) - y[i] * f;
      delta(0, i) = sigmoid(f) - y[i];
    } else {
      // h = logsumexp(z) − z_y,  ∂h/∂z = softmax(z) − e_y.
      const double top = logits.col(i).maxCoeff();
      const VectorXd e = (logits.col(i).array() - top).exp().matrix();
      const double total = e.sum();
      h[i] = top + std::log(total) - logits(y[i], i);
      delta.col(i) = e / total;
      delta(y[i], i) -= 1.0;
    }
  }
  return delta;
}

MatrixXd Mlp::probabilities(const VectorXd& theta, const MatrixXd& x) const {
  check_inputs("Mlp::probabilities", theta, x, nullptr, nullptr);
  Pass pass;
  forward(theta, x, pass);
  MatrixXd p(x.rows(), shape_.classes);
  for (Index i = 0; i < x.rows(); ++i) {
    if (shape_.classes == 2) {
      p(i, 1) = sigmoid(pass.logits(0, i));
      p(i, 0) = sigmoid(-pass.logits(0, i));
    } else {
      const VectorXd e = (pass.logits.col(i).array() - pass.logits.col(i).maxCoeff()).exp().matrix();
      p.row(i) = (e / e.sum()).transpose();
    }
  }
  return p;
}

double Mlp::nll(const VectorXd& theta, const MatrixXd& x, const Eigen::VectorXi& y, const VectorXd& weights,
                VectorXd* grad) const {
  Pass pass;
  forward(theta, x, pass);
  VectorXd h;
  MatrixXd delta = output_error(pass.logits, y, h);
  const double value = weights.dot(h);
  if (grad == nullptr) return value;
  // Backpropagation of the weighted error: δ_L = w∘(∂h/∂z_L);
  // ∂/∂W_l = δ_l a_{l−1}ᵀ, ∂/∂b_l = δ_l 1, δ_{l−1} = φ'(z_{l−1}) ∘ (W_lᵀ δ_l).
  delta = delta * weights.asDiagonal();
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const Layer& layer = layers_[l];
    Map<MatrixXd> gW(grad->data() + layer.offset, layer.out, layer.in);
    Map<VectorXd> gb(grad->data() + layer.offset + Index(layer.in) * layer.out, layer.out);
    gW.noalias() += delta * pass.a[l].transpose();
    gb += delta.rowwise().sum();
    if (l == 0) break;
    Map<const MatrixXd> W(theta.data() + layer.offset, layer.out, layer.in);
    delta = (pass.d1[l].array() * (W.transpose() * delta).array()).matrix();
  }
  return value;
}

void Mlp::add_hvp(const VectorXd& theta, const MatrixXd& x, const Eigen::VectorXi& y, const VectorXd& weights,
                  const VectorXd& v, VectorXd& out, bool gauss_newton) const {
  Pass pass;
  forward(theta, x, pass);
  const std::size_t L = layers_.size();
  // R-forward: R{a₀} = 0, R{z_l} = V_l a_{l−1} + W_l R{a_{l−1}} + c_l, R{a_l} = φ'(z_l) R{z_l}.
  std::vector<MatrixXd> Rz(L + 1), Ra(L);
  Ra[0] = MatrixXd::Zero(pass.a[0].rows(), pass.a[0].cols());
  for (std::size_t l = 0; l < L; ++l) {
    const Layer& layer = layers_[l];
    Map<const MatrixXd> W(theta.data() + layer.offset, layer.out, layer.in);
    Map<const MatrixXd> V(v.data() + layer.offset, layer.out, layer.in);
    Map<const VectorXd> c(v.data() + layer.offset + Index(layer.in) * layer.out, layer.out);
    MatrixXd rz = V * pass.a[l];
    if (l > 0) rz.noalias() += W * Ra[l];
    rz.colwise() += c;
    if (l + 1 < L) Ra[l + 1] = (pass.d1[l + 1].array() * rz.array()).matrix();
    Rz[l + 1] = std::move(rz);
  }
  VectorXd h;
  MatrixXd delta = output_error(pass.logits, y, h);
  // R{δ_L} = (∂²h/∂z_L²) R{z_L}: σ(1−σ)·Rf (logistic), p∘(Rz − pᵀRz) (softmax).
  const MatrixXd& rzL = Rz[L];
  MatrixXd rdelta(delta.rows(), delta.cols());
  for (Index i = 0; i < delta.cols(); ++i) {
    if (shape_.classes == 2) {
      const double s = delta(0, i) + y[i];  // σ(f)
      rdelta(0, i) = s * (1.0 - s) * rzL(0, i);
    } else {
      VectorXd p = delta.col(i);
      p[y[i]] += 1.0;
      rdelta.col(i) = (p.array() * (rzL.col(i).array() - p.dot(rzL.col(i)))).matrix();
    }
  }
  // Gauss–Newton: backpropagate R{δ_L} alone, as an ordinary error (δ ≡ 0 below).
  delta = gauss_newton ? MatrixXd::Zero(delta.rows(), delta.cols()) : MatrixXd(delta * weights.asDiagonal());
  rdelta = rdelta * weights.asDiagonal();
  // R-backward: R{∂/∂W_l} = R{δ_l} a_{l−1}ᵀ + δ_l R{a_{l−1}}ᵀ, R{∂/∂b_l} = R{δ_l} 1;
  // u = W_lᵀ δ_l, R{u} = V_lᵀ δ_l + W_lᵀ R{δ_l},
  // δ_{l−1} = φ'∘u, R{δ_{l−1}} = φ''∘R{z_{l−1}}∘u + φ'∘R{u}.
  for (std::size_t l = L; l-- > 0;) {
    const Layer& layer = layers_[l];
    Map<MatrixXd> oW(out.data() + layer.offset, layer.out, layer.in);
    Map<VectorXd> ob(out.data() + layer.offset + Index(layer.in) * layer.out, layer.out);
    oW.noalias() += rdelta * pass.a[l].transpose();
    if (l > 0 && !gauss_newton) oW.noalias() += delta * Ra[l].transpose();
    ob += rdelta.rowwise().sum();
    if (l == 0) break;
    Map<const MatrixXd> W(theta.data() + layer.offset, layer.out, layer.in);
    Map<const MatrixXd> V(v.data() + layer.offset, layer.out, layer.in);
    if (gauss_newton) {
      rdelta = (pass.d1[l].array() * (W.transpose() * rdelta).array()).matrix();
      continue;
    }
    const MatrixXd u = W.transpose() * delta;
    const MatrixXd ru = V.transpose() * delta + W.transpose() * rdelta;
    rdelta = (pass.d2[l].array() * Rz[l].array() * u.array() + pass.d1[l].array() * ru.array()).matrix();
    delta = (pass.d1[l].array() * u.array()).matrix();
  }
}

VectorXd Mlp::initial_parameters(unsigned long long seed) const {
  Rng rng(seed);
  VectorXd theta = VectorXd::Zero(count_);
  for (const Layer& layer : layers_) {
    const double scale = 1.0 / std::sqrt(static_cast<double>(layer.in));
    for (Index k = 0; k < Index(layer.in) * layer.out; ++k) theta[layer.offset + k] = scale * rng.normal();
  }
  return theta;
}

}  // namespace lethe
