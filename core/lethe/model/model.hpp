// A model that lives through its deletion requests: trained once on the user's
// rows, kept in a model file (model_file.hpp), asked to forget ids as requests
// arrive — days apart, across restarts — each answered with a certificate and a
// decision, and checked against retraining on demand.
//
// The retrain policy lives here, once: after each request the family's running
// certificate sum is compared with the residual budget; past it, the decision is
// "retrain-recommended", or with auto_retrain the family is trained from scratch on
// the rows still held ("retrained") and its sum starts again from what training
// leaves. Exact certificates never need it.
//
// A refused call (unknown or forgotten id, a request id reused for other ids, bad
// rows) throws InvalidArgument and changes nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/base/option_spec.hpp>
#include <lethe/model/family.hpp>
#include <lethe/model/membership_audit.hpp>
#include <lethe/model/model_file.hpp>
#include <lethe/model/storage.hpp>

namespace lethe {

// How a forget request is applied (Model::forget's arguments besides the ids and the
// clock), described once: `lethe forget`'s --request-id, --auto-retrain and --no-check,
// and LetheModel.forget's requestId, autoRetrain and check.
struct ForgetRequest {
  std::string request_id;     // "" → "request-<n>"
  bool auto_retrain = false;  // past the budget, retrain at once
  bool check = true;          // a proof family's bound checked against the residual it bounds
};
const OptionSet<ForgetRequest>& forget_request_option_set();

// LetheModel.retrain's and `lethe retrain`'s request id.
struct RetrainRequest {
  std::string request_id;  // "" → "retrain-<n>"
};
const OptionSet<RetrainRequest>& retrain_request_option_set();

struct TrainSpec {
  std::string family;
  OptionValues options;                    // the family's; others take their defaults
  double residual_budget = 0.0;            // 0: no budget
  std::vector<std::string> feature_names;  // empty: x1, x2, …
  std::string target_name = "y";
  std::int64_t now = 0;   // seconds since 1970 (the caller's clock)
  std::uint64_t uid = 0;  // the file's identity; 0: derived from the rows and `now`
};

struct ForgetOutcome {
  RequestRecord record;
  bool already_applied = false;  // the request id was applied before: nothing changed
  std::uint64_t rows_left = 0;
};

struct ModelStatus {
  std::uint32_t format_version;
  std::string family;
  OptionValues options;
  std::vector<std::string> feature_names;
  std::string target_name;
  std::uint64_t rows;       // still in training
  std::uint64_t forgotten;  // rows erased so far
  double residual_budget;
  double certificate_sum;  // the running sum of the last request (0 before any)
  double budget_left;      // budget − sum (infinite without a budget)
  std::vector<RequestRecord> requests;
  std::string checksum;  // 16 hex digits: the header's checksum, which covers the whole file
  std::uint64_t generation;
  std::uint64_t file_bytes;
  std::int64_t created;
};

struct VerifyReport {
  PosteriorDistance distance;  // forgotten posterior against the one retrained now
  double retrain_seconds;
  std::uint64_t rows;
  // Proof families: the proven bound on ‖θ − θ*‖ and whether the measured distance
  // is within it (the evidence for an auditor that the proof holds on this file).
  double distance_bound = -1.0;
  bool bound_holds = true;
  // The fit of the rows held by the forgotten model and by the one retrained now,
  // side by side (accuracy or RMSE: FitScore, family.hpp).
  FitScore fit_forgotten, fit_retrained;
  // With audited rows (verify's --audit): the membership audit of the forgotten
  // model against the one retrained now (membership_audit.hpp).
  std::optional<MembershipAudit> audit;
};

class Model {
 public:
  // Trains `spec.family` on `rows` and writes the model file `name` on `volume`.
  static void train(Volume& volume, const std::string& name, const RowTable& rows, const TrainSpec& spec);

  // Opens `name` (lock, recovery): see ModelStore for the errors.
  Model(Volume& volume, const std::string& name);

  // Forgets `ids` as request `request_id` ("" → "request-<n>"). `now`: the caller's clock.
  // With `check_residual`, a proof family's bound is checked against the residual it
  // bounds, measured by one pass over the rows held (certificate.actual): a bound
  // exceeded is an InternalError and nothing is written. Without it the request reads
  // only its own rows, and `actual` stays −1.
  ForgetOutcome forget(const std::vector<std::int64_t>& ids, const std::string& request_id, bool auto_retrain,
                       std::int64_t now, bool check_residual = true);
  ForgetOutcome forget(const std::vector<std::int64_t>& ids, const ForgetRequest& request, std::int64_t now) {
    return forget(ids, request.request_id, request.auto_retrain, now, request.check);
  }
  // Retrains from scratch on the rows held; logged as a request of kind "retrain".
  RequestRecord retrain(const std::string& request_id, std::int64_t now);
  // With `verify_rows`, every row page's checksum is checked too (O(file)).
  ModelStatus status(bool verify_rows) const;
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const;
  // The fit of the rows held (accuracy or RMSE; FitScore, family.hpp): O(rows held).
  FitScore score() const;
  std::vector<std::string> prediction_columns() const { return family_->prediction_columns(); }
  // Retrains a reference on the rows held and measures the forgotten posterior's
  // distance to it. `audited`: rows the model has forgotten (ids from its log, values
  // from the auditor, since the file no longer has them), for the membership audit;
  // an id still held or never held is InvalidArgument. `held_out` (needs `audited`):
  // rows of the audited rows' kind the model never saw, for the canary audit (their
  // ids are not read: they are not the model's rows).
  // `shadows` > 0 (needs `held_out`): that many shadow models, each trained on a seeded
  // half of the rows held, for the likelihood-ratio canary audit (membership_audit.hpp).
  VerifyReport verify(const RowTable* audited = nullptr, const RowTable* held_out = nullptr, int shadows = 0) const;
  // The file's bytes, self-contained (the log checkpointed into it).
  std::vector<unsigned char> bytes() { return store_.bytes(); }

  const ModelFamily& family() const { return *family_; }
  const ModelStore& store() const { return store_; }

 private:
  ModelMeta meta_with(const ModelFamily& family) const;

  ModelStore store_;
  std::unique_ptr<ModelFamily> family_;
};

// Rows from the alive part of a table, as a family trains on them.
TrainingRows training_rows(const RowTable& rows);

}  // namespace lethe
