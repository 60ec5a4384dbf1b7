#include <lethe/base/csv.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include <lethe/base/errors.hpp>

namespace lethe {

namespace {

struct Row {
  long line;
  std::vector<std::string> fields;
};

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::vector<Row> split_rows(const std::string& text) {
  std::vector<Row> rows;
  std::istringstream in(text);
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (trim(line).empty()) continue;
    Row row{number, {}};
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) row.fields.push_back(trim(field));
    if (!line.empty() && trim(line).back() == ',') row.fields.push_back("");
    rows.push_back(std::move(row));
  }
  return rows;
}

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool looks_like_header(const Row& row) {
  double v;
  for (const auto& f : row.fields)
    if (parse_number(f, v)) return false;
  return true;
}

// Parses every row as `columns` finite numbers; the first row may be a header.
std::vector<std::vector<double>> parse_numeric(const std::string& text, const std::string& source, std::size_t columns,
                                               const char* format) {
  std::vector<Row> rows = split_rows(text);
  if (rows.empty()) throw ParseError(source, 1, std::string("empty file: expected rows of ") + format);
  std::size_t first = looks_like_header(rows.front()) ? 1 : 0;
  if (first == rows.size())
    throw ParseError(source, rows.front().line, std::string("no data rows after the header: expected ") + format);
  std::vector<std::vector<double>> values;
  for (std::size_t r = first; r < rows.size(); ++r) {
    const Row& row = rows[r];
    if (row.fields.size() != columns)
      throw ParseError(source, row.line,
                       "expected " + std::to_string(columns) + " fields (" + format + "), found " +
                           std::to_string(row.fields.size()));
    std::vector<double> parsed(columns);
    for (std::size_t c = 0; c < columns; ++c) {
      if (row.fields[c].empty()) throw ParseError(source, row.line, "field " + std::to_string(c + 1) + " is missing");
      if (!parse_number(row.fields[c], parsed[c]))
        throw ParseError(source, row.line,
                         "field " + std::to_string(c + 1) + " '" + row.fields[c] + "' is not a number");
      if (!std::isfinite(parsed[c]))
        throw ParseError(source, row.line, "field " + std::to_string(c + 1) + " '" + row.fields[c] + "' is not finite");
    }
    values.push_back(std::move(parsed));
  }
  return values;
}

std::string number_text(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

}  // namespace

LabelledPoints parse_labelled_csv(const std::string& text, const std::string& source) {
  auto values = parse_numeric(text, source, 3, "x1,x2,label");
  // Recover the line numbers to name the row of a bad label.
  std::vector<Row> rows = split_rows(text);
  const std::size_t first = looks_like_header(rows.front()) ? 1 : 0;
  const auto n = static_cast<Eigen::Index>(values.size());
  LabelledPoints d{Eigen::MatrixXd(n, 2), Eigen::VectorXi(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& v = values[static_cast<std::size_t>(i)];
    if (v[2] != std::floor(v[2]) || std::fabs(v[2]) > 1e9)
      throw ParseError(source, rows[first + static_cast<std::size_t>(i)].line,
                       "label '" + rows[first + static_cast<std::size_t>(i)].fields[2] + "' is not an integer");
    d.x(i, 0) = v[0];
    d.x(i, 1) = v[1];
    d.labels[i] = static_cast<int>(v[2]);
  }
  return d;
}

Eigen::MatrixXd parse_points_csv(const std::string& text, const std::string& source) {
  auto values = parse_numeric(text, source, 2, "x1,x2");
  Eigen::MatrixXd m(static_cast<Eigen::Index>(values.size()), 2);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    m.row(i) << values[static_cast<std::size_t>(i)][0], values[static_cast<std::size_t>(i)][1];
  return m;
}

Series1D parse_series_csv(const std::string& text, const std::string& source) {
  auto values = parse_numeric(text, source, 2, "x,y");
  const auto n = static_cast<Eigen::Index>(values.size());
  Series1D s{Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    s.x[i] = values[static_cast<std::size_t>(i)][0];
    s.y[i] = values[static_cast<std::size_t>(i)][1];
  }
  return s;
}

std::string format_labelled_csv(const LabelledPoints& data) {
  std::string out = "x1,x2,label\n";
  for (Eigen::Index i = 0; i < data.size(); ++i)
    out += number_text(data.x(i, 0)) + "," + number_text(data.x(i, 1)) + "," + std::to_string(data.labels[i]) + "\n";
  return out;
}

std::string format_series_csv(const Series1D& data) {
  std::string out = "x,y\n";
  for (Eigen::Index i = 0; i < data.size(); ++i) out += number_text(data.x[i]) + "," + number_text(data.y[i]) + "\n";
  return out;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError(path, 0, "cannot open file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

LabelledPoints read_labelled_csv(const std::string& path) { return parse_labelled_csv(read_text_file(path), path); }
Eigen::MatrixXd read_points_csv(const std::string& path) { return parse_points_csv(read_text_file(path), path); }

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw InvalidArgument("write_text_file: parameter 'path' cannot be written: " + path);
  out << text;
}

}  // namespace lethe
