// The user's data as a CSV table: a header line of column names, then one row of
// numbers per line. The ids of the rows are the user's: the `id` column when the
// table has one (integers, unique), else the row's number among the data lines
// (0 for the first line after the header). Every malformed input is a ParseError
// naming the source and the line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include <lethe/model/model_file.hpp>

namespace lethe {

struct DataTable {
  std::vector<std::string> columns;
  Eigen::MatrixXd values;  // rows × columns
};

DataTable parse_data_csv(const std::string& text, const std::string& source);

// The columns of a table as model rows. `target`: the target column's name ("" →
// "y", else "label", else the last column); with `with_target` false (prediction
// inputs) a target column is not required and, if present, ignored. The features
// are the remaining columns in order, `id` excluded.
struct LabelledTable {
  RowTable rows;
  std::vector<std::string> feature_names;
  std::string target_name;
};
LabelledTable rows_from_table(const DataTable& table, const std::string& target, bool with_target,
                              const std::string& source);

// Integer ids, comma- or line-separated (`--ids 17,23`, an ids file).
std::vector<std::int64_t> parse_ids(const std::string& text, const std::string& source);

}  // namespace lethe
