// A small SVG plotting helper for the CLI's figures: a canvas holding one or more
// rectangular panels, each with linear or log axes, lines, markers and a legend.
#pragma once

#include <string>
#include <vector>

namespace lethe::cli {

struct Series {
  std::string label;
  std::vector<double> x, y;
  std::string colour = "#0072B2";
  bool line = true;     // draw a polyline through the points
  bool markers = true;  // draw a marker at each point
  bool hollow = false;  // hollow markers (e.g. forgotten points)
  double marker_radius = 3.5;
  std::string dash;  // SVG stroke-dasharray, empty for solid
};

struct Panel {
  std::string title, x_label, y_label;
  bool log_x = false, log_y = false;
  std::vector<Series> series;
  // Extra tick labels for a log-x axis that should show 0 (e.g. λ = 0): values ≤ 0
  // are drawn at `zero_at` and labelled "0".
  double zero_at = 0.0;
};

// Lays the panels out side by side and returns the SVG text.
std::string render_svg(const std::vector<Panel>& panels, int panel_width = 420, int panel_height = 340);

// Okabe–Ito colour-blind-safe palette, by index.
const char* palette(int i);

}  // namespace lethe::cli
