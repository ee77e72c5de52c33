#pragma once
// Viscous normal (and tangential) dashpot, LIGGGHTS/Tsuji form:
//   F_d = -gamma v,   gamma = 2 sqrt(5/6) beta sqrt(S m*),
// with S the current tangent stiffness of the spring (2 E* a normal, 8 G* a tangential) and m*
// the effective mass. For a Hertz contact this gives a velocity-independent restitution e(beta).
// Unlike LIGGGHTS (beta = -ln e / sqrt(ln^2 e + pi^2), exact only for a linear spring, giving
// e_real = 0.548 for e = 0.5, see /work/shared/PEERS.md), electrodem inverts e(beta) for the
// Hertz law exactly, by integrating the dimensionless collision (damping_beta_for_restitution),
// so the configured restitution is the real one (with the force clipped at zero).
#include <cmath>

namespace electrodem::dem {

inline double dashpot_coefficient(double beta, double stiffness, double m_eff) {
  return 1.8257418583505538 * beta * std::sqrt(stiffness * m_eff);  // 2 sqrt(5/6) = 1.82574...
}

// Restitution of a Hertz collision with the dashpot above and force clipped at 0 (RK4 of the
// dimensionless equation X'' = -max(0, 5/4 X^{3/2} + c beta X^{1/4} X'), X(0)=0, X'(0)=1).
double hertz_restitution(double beta);

// Inverse of hertz_restitution on (0, 1]; beta = 0 for e = 1.
double damping_beta_for_restitution(double e);

}  // namespace electrodem::dem
