#include <lethe/model/table.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include <lethe/base/errors.hpp>

namespace lethe {
namespace {

std::string trim(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const std::size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, separator)) out.push_back(trim(cell));
  if (!line.empty() && line.back() == separator) out.push_back("");
  return out;
}

bool parse_number(const std::string& cell, double& value) {
  if (cell.empty()) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size() && errno != ERANGE;
}

}  // namespace

DataTable parse_data_csv(const std::string& text, const std::string& source) {
  DataTable table;
  std::vector<std::vector<double>> rows;
  std::istringstream in(text);
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (trim(line).empty()) continue;
    const std::vector<std::string> cells = split(line, ',');
    if (table.columns.empty()) {
      for (const std::string& c : cells) {
        double ignored;
        if (parse_number(c, ignored))
          throw ParseError(source, number, "the first line must name the columns (got the number '" + c + "')");
        if (c.empty()) throw ParseError(source, number, "a column has no name");
        if (std::find(table.columns.begin(), table.columns.end(), c) != table.columns.end())
          throw ParseError(source, number, "column '" + c + "' appears twice");
        table.columns.push_back(c);
      }
      continue;
    }
    if (cells.size() != table.columns.size())
      throw ParseError(
          source, number,
          "has " + std::to_string(cells.size()) + " fields, the header " + std::to_string(table.columns.size()));
    std::vector<double> values(cells.size());
    for (std::size_t j = 0; j < cells.size(); ++j)
      if (!parse_number(cells[j], values[j]) || !std::isfinite(values[j]))
        throw ParseError(source, number,
                         "column '" + table.columns[j] + "': '" + cells[j] + "' is not a finite number");
    rows.push_back(std::move(values));
  }
  if (table.columns.empty()) throw ParseError(source, 1, "no header line (the file is empty)");
  table.values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(table.columns.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      table.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
  return table;
}

LabelledTable rows_from_table(const DataTable& table, const std::string& target, bool with_target,
                              const std::string& source) {
  const auto column = [&](const std::string& name) -> long {
    const auto it = std::find(table.columns.begin(), table.columns.end(), name);
    return it == table.columns.end() ? -1 : static_cast<long>(it - table.columns.begin());
  };
  const long id_column = column("id");
  long target_column = -1;
  if (!target.empty()) {
    target_column = column(target);
    if (target_column < 0 && with_target) throw ParseError(source, 1, "no column named '" + target + "' (the target)");
  } else {
    target_column = column("y") >= 0 ? column("y") : column("label");
    if (target_column < 0 && with_target) {
      target_column = static_cast<long>(table.columns.size()) - 1;
      if (target_column == id_column) target_column = -1;
    }
  }
  LabelledTable out;
  out.target_name = target_column >= 0 ? table.columns[static_cast<std::size_t>(target_column)] : "";
  std::vector<Eigen::Index> features;
  for (std::size_t j = 0; j < table.columns.size(); ++j)
    if (static_cast<long>(j) != id_column && static_cast<long>(j) != target_column) {
      features.push_back(static_cast<Eigen::Index>(j));
      out.feature_names.push_back(table.columns[j]);
    }
  if (with_target && target_column < 0) throw ParseError(source, 1, "no target column");
  if (features.empty()) throw ParseError(source, 1, "no feature column (besides id and the target)");
  const Eigen::Index n = table.values.rows();
  out.rows.x.resize(n, static_cast<Eigen::Index>(features.size()));
  out.rows.y = with_target ? Eigen::VectorXd(table.values.col(target_column)) : Eigen::VectorXd::Zero(n);
  for (std::size_t j = 0; j < features.size(); ++j)
    out.rows.x.col(static_cast<Eigen::Index>(j)) = table.values.col(features[j]);
  std::set<std::int64_t> seen;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::int64_t id = i;
    if (id_column >= 0) {
      const double v = table.values(i, id_column);
      if (v != std::floor(v) || std::fabs(v) > 9.0e15)
        throw ParseError(source, i + 2, "id " + detail::to_text(v) + " is not an integer");
      id = static_cast<std::int64_t>(v);
      if (!seen.insert(id).second) throw ParseError(source, i + 2, "id " + std::to_string(id) + " appears twice");
    }
    out.rows.ids.push_back(id);
  }
  return out;
}

std::vector<std::int64_t> parse_ids(const std::string& text, const std::string& source) {
  std::vector<std::int64_t> ids;
  std::istringstream in(text);
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    for (const std::string& cell : split(line, ',')) {
      if (cell.empty()) continue;
      char* end = nullptr;
      errno = 0;
      const long long v = std::strtoll(cell.c_str(), &end, 10);
      if (end != cell.c_str() + cell.size() || errno == ERANGE)
        throw ParseError(source, number, "'" + cell + "' is not an integer id");
      ids.push_back(v);
    }
  }
  return ids;
}

}  // namespace lethe
