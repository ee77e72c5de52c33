#pragma once
// Mindlin tangential spring (Mindlin 1949; no-slip stiffness k_t = 8 G* a) with an incremental
// displacement history xi kept in the tangent plane, a tangential dashpot and a Coulomb cap on
// the total (spring + dashpot) force, LAMMPS `tangential mindlin` style:
//   xi <- rotate xi into the current tangent plane (magnitude kept);  xi += v_t dt
//   F_t = -k_t xi - gamma_t v_t;  if |F_t| > mu F_n: F_t = mu F_n F_t/|F_t|, xi = -(F_t + gamma_t
//   v_t)/k_t
// so |F_t| <= mu F_n always (Coulomb), and sliding leaves the spring at its limit.
// Cost (issue 8): the rotation rescales by sqrt(|xi|^2 / |xi_t|^2) (one square root instead of
// two and a division), and |F_t| is compared squared, so a sticking contact takes no root.
#include <cmath>

#include "electrodem/dem/contact/vec3.hpp"

namespace electrodem::dem {

// Returns the tangential force on particle i; xi updated in place. *slipped (if given) is set
// when the cap limited the force (a cold weld breaks in shear there, contact/weld.hpp).
[[gnu::always_inline]] inline V3 mindlin_tangential(V3 n, V3 v_t, double k_t, double gamma_t,
                                                    double mu_fn, double dt, V3& xi,
                                                    bool* slipped = nullptr) {
  const double mag0 = dot(xi, xi);  // squared
  if (mag0 > 0.0) {
    xi = xi - dot(xi, n) * n;  // keep the spring in the tangent plane (contact rotation)
    const double mag1 = dot(xi, xi);
    if (mag1 > 0.0) xi = std::sqrt(mag0 / mag1) * xi;
  }
  xi = xi + dt * v_t;
  V3 ft = -(k_t * xi) - gamma_t * v_t;
  const double f2 = dot(ft, ft);
  const bool slip = f2 > mu_fn * mu_fn;  // |F_t| > mu F_n >= 0, so |F_t| > 0
  if (slipped) *slipped = slip;
  if (slip) {
    ft = (mu_fn / std::sqrt(f2)) * ft;
    if (k_t > 0.0) xi = -(1.0 / k_t) * (ft + gamma_t * v_t);
  }
  return ft;
}

}  // namespace electrodem::dem
