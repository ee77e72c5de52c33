#include "electrodem/dem/contact/viscous_damping.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace electrodem::dem {

// Dimensionless Hertz collision (lengths by the undamped maximum overlap x0, times by x0/v0):
// energy 1/2 m v0^2 = 2/5 k x0^{5/2} gives X'' = -5/4 X^{3/2} - c beta X^{1/4} X' with
// c = 2 sqrt(5/6) sqrt(3/2 * 5/4) (from S = 3/2 k x^{1/2} and gamma = 2 sqrt(5/6) beta sqrt(S m)).
double hertz_restitution(double beta, bool clip_at_zero) {
  if (beta <= 0.0) return 1.0;
  const double c = 1.8257418583505538 * std::sqrt(1.875) * beta;
  auto acc = [c, clip_at_zero](double x, double v) {
    if (x <= 0.0) return 0.0;
    const double f = 1.25 * x * std::sqrt(x) + c * std::sqrt(std::sqrt(x)) * v;
    return f > 0.0 || !clip_at_zero ? -f : 0.0;  // clipped: no attraction
  };
  double x = 0.0, v = 1.0;
  const double h = 1e-3;  // contact lasts ~3.2 time units; vs h = 2e-4: |de| < 1e-5
  for (int k = 0; k < 200000; ++k) {
    const double k1x = v, k1v = acc(x, v);
    const double k2x = v + 0.5 * h * k1v, k2v = acc(x + 0.5 * h * k1x, v + 0.5 * h * k1v);
    const double k3x = v + 0.5 * h * k2v, k3v = acc(x + 0.5 * h * k2x, v + 0.5 * h * k2v);
    const double k4x = v + h * k3v, k4v = acc(x + h * k3x, v + h * k3v);
    x += h / 6.0 * (k1x + 2 * k2x + 2 * k3x + k4x);
    v += h / 6.0 * (k1v + 2 * k2v + 2 * k3v + k4v);
    if (v < 0.0 && (x <= 0.0 || acc(x, v) == 0.0)) return -v;
  }
  return 0.0;  // fully damped (never separated)
}

double damping_beta_for_restitution(double e) {
  if (!(e > 0.0 && e <= 1.0)) throw std::invalid_argument("restitution must lie in (0, 1]");
  if (e >= 1.0) return 0.0;
  double lo = 0.0, hi = 1.0;
  while (hertz_restitution(hi) > e) hi *= 2.0;  // e(beta) decreases monotonically
  for (int it = 0; it < 40; ++it) {
    const double mid = 0.5 * (lo + hi);
    (hertz_restitution(mid) > e ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace electrodem::dem
