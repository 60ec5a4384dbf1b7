// Typed errors and up-front argument checks (in the style of stan-dev/math's
// check_* functions): every check names the function and the parameter, so a
// message read in a terminal or a browser console says where the bad value went in.
#pragma once

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <Eigen/Dense>

namespace lethe {

// Bad argument to a library function (shape, range, NaN/Inf, unknown id...).
class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
  // What fail_argument throws: "function: parameter 'parameter' requirement", with the
  // parameter kept so that a caller can map it to its own name for it (a CLI option).
  InvalidArgument(const std::string& function, const std::string& parameter, const std::string& requirement)
      : std::invalid_argument(function + ": parameter '" + parameter + "' " + requirement),
        parameter_(parameter),
        requirement_(requirement) {}
  // The parameter named, or empty when the thrower named none.
  const std::string& parameter() const { return parameter_; }
  // What the value had to be ("must be at least 10 (got 5)"), or empty with no parameter.
  const std::string& requirement() const { return requirement_; }

 private:
  std::string parameter_, requirement_;
};

// Malformed input text (CSV). The message names the source and the 1-based line.
class ParseError : public std::runtime_error {
 public:
  ParseError(const std::string& source, long line, const std::string& what)
      : std::runtime_error(source + ":" + std::to_string(line) + ": " + what), source_(source), line_(line) {}
  const std::string& source() const { return source_; }
  long line() const { return line_; }

 private:
  std::string source_;
  long line_;
};

// A numerical precondition failed during a computation (e.g. a Hessian that is
// not positive definite, a covariance that cannot be factorised).
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A matrix built from the caller's inputs is singular: the kernel matrix K_ZZ of
// repeated inducing inputs, say. Unlike other numerical failures this one is the
// input's fault, so a front end reports it against the input that caused it.
class SingularMatrixError : public NumericalError {
 public:
  SingularMatrixError(const std::string& function, const std::string& parameter, const std::string& what)
      : NumericalError(function + ": " + what), parameter_(parameter) {}
  // The input the matrix was built from, e.g. "inducing".
  const std::string& parameter() const { return parameter_; }

 private:
  std::string parameter_;
};

// A stored model file (or bytes given as one) that cannot be read as written: wrong
// magic, a format version newer than this build reads, a checksum that does not
// match, a truncated region. Never a crash and never a silently wrong model.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A method called out of order: a result read before it was computed, a step taken
// before training finished. The arguments may be fine; the object's state is not.
class StateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// A check of the library's own result failed: a proven bound exceeded by the
// quantity it bounds. The input is not at fault; the code or the stored state is.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

namespace detail {
template <typename T>
std::string to_text(const T& v) {
  std::ostringstream s;
  if constexpr (std::is_floating_point_v<T>) {
    // The shortest of 15 or 17 digits that reads back as v: 0.7, not 0.69999999999999996.
    s.precision(15);
    s << v;
    std::istringstream back(s.str());
    T read{};
    if (std::isfinite(v) && (!(back >> read) || read != v)) {
      s.str("");
      s.precision(17);
      s << v;
    }
  } else {
    s << v;
  }
  return s.str();
}
}  // namespace detail

[[noreturn]] inline void fail_argument(const std::string& function, const std::string& parameter,
                                       const std::string& requirement) {
  throw InvalidArgument(function, parameter, requirement);
}

inline void check_finite(const char* function, const char* parameter, double value) {
  if (!std::isfinite(value)) fail_argument(function, parameter, "must be finite (got " + detail::to_text(value) + ")");
}

template <typename Derived>
void check_finite(const char* function, const char* parameter, const Eigen::DenseBase<Derived>& values) {
  for (Eigen::Index j = 0; j < values.cols(); ++j)
    for (Eigen::Index i = 0; i < values.rows(); ++i)
      if (!std::isfinite(values(i, j)))
        fail_argument(function, parameter,
                      "must be finite (got " + detail::to_text(values(i, j)) + " at (" + std::to_string(i) + "," +
                          std::to_string(j) + "))");
}

inline void check_positive(const char* function, const char* parameter, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    fail_argument(function, parameter, "must be positive and finite (got " + detail::to_text(value) + ")");
}

inline void check_nonnegative(const char* function, const char* parameter, double value) {
  if (!(value >= 0.0) || !std::isfinite(value))
    fail_argument(function, parameter, "must be non-negative and finite (got " + detail::to_text(value) + ")");
}

inline void check_unit_interval(const char* function, const char* parameter, double value) {
  if (!(value >= 0.0 && value <= 1.0))
    fail_argument(function, parameter, "must lie in [0, 1] (got " + detail::to_text(value) + ")");
}

inline void check_size(const char* function, const char* parameter, long actual, long expected) {
  if (actual != expected)
    fail_argument(function, parameter, "has size " + std::to_string(actual) + ", expected " + std::to_string(expected));
}

inline void check_at_least(const char* function, const char* parameter, long value, long minimum) {
  if (value < minimum)
    fail_argument(function, parameter,
                  "must be at least " + std::to_string(minimum) + " (got " + std::to_string(value) + ")");
}

}  // namespace lethe
