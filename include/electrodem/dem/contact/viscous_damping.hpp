#pragma once
// Viscous normal (and tangential) dashpot, LIGGGHTS/Tsuji form:
//   F_d = -gamma v,   gamma = 2 sqrt(5/6) beta sqrt(S m*),
// with S the current tangent stiffness of the spring (2 E* a normal, 8 G* a tangential) and m*
// the effective mass. For a Hertz contact this gives a velocity-independent restitution e(beta).
// The normal force spring + dashpot is clipped at zero (contact_kernel.hpp): a dashpot cannot
// pull two surfaces together, so without adhesion a contact never attracts. electrodem inverts
// e(beta) for this clipped Hertz collision exactly, by integrating the dimensionless collision
// (damping_beta_for_restitution), so the configured restitution is the real one.
// LIGGGHTS (beta = -ln e / sqrt(ln^2 e + pi^2)) and LAMMPS do not clip by default (LIGGGHTS
// `limitForce off`, LAMMPS without `limit_damping`): their collision lasts until the overlap
// closes, the dashpot pulls during the last part of it, and their e is the real restitution of
// that unclipped collision. The same beta therefore means e = 0.5 here and e = 0.436 there
// (docs/contact_laws.md, damping); compare codes at equal beta AND equal clipping.
#include <cmath>

namespace electrodem::dem {

[[gnu::always_inline]] inline double dashpot_coefficient(double beta, double stiffness,
                                                         double m_eff) {
  return 1.8257418583505538 * beta * std::sqrt(stiffness * m_eff);  // 2 sqrt(5/6) = 1.82574...
}

// Restitution of a Hertz collision with the dashpot above (RK4 of the dimensionless equation
// X'' = -(5/4 X^{3/2} + c beta X^{1/4} X'), X(0)=0, X'(0)=1). clip_at_zero (electrodem's law):
// the force never pulls, and the collision ends when it reaches zero. Without clipping (the
// default of LIGGGHTS and LAMMPS) the dashpot pulls until the overlap closes; that restitution
// is exactly exp(-pi beta / sqrt(1 - beta^2)), LIGGGHTS's formula (tests/dem/test_dem_peer_probe).
double hertz_restitution(double beta, bool clip_at_zero = true);

// Inverse of hertz_restitution on (0, 1]; beta = 0 for e = 1.
double damping_beta_for_restitution(double e);

}  // namespace electrodem::dem
