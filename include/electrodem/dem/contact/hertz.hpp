#pragma once
// Hertz elastic normal law (Hertz 1882; Johnson, Contact Mechanics 1985, §4.2):
//   F = 4/3 E* sqrt(R*) delta^{3/2},  a = sqrt(R* delta),  dF/ddelta = 2 E* a.
#include <cmath>

namespace electrodem::dem {

// Result of any normal law at one contact.
struct NormalResult {
  double force = 0.0;             // elastic(-plastic) normal force, >= 0 [N]
  double stiffness = 0.0;         // tangent stiffness dF/ddelta [N/m] (for damping and dt)
  double contact_radius = 0.0;    // a [m]; 0 when the contact carries no load
  double curvature_radius = 0.0;  // R of the contact geometry (R* or the plastic R_p) [m]
  bool plastic = false;           // contact has yielded at some time
  bool elastic = false;           // stiffness is the Hertz 2 E* a (shares sqrt(a m*), kernel)
};

[[gnu::always_inline]] inline NormalResult hertz_normal(double delta, double r_eff, double e_eff) {
  NormalResult out;
  if (delta <= 0.0) return out;
  const double a = std::sqrt(r_eff * delta);
  out.contact_radius = a;
  out.curvature_radius = r_eff;
  out.stiffness = 2.0 * e_eff * a;
  out.elastic = true;
  out.force = (4.0 / 3.0) * e_eff * a * delta;  // = 4/3 E* sqrt(R*) delta^{3/2}
  return out;
}

}  // namespace electrodem::dem
