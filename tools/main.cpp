// `lethe`: the native command-line tool. One subcommand per experiment.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <lethe/base/version.hpp>
#include <lethe/model/model_file.hpp>

#include "cli.hpp"

namespace {
const char* kUsage =
    "usage: lethe <command> [options]\n"
    "model lifecycle (your data, kept in a model file):\n"
    "  train        train a model on a CSV and write it to a model file (.lethe)\n"
    "  forget       forget rows by id, with a certificate and a decision\n"
    "  status       rows, requests, budget and checksum of a model file\n"
    "  predict      predictions of a model file on new rows\n"
    "  verify       retrain from scratch and measure the forgotten model against it\n"
    "  retrain      retrain a model file from scratch on the rows it holds\n"
    "  model-bench  train, open, forget (durably) and retrain timed at 1e4..1e6 rows\n"
    "  certified-bench  certified removal on Fashion-MNIST and digits 3 vs 8: accuracy vs eps,\n"
    "               removals before retraining vs lambda and sigma, removal vs retraining time\n"
    "experiments:\n"
    "  moons-kl     variational unlearning on two moons: KL vs lambda (EUBO, reverse KL)\n"
    "  gmm-forget   Bayesian inference forgetting on the Gaussian mixture (SGHMC/SGLD/VI)\n"
    "  bif-rate     the O(1/n^2) error of the influence step, measured\n"
    "  bnn-forget   forgetting from a Bayesian neural network (moons, spirals, digits)\n"
    "  scale        forgetting vs retraining from 1e3 to 1e6 points (exact, variational, BIF)\n";
}

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  if (command == "--version") {
    std::cout << "lethe " << lethe::kVersion << " (model file format " << lethe::kModelFormatVersion << ")\n";
    return 0;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "train") return lethe::cli::train_main(args);
    if (command == "forget") return lethe::cli::forget_main(args);
    if (command == "status") return lethe::cli::status_main(args);
    if (command == "predict") return lethe::cli::predict_main(args);
    if (command == "verify") return lethe::cli::verify_main(args);
    if (command == "retrain") return lethe::cli::retrain_main(args);
    if (command == "model-bench") return lethe::cli::model_bench_main(args);
    if (command == "certified-bench") return lethe::cli::certified_bench_main(args);
    if (command == "moons-kl") return lethe::cli::moons_kl_main(args);
    if (command == "gmm-forget") return lethe::cli::gmm_forget_main(args);
    if (command == "bif-rate") return lethe::cli::bif_rate_main(args);
    if (command == "bnn-forget") return lethe::cli::bnn_forget_main(args);
    if (command == "scale") return lethe::cli::scale_main(args);
    std::cerr << "lethe: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const lethe::cli::UsageError& e) {
    std::cerr << "lethe " << command << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "lethe " << command << ": " << e.what() << "\n";
    return 1;
  }
}
