#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace lethe::cli {

const char* palette(int i) {
  static const char* colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                  "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  return colours[i % 8];
}

namespace {

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

std::string tick_text(double v) {
  char b[32];
  if (v != 0 && (std::fabs(v) < 1e-3 || std::fabs(v) >= 1e4))
    std::snprintf(b, sizeof b, "%.0e", v);
  else
    std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::string escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else
      o += c;
  }
  return o;
}

struct Axis {
  bool log;
  double lo, hi;
  double map(double v, double a, double b) const {
    double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
    return a + t * (b - a);
  }
  std::vector<double> ticks() const {
    std::vector<double> t;
    if (log) {
      int a = static_cast<int>(std::floor(std::log10(lo)));
      int b = static_cast<int>(std::ceil(std::log10(hi)));
      int step = std::max(1, (b - a) / 6);
      for (int e = a; e <= b; e += step) {
        double v = std::pow(10.0, e);
        if (v >= lo * 0.999 && v <= hi * 1.001) t.push_back(v);
      }
    } else {
      double span = hi - lo;
      double raw = span / 5;
      double mag = std::pow(10.0, std::floor(std::log10(raw)));
      double step = mag * (raw / mag >= 5 ? 5 : raw / mag >= 2 ? 2 : 1);
      for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step)
        t.push_back(std::fabs(v) < 1e-12 * span ? 0.0 : v);
    }
    return t;
  }
};

Axis make_axis(const std::vector<double>& values, bool log) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : values) {
    if (!std::isfinite(v) || (log && v <= 0)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!std::isfinite(lo)) {
    lo = log ? 1e-3 : 0;
    hi = 1;
  }
  if (log) {
    lo = std::pow(10.0, std::floor(std::log10(lo)));
    hi = std::pow(10.0, std::ceil(std::log10(hi)));
    if (hi <= lo) hi = lo * 10;
  } else {
    double pad = hi > lo ? 0.05 * (hi - lo) : 1.0;
    lo -= pad;
    hi += pad;
  }
  return {log, lo, hi};
}

void render_panel(std::ostringstream& o, const Panel& p, double ox, double oy, double w, double h) {
  const double left = ox + 62, right = ox + w - 14, top = oy + 34, bottom = oy + h - 46;
  std::vector<double> xs, ys;
  for (const auto& s : p.series) {
    for (double v : s.x) xs.push_back(p.log_x && v <= 0 ? p.zero_at : v);
    ys.insert(ys.end(), s.y.begin(), s.y.end());
  }
  Axis ax = make_axis(xs, p.log_x), ay = make_axis(ys, p.log_y);
  o << "<text x='" << fmt((left + right) / 2) << "' y='" << fmt(oy + 20)
    << "' text-anchor='middle' font-size='14' font-weight='600'>" << escape(p.title) << "</text>\n";
  o << "<rect x='" << fmt(left) << "' y='" << fmt(top) << "' width='" << fmt(right - left) << "' height='"
    << fmt(bottom - top) << "' fill='none' stroke='#444'/>\n";
  for (double t : ax.ticks()) {
    double px = ax.map(t, left, right);
    o << "<line x1='" << fmt(px) << "' y1='" << fmt(bottom) << "' x2='" << fmt(px) << "' y2='" << fmt(bottom + 4)
      << "' stroke='#444'/><text x='" << fmt(px) << "' y='" << fmt(bottom + 16)
      << "' text-anchor='middle' font-size='11'>" << (p.log_x && p.zero_at > 0 && t == p.zero_at ? "0" : tick_text(t))
      << "</text>\n";
  }
  for (double t : ay.ticks()) {
    double py = ay.map(t, bottom, top);
    o << "<line x1='" << fmt(left - 4) << "' y1='" << fmt(py) << "' x2='" << fmt(right) << "' y2='" << fmt(py)
      << "' stroke='#ddd'/><text x='" << fmt(left - 6) << "' y='" << fmt(py + 4)
      << "' text-anchor='end' font-size='11'>" << tick_text(t) << "</text>\n";
  }
  o << "<text x='" << fmt((left + right) / 2) << "' y='" << fmt(oy + h - 12) << "' text-anchor='middle' font-size='12'>"
    << escape(p.x_label) << "</text>\n";
  o << "<text transform='translate(" << fmt(ox + 16) << "," << fmt((top + bottom) / 2)
    << ") rotate(-90)' text-anchor='middle' font-size='12'>" << escape(p.y_label) << "</text>\n";
  int legend_row = 0;
  for (const auto& s : p.series) {
    std::string points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      double xv = p.log_x && s.x[i] <= 0 ? p.zero_at : s.x[i];
      if (!std::isfinite(s.y[i]) || (p.log_y && s.y[i] <= 0)) continue;
      double px = ax.map(xv, left, right), py = ay.map(s.y[i], bottom, top);
      points += fmt(px) + "," + fmt(py) + " ";
      if (s.markers)
        o << "<circle cx='" << fmt(px) << "' cy='" << fmt(py) << "' r='" << fmt(s.marker_radius) << "' fill='"
          << (s.hollow ? "none" : s.colour) << "' stroke='" << s.colour << "'/>\n";
    }
    if (s.line && !points.empty())
      o << "<polyline points='" << points << "' fill='none' stroke='" << s.colour << "' stroke-width='2'"
        << (s.dash.empty() ? "" : " stroke-dasharray='" + s.dash + "'") << "/>\n";
    if (!s.label.empty()) {
      double ly = top + 14 + 16 * legend_row++;
      o << "<line x1='" << fmt(right - 120) << "' y1='" << fmt(ly - 4) << "' x2='" << fmt(right - 100) << "' y2='"
        << fmt(ly - 4) << "' stroke='" << s.colour << "' stroke-width='2'"
        << (s.dash.empty() ? "" : " stroke-dasharray='" + s.dash + "'") << "/><text x='" << fmt(right - 95) << "' y='"
        << fmt(ly) << "' font-size='11'>" << escape(s.label) << "</text>\n";
    }
  }
}

}  // namespace

std::string render_svg(const std::vector<Panel>& panels, int panel_width, int panel_height) {
  std::ostringstream o;
  int width = panel_width * static_cast<int>(panels.size());
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << panel_height << "' viewBox='0 0 "
    << width << " " << panel_height
    << "' font-family='system-ui, sans-serif'>\n<rect width='100%' height='100%' fill='white'/>\n";
  for (std::size_t i = 0; i < panels.size(); ++i)
    render_panel(o, panels[i], static_cast<double>(i) * panel_width, 0, panel_width, panel_height);
  o << "</svg>\n";
  return o.str();
}

}  // namespace lethe::cli
