#include "electrodem/solvers/ocv.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace electrodem::solvers {

ValueSlope interpolate(const dem::Table1D& t, double x) {
  const auto& xs = t.x;
  const auto& ys = t.y;
  const std::size_t n = xs.size();
  // Segment k spans [xs[k], xs[k+1]]; end segments extend beyond the table.
  std::size_t k = 0;
  if (x >= xs[n - 1]) {
    k = n - 2;
  } else if (x > xs[0]) {
    k = static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin()) - 1;
  }
  const double slope = (ys[k + 1] - ys[k]) / (xs[k + 1] - xs[k]);
  return {ys[k] + slope * (x - xs[k]), slope};
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
