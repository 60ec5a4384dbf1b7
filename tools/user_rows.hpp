// The user's rows as `--data FILE` (and bnn-forget's `--test FILE`) give them, and
// the ids `--forget` names — one rule with the model lifecycle (model/table.hpp,
// whose parser reads the file): a header line names the columns, and a row's id is
// its `id` column when the file has one (integers, unique), else its number among
// the data lines from 0. The experiments also take a file without a header (its
// first line all numbers): its columns are then f1,…,fk,label and its ids the row
// numbers. The label is the column named `label`, else the last column besides `id`;
// the other columns, in order, are the features. Labels are non-negative integers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace lethe::cli {

struct UserRows {
  std::vector<std::int64_t> ids;  // one per row, in file order
  Eigen::MatrixXd x;              // rows × features
  Eigen::VectorXi labels;
  bool id_column = false;  // the ids come from an `id` column (else row numbers)
};

// Reads the CSV `path` brought in by `--option`; every error is a UsageError
// naming the option ("option --data: rows.csv:3: …").
UserRows read_user_rows(const std::string& path, const std::string& option);

// The rows a command's data holds, by id: the rows of `--data` (`rows`), or data
// made by the tool, whose ids are its row numbers 0..n−1.
struct RowIds {
  std::vector<std::int64_t> ids;
  std::string description;  // for messages, e.g. "--data rows.csv (ids: its data row numbers 0..454)"
};
RowIds ids_of(const UserRows& rows, const std::string& path);
RowIds row_number_ids(Eigen::Index n, const std::string& description);

// The positions, in `data`, of the ids `--option VALUE` names, in the order given:
// VALUE is a file of ids (one a line or comma-separated) or, when no file of that
// name exists, the ids themselves ("17,23"). An id that names no row, or one given
// twice, is a UsageError naming the option and the id.
std::vector<int> forget_rows(const std::string& value, const RowIds& data, const std::string& option);

}  // namespace lethe::cli
