// What the BNN experiment measures about a posterior's predictive distribution
// p(y|x) (n × K class probabilities, rows summing to 1).
#pragma once

#include <Eigen/Dense>

namespace lethe {

// mean_i KL[p_ref(·|x_i) ‖ p(·|x_i)] = mean_i Σ_k p_ref,ik log(p_ref,ik / p_ik),
// p floored at 1e-300 (a zero where the reference has mass is an infinite KL, capped).
double mean_categorical_kl(const Eigen::MatrixXd& reference, const Eigen::MatrixXd& p);

// Fraction of rows whose most probable class is the label (0 for no rows).
double accuracy(const Eigen::MatrixXd& p, const Eigen::VectorXi& labels);

// p_i(y_i): the probability the model gives each row's true label.
Eigen::VectorXd true_label_confidence(const Eigen::MatrixXd& p, const Eigen::VectorXi& labels);

// The membership audit: the AUC of the threshold attack "member if the confidence
// exceeds t" over all t, members against non-members, i.e. the Mann–Whitney statistic
// P(c_member > c_other) + ½ P(c_member = c_other). 0.5: the attack cannot tell them apart.
double membership_auc(const Eigen::VectorXd& members, const Eigen::VectorXd& others);

// Accuracy per class k (rows with label k), 0 for a class without rows.
Eigen::VectorXd per_class_accuracy(const Eigen::MatrixXd& p, const Eigen::VectorXi& labels, int classes);

}  // namespace lethe
