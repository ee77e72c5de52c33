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
