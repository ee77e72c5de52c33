#pragma once
// Rolling resistance, elastic–plastic spring-dashpot "EPSD" type (Iwashita & Oda 1998;
// Ai, Chen, Rotter & Ooi 2011, Powder Technol. 206:269, model C without dashpot):
//   k_r = 2.25 k_n mu_r^2 R*^2,  M_r <- M_r - k_r omega_rel,t dt,  |M_r| <= mu_r R* F_n,
// with omega_rel,t = (omega_i - omega_j) projected on the tangent plane. M_r (history) is the
// torque on particle i; particle j gets -M_r.
#include "electrodem/dem/contact/vec3.hpp"

namespace electrodem::dem {

[[gnu::always_inline]] inline V3 rolling_torque(V3 n, V3 omega_rel, double k_n, double mu_r,
                                                double r_eff, double f_n, double dt, V3& m_r) {
  const V3 w_t = omega_rel - dot(omega_rel, n) * n;
  m_r = m_r - dot(m_r, n) * n;
  const double k_r = 2.25 * k_n * mu_r * mu_r * r_eff * r_eff;
  m_r = m_r - (k_r * dt) * w_t;
  const double lim = mu_r * r_eff * f_n;
  const double m = norm(m_r);
  if (m > lim) m_r = (m > 0.0 ? lim / m : 0.0) * m_r;
  return m_r;
}

}  // namespace electrodem::dem
