// Reading and writing the CSV formats Lethe accepts:
//   labelled points   x1,x2,label   (label an integer)
//   plain points      x1,x2         (e.g. inducing inputs)
//   1-D series        x,y
// A first line that does not parse as numbers is taken as a header. Blank lines
// are skipped. Every malformed input throws ParseError naming the source and line.
#pragma once

#include <string>

#include <lethe/base/datasets.hpp>

namespace lethe {

LabelledPoints parse_labelled_csv(const std::string& text, const std::string& source);
Eigen::MatrixXd parse_points_csv(const std::string& text, const std::string& source);
Series1D parse_series_csv(const std::string& text, const std::string& source);

std::string format_labelled_csv(const LabelledPoints& data);
std::string format_series_csv(const Series1D& data);

// File variants (native tools): read the whole file, then parse with the path as source.
std::string read_text_file(const std::string& path);
LabelledPoints read_labelled_csv(const std::string& path);
Eigen::MatrixXd read_points_csv(const std::string& path);
void write_text_file(const std::string& path, const std::string& text);

}  // namespace lethe
