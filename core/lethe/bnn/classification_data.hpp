// Labelled data for the Bayesian neural network: any number of features, classes
// 0..K−1; the generated 2-D sets (moons, two spirals), the digits CSV, a seeded
// train/test split and the forget scenarios.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace lethe {

struct ClassificationData {
  Eigen::MatrixXd x;       // n × features
  Eigen::VectorXi labels;  // n, in [0, classes)
  int classes = 0;
  Eigen::Index size() const { return x.rows(); }
  int features() const { return static_cast<int>(x.cols()); }
};

// Throws InvalidArgument naming `function` and 'labels'/'x' unless x is finite,
// labels match x in length, lie in [0, classes) and at least two classes occur.
void check_classification_data(const ClassificationData& data, const char* function);

// Two interleaved spirals (the classic two-spirals problem): point j of class c
// (c = 0, 1; ⌊n/2⌋ and n − ⌊n/2⌋ points) at angle t = 3π·u (u evenly spaced on
// [0.05, 1]) and radius r = t/(3π)·2, rotated by cπ; then N(0, noise²) on each
// coordinate. Deterministic in the seed (lethe::Rng).
ClassificationData make_two_spirals(int n, double noise, std::uint64_t seed);
// make_moons (base/datasets.hpp) as ClassificationData.
ClassificationData make_moons_data(int n, double noise, std::uint64_t seed);

// Rows `f1,…,fk,label` (k ≥ 1, the same k on every row; an optional header line;
// blank lines skipped); labels non-negative integers, classes = max label + 1.
// ParseError naming source and line for malformed rows.
ClassificationData parse_classification_csv(const std::string& text, const std::string& source);
ClassificationData read_classification_csv(const std::string& path);

// The UCI 8×8 digits as the repository ships them (data/digits.csv: 64 pixel counts
// 0–16 and the digit), pixels scaled to [0, 1] (divided by 16), the scale every
// experiment on them uses.
constexpr double kDigitsPixelMax = 16.0;
ClassificationData read_uci_digits(const std::string& path);

// Rows `ids` of `data`, in order.
ClassificationData select_rows(const ClassificationData& data, const std::vector<int>& ids);

// A fixed split by seed: the rows shuffled (Fisher–Yates with lethe::Rng), the first
// round(test_fraction·n) are the test rows, the rest the training rows (both sorted).
struct TrainTestSplit {
  std::vector<int> train, test;
};
TrainTestSplit train_test_split(int n, double test_fraction, std::uint64_t seed);

// Forget scenarios on a training set (ids into it, sorted):
//   "class:K"  every row of class K
//   "random:P" round(P·n) rows drawn with the seed (0 < P < 1)
//   "tip"      2-D only: the 10 % of rows with the largest x1
// InvalidArgument naming `function` and 'scenario' for an unknown or malformed one,
// an unknown class, or a scenario that would forget every row or leave one class.
std::vector<int> scenario_ids(const ClassificationData& train, const std::string& scenario, std::uint64_t seed,
                              const char* function);

// Checks a forget list against a training set: non-empty, in range, no repeats, not
// every row, and at least two classes left (the model must still be a classifier).
void check_forget_ids(const ClassificationData& train, const std::vector<int>& ids, const char* function,
                      const char* parameter);

}  // namespace lethe
