#pragma once
// One contact, any law: normal (switch on the pair's law), viscous dashpot, DMT adhesion,
// Mindlin tangential with Coulomb cap, optional rolling resistance. Shared by sphere-sphere and
// sphere-wall contacts so both use exactly the same laws. Internal header of src/dem.
#include <algorithm>

#include "electrodem/dem/contact/adhesion.hpp"
#include "electrodem/dem/contact/hertz.hpp"
#include "electrodem/dem/contact/mindlin.hpp"
#include "electrodem/dem/contact/rolling.hpp"
#include "electrodem/dem/contact/thornton_ning.hpp"
#include "electrodem/dem/contact/viscous_damping.hpp"
#include "electrodem/dem/pair_table.hpp"

namespace electrodem::dem::detail {

struct ContactState {  // history, in/out
  V3 xi, mr;
  double delta_max = 0.0;
};

struct ContactOut {
  V3 force;         // on i
  V3 roll_torque;   // on i (j gets the opposite)
  double fn = 0.0;  // net normal force, compressive > 0 (adhesion can make it negative) [N]
  double a = 0.0;   // contact radius
  bool plastic = false;
};

// n: unit normal from i towards j (or the wall); v_rel: velocity of i's contact point relative
// to j's; w_rel: omega_i - omega_j.
[[gnu::always_inline]] inline ContactOut contact(const PairParams& pp, V3 n, double delta,
                                                 double r_eff, double m_eff, V3 v_rel, V3 w_rel,
                                                 double dt, ContactState& h) {
  ContactOut out;
  if (delta <= 0.0) {  // separated: the contact and its history end
    h = ContactState{};
    return out;
  }
  NormalResult nr;
  switch (pp.law) {
    case NormalLaw::hertz:
      nr = hertz_normal(delta, r_eff, pp.e_eff);
      h.delta_max = std::max(h.delta_max, delta);
      break;
    case NormalLaw::thornton_ning:
      nr = thornton_ning_normal(delta, r_eff, pp.e_eff, pp.yield_pressure, h.delta_max);
      break;
  }
  out.plastic = nr.plastic;
  const double vn = dot(v_rel, n);  // > 0: approaching
  double fn = nr.force;
  // the dashpots of 2 E* a (normal, elastic) and 8 G* a (tangential) share sqrt(a m*)
  const double sam = pp.beta > 0.0 ? std::sqrt(nr.contact_radius * m_eff) : 0.0;
  if (pp.beta > 0.0 && nr.stiffness > 0.0)
    fn += (nr.elastic ? pp.damp_n * sam : dashpot_coefficient(pp.beta, nr.stiffness, m_eff)) * vn;
  fn = std::max(fn, 0.0);
  if (nr.force <= 0.0) {  // unloaded (e.g. below the plastic overlap): no spring memory
    h.xi = V3{};
    h.mr = V3{};
    return out;
  }
  // the Coulomb and rolling limits use the load pressing the surfaces together, fn; the net
  // normal force subtracts the adhesive pull
  const double f_ad =
      pp.adhesion > 0.0 ? dmt_adhesion_force(pp.adhesion, nr.curvature_radius) : 0.0;
  out.fn = fn - f_ad;
  out.a = nr.contact_radius;
  const V3 vt = v_rel - vn * n;
  const double kt = 8.0 * pp.g_eff * nr.contact_radius;
  const double gt = pp.beta > 0.0 ? pp.damp_t * sam : 0.0;  // = dashpot_coefficient(beta, kt, m*)
  const V3 ft = mindlin_tangential(n, vt, kt, gt, pp.friction * fn, dt, h.xi);
  out.force = ft - out.fn * n;
  if (pp.rolling > 0.0)
    out.roll_torque = rolling_torque(n, w_rel, nr.stiffness, pp.rolling, r_eff, fn, dt, h.mr);
  return out;
}

}  // namespace electrodem::dem::detail
