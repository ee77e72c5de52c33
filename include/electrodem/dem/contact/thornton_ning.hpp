#pragma once
// Thornton–Ning elastic–perfectly-plastic normal law (Thornton & Ning 1998,
// Powder Technol. 99:154-162), zero surface energy.
//   yield:     a_y = pi p_y R* / (2 E*), delta_y = a_y^2 / R*, F_y = 4/3 E* sqrt(R*) delta_y^{3/2}
//   loading:   delta <= delta_y: Hertz;  delta > delta_y: F = F_y + pi p_y R* (delta - delta_y),
//              a = sqrt(R* delta)   (p_y = limiting contact pressure = mean pressure of a fully
//              plastic contact)
//   unloading / reloading below delta_max (history): Hertz with the enlarged radius of curvature
//              R_p = 4 E* a_p^3 / (3 F_p) (a_p = sqrt(R* delta_max), F_p = load at delta_max)
//              about the residual plastic overlap delta_r = delta_max - a_p^2 / R_p:
//              F = 4/3 E* sqrt(R_p) (delta - delta_r)^{3/2},  a = sqrt(R_p (delta - delta_r)).
//   The unloading curve passes through (delta_max, F_p) with contact radius a_p, which is the
//   consistency condition behind TN's restitution formula (reproduced in tests/dem).
#include <algorithm>
#include <cmath>

#include "electrodem/dem/contact/hertz.hpp"

namespace electrodem::dem {

inline double tn_yield_overlap(double r_eff, double e_eff, double p_y) {
  const double a_y = 3.14159265358979323846 * p_y * r_eff / (2.0 * e_eff);
  return a_y * a_y / r_eff;
}

// Residual (plastic) overlap after full unloading from delta_max; 0 if never yielded.
[[gnu::always_inline]] inline double tn_plastic_overlap(double delta_max, double r_eff,
                                                        double e_eff, double p_y) {
  const double dy = tn_yield_overlap(r_eff, e_eff, p_y);
  if (delta_max <= dy) return 0.0;
  const double fy = (4.0 / 3.0) * e_eff * std::sqrt(r_eff * dy) * dy;
  const double ap = std::sqrt(r_eff * delta_max);
  const double fp = fy + 3.14159265358979323846 * p_y * r_eff * (delta_max - dy);
  const double rp = 4.0 * e_eff * ap * ap * ap / (3.0 * fp);
  return delta_max - ap * ap / rp;
}

// delta_max is the per-contact history (maximum overlap reached), updated here.
// Same equations as above with fewer roots and divisions (issue 8): with q = a_y / R* =
// pi p_y / (2 E*), delta_y = q^2 R* and sqrt(R* delta_y) = q R*; a_p^2 / R_p = 3 F_p / (4 E* a_p).
[[gnu::always_inline]] inline NormalResult thornton_ning_normal(double delta, double r_eff,
                                                                double e_eff, double p_y,
                                                                double& delta_max) {
  constexpr double pi = 3.14159265358979323846;
  const double q = pi * p_y / (2.0 * e_eff);
  const double dy = q * q * r_eff;
  if (delta >= delta_max) {  // virgin loading
    delta_max = std::max(delta, 0.0);
    if (delta <= dy) return hertz_normal(delta, r_eff, e_eff);
    NormalResult out;
    const double fy = (4.0 / 3.0) * e_eff * (q * r_eff) * dy;
    out.force = fy + pi * p_y * r_eff * (delta - dy);
    out.stiffness = pi * p_y * r_eff;
    out.contact_radius = std::sqrt(r_eff * delta);
    // R_p of the unloading branch that would start here (continuous into unloading)
    out.curvature_radius = 4.0 * e_eff * out.contact_radius * r_eff * delta / (3.0 * out.force);
    out.plastic = true;
    return out;
  }
  if (delta_max <= dy) return hertz_normal(delta, r_eff, e_eff);  // elastic unloading
  const double fy = (4.0 / 3.0) * e_eff * (q * r_eff) * dy;
  const double ap = std::sqrt(r_eff * delta_max);
  const double fp = fy + pi * p_y * r_eff * (delta_max - dy);
  const double rp = 4.0 * e_eff * ap * ap * ap / (3.0 * fp);
  const double dr = delta_max - 3.0 * fp / (4.0 * e_eff * ap);  // = delta_max - a_p^2 / R_p
  NormalResult out = hertz_normal(delta - dr, rp, e_eff);
  out.plastic = true;
  return out;
}

}  // namespace electrodem::dem
