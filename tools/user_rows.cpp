#include "user_rows.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <lethe/base/constants.hpp>
#include <lethe/base/csv.hpp>
#include <lethe/base/errors.hpp>
#include <lethe/model/table.hpp>
#include "cli.hpp"

namespace lethe::cli {

namespace {

// True if every comma-separated cell of `line` is a number: a line of data, not a header.
bool all_numbers(const std::string& line) {
  std::stringstream cells(line);
  std::string cell;
  bool any = false;
  while (std::getline(cells, cell, ',')) {
    const std::size_t a = cell.find_first_not_of(" \t\r");
    if (a == std::string::npos) return false;
    const std::size_t b = cell.find_last_not_of(" \t\r");
    const std::string t = cell.substr(a, b - a + 1);
    char* end = nullptr;
    errno = 0;
    (void)std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return false;
    any = true;
  }
  return any;
}

// The data as a table (model/table.hpp). A file without a header gets the header
// f1,…,fk,label; the line numbers in its errors stay the file's.
DataTable user_table(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  std::string first;
  while (std::getline(in, first) && first.find_first_not_of(" \t\r") == std::string::npos) {
  }
  if (!all_numbers(first)) return parse_data_csv(text, path);
  long columns = 1;
  for (char c : first) columns += c == ',';
  if (columns < 2) throw ParseError(path, 1, "expected at least one feature and a label per row (f1,...,fk,label)");
  std::string header;
  for (long j = 1; j < columns; ++j) header += "f" + std::to_string(j) + ",";
  header += "label\n";
  try {
    return parse_data_csv(header + text, path);
  } catch (const ParseError& e) {
    const std::string prefix = path + ":" + std::to_string(e.line()) + ": ";
    const std::string what = e.what();
    throw ParseError(path, std::max(1L, e.line() - 1),
                     what.compare(0, prefix.size(), prefix) == 0 ? what.substr(prefix.size()) : what);
  }
}

}  // namespace

UserRows read_user_rows(const std::string& path, const std::string& option) {
  return naming(option, [&] {
    const DataTable table = user_table(read_text_file(path), path);
    bool labelled = false, has_id = false;
    for (const std::string& c : table.columns) {
      labelled = labelled || c == "label";
      has_id = has_id || c == "id";
    }
    // The label: the `label` column, else the last column besides `id`.
    std::string target = "label";
    if (!labelled)
      for (const std::string& c : table.columns)
        if (c != "id") target = c;
    const LabelledTable t = rows_from_table(table, target, true, path);
    if (t.rows.x.rows() == 0) throw ParseError(path, 1, "no data rows");
    UserRows rows;
    rows.ids = t.rows.ids;
    rows.x = t.rows.x;
    rows.id_column = has_id;
    rows.labels.resize(t.rows.y.size());
    for (Eigen::Index i = 0; i < t.rows.y.size(); ++i) {
      const double v = t.rows.y[i];
      if (v < 0 || v != std::floor(v) || v >= kMaxClassLabels)
        throw InvalidArgument("row id " + std::to_string(rows.ids[std::size_t(i)]) + ": label '" + t.target_name +
                              "' " + detail::to_text(v) + " is not a non-negative integer");
      rows.labels[i] = static_cast<int>(v);
    }
    return rows;
  });
}

RowIds ids_of(const UserRows& rows, const std::string& path) {
  RowIds r;
  r.ids = rows.ids;
  r.description = rows.id_column ? "--data " + path + " (its id column)"
                                 : "--data " + path + " (no id column: ids are its data row numbers 0.." +
                                       std::to_string(static_cast<long>(rows.ids.size()) - 1) + ")";
  return r;
}

RowIds row_number_ids(Eigen::Index n, const std::string& description) {
  RowIds r;
  for (Eigen::Index i = 0; i < n; ++i) r.ids.push_back(i);
  r.description = description + " (ids 0.." + std::to_string(static_cast<long>(n) - 1) + ")";
  return r;
}

std::vector<int> forget_rows(const std::string& value, const RowIds& data, const std::string& option) {
  std::ifstream file(value);
  std::vector<std::int64_t> ids;
  if (file) {
    std::ostringstream text;
    text << file.rdbuf();
    ids = naming(option, [&] { return parse_ids(text.str(), value); });
    if (ids.empty()) throw UsageError("option --" + option + ": '" + value + "' lists no row ids");
  } else {
    const bool inline_ids = !value.empty() && value.find_first_not_of("0123456789-, ") == std::string::npos &&
                            value.find_first_of("0123456789") != std::string::npos;
    if (!inline_ids) throw UsageError("option --" + option + ": cannot read '" + value + "'");
    ids = naming(option, [&] { return parse_ids(value, "--" + option); });
  }
  std::unordered_map<std::int64_t, int> position;
  for (std::size_t i = 0; i < data.ids.size(); ++i) position.emplace(data.ids[i], static_cast<int>(i));
  std::vector<int> rows;
  std::vector<bool> taken(data.ids.size(), false);
  for (std::int64_t id : ids) {
    const auto it = position.find(id);
    if (it == position.end())
      throw UsageError("option --" + option + ": id " + std::to_string(id) + " is not a row of " + data.description);
    if (taken[std::size_t(it->second)])
      throw UsageError("option --" + option + ": id " + std::to_string(id) + " is given twice");
    taken[std::size_t(it->second)] = true;
    rows.push_back(it->second);
  }
  return rows;
}

}  // namespace lethe::cli
