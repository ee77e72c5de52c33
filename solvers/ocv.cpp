#include "electrodem/solvers/ocv.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace electrodem::solvers {

namespace {
// Node slope of the monotone piecewise-cubic Hermite interpolant (Fritsch &
// Carlson, SIAM J. Numer. Anal. 17 (1980) 238, with the Fritsch-Butland
// weighted harmonic mean); end nodes take the secant of their segment.
double node_slope(const std::vector<double>& xs, const std::vector<double>& ys, std::size_t k) {
  const std::size_t n = xs.size();
  if (k == 0) return (ys[1] - ys[0]) / (xs[1] - xs[0]);
  if (k == n - 1) return (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]);
  const double h0 = xs[k] - xs[k - 1], h1 = xs[k + 1] - xs[k];
  const double d0 = (ys[k] - ys[k - 1]) / h0, d1 = (ys[k + 1] - ys[k]) / h1;
  if (d0 * d1 <= 0.0) return 0.0;
  const double w1 = 2.0 * h1 + h0, w2 = h1 + 2.0 * h0;
  return (w1 + w2) / (w1 / d0 + w2 / d1);
}
}  // namespace

ValueSlope interpolate(const dem::Table1D& t, double x) {
  const auto& xs = t.x;
  const auto& ys = t.y;
  const std::size_t n = xs.size();
  // Outside the table: linear continuation with the end slope.
  if (x <= xs[0]) {
    const double d = node_slope(xs, ys, 0);
    return {ys[0] + d * (x - xs[0]), d};
  }
  if (x >= xs[n - 1]) {
    const double d = node_slope(xs, ys, n - 1);
    return {ys[n - 1] + d * (x - xs[n - 1]), d};
  }
  const std::size_t k =
      static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin()) - 1;
  const double h = xs[k + 1] - xs[k], s = (x - xs[k]) / h;
  const double m0 = node_slope(xs, ys, k) * h, m1 = node_slope(xs, ys, k + 1) * h;
  const double s2 = s * s, s3 = s2 * s;
  const double v = (2 * s3 - 3 * s2 + 1) * ys[k] + (s3 - 2 * s2 + s) * m0 +
                   (-2 * s3 + 3 * s2) * ys[k + 1] + (s3 - s2) * m1;
  const double dv = (6 * s2 - 6 * s) * ys[k] + (3 * s2 - 4 * s + 1) * m0 +
                    (-6 * s2 + 6 * s) * ys[k + 1] + (3 * s2 - 2 * s) * m1;
  return {v, dv / h};
}

double ocv_nmc811_chen2020(double x) {
  // Chen et al. 2020, JES 167 080534 (PyBaMM nmc_LGM50_ocp_Chen2020).
  return -0.8090 * x + 4.4875 - 0.0428 * std::tanh(18.5138 * (x - 0.5542)) -
         17.7326 * std::tanh(15.7890 * (x - 0.3117)) + 17.5842 * std::tanh(15.9308 * (x - 0.3120));
}

OcvCurve::OcvCurve(const dem::Table1D& table, int samples) {
  const double lo = table.x.front(), hi = table.x.back();
  double xi = 0.0;
  for (int i = 0; i < samples; ++i) {
    const double x = lo + (hi - lo) * i / (samples - 1);
    const double u = interpolate(table, x).value;
    if (i > 0) xi += std::hypot(x - x_.back(), u - u_.back());
    xi_.push_back(xi);
    x_.push_back(x);
    u_.push_back(u);
  }
}

namespace {
// Segment of a sorted vector holding v (end segments continue outward).
std::size_t segment(const std::vector<double>& v, double at) {
  if (at <= v.front()) return 0;
  if (at >= v.back()) return v.size() - 2;
  return static_cast<std::size_t>(std::upper_bound(v.begin(), v.end(), at) - v.begin()) - 1;
}

// Cubic Hermite on [t0, t0 + h] with end values y0, y1 and end slopes d0, d1.
ValueSlope hermite(double t, double t0, double h, double y0, double y1, double d0, double d1) {
  const double s = (t - t0) / h, s2 = s * s, s3 = s2 * s;
  const double m0 = d0 * h, m1 = d1 * h;
  return {(2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * y1 +
              (s3 - s2) * m1,
          ((6 * s2 - 6 * s) * y0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * y1 +
           (3 * s2 - 2 * s) * m1) /
              h};
}
}  // namespace

// x(xi) and U(xi) are monotone cubic Hermite interpolants of the dense samples
// (C1: Newton on a piecewise-linear curve can cycle across a sample point).
OcvCurve::Point OcvCurve::at(double xi) const {
  const std::size_t n = xi_.size();
  if (xi <= xi_[0] || xi >= xi_[n - 1]) {  // linear continuation with the end slopes
    const std::size_t k = xi <= xi_[0] ? 0 : n - 1;
    const double dx = node_slope(xi_, x_, k), du = node_slope(xi_, u_, k);
    return {x_[k] + dx * (xi - xi_[k]), dx, u_[k] + du * (xi - xi_[k]), du};
  }
  const std::size_t k = segment(xi_, xi);
  const double h = xi_[k + 1] - xi_[k];
  const ValueSlope x =
      hermite(xi, xi_[k], h, x_[k], x_[k + 1], node_slope(xi_, x_, k), node_slope(xi_, x_, k + 1));
  const ValueSlope u =
      hermite(xi, xi_[k], h, u_[k], u_[k + 1], node_slope(xi_, u_, k), node_slope(xi_, u_, k + 1));
  return {x.value, x.slope, u.value, u.slope};
}

double OcvCurve::xi_of_x(double x) const {
  // Inverse of the monotone x(xi): bracketed Newton on the segment holding x.
  const std::size_t n = x_.size();
  if (x <= x_[0] || x >= x_[n - 1]) {
    const std::size_t k = x <= x_[0] ? 0 : n - 1;
    return xi_[k] + (x - x_[k]) / node_slope(xi_, x_, k);
  }
  const std::size_t k = segment(x_, x);
  double lo = xi_[k], hi = xi_[k + 1];
  double xi = lo + (hi - lo) * (x - x_[k]) / (x_[k + 1] - x_[k]);
  for (int it = 0; it < 60; ++it) {
    const Point p = at(xi);
    const double f = p.x - x;
    if (f == 0.0) break;
    (f > 0 ? hi : lo) = xi;
    double next = xi - f / p.dx;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::abs(next - xi) <= 1e-16 * (1.0 + std::abs(xi))) {
      xi = next;
      break;
    }
    xi = next;
  }
  return xi;
}

double OcvCurve::u_of_x(double x) const {
  return at(xi_of_x(x)).u;
}

std::string check_table(const dem::Table1D& t) {
  if (t.x.size() < 2 || t.x.size() != t.y.size())
    return "an OCV table needs at least two (x, U) points of equal length";
  for (std::size_t i = 0; i < t.x.size(); ++i) {
    if (!std::isfinite(t.x[i]) || !std::isfinite(t.y[i])) return "non-finite value in table";
    if (i > 0 && !(t.x[i] > t.x[i - 1])) return "table x values must increase strictly";
  }
  return {};
}

}  // namespace electrodem::solvers
