#pragma once
// One contact, any law: normal (switch on the pair's law), cold weld, viscous dashpot, DMT
// adhesion, Mindlin tangential with Coulomb cap, optional rolling resistance. Shared by
// sphere-sphere and sphere-wall contacts so both use exactly the same laws. Internal header of
// src/dem.
// The law pieces it calls (contact/*.hpp) are marked always_inline: once the pair loop was
// compiled for three law sets (KernelLaws), GCC's inlining budget left thornton_ning_normal as a
// call in the general kernel, 16 % of a step of the default (Thornton-Ning) pellet.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "electrodem/dem/contact/adhesion.hpp"
#include "electrodem/dem/contact/hertz.hpp"
#include "electrodem/dem/contact/mindlin.hpp"
#include "electrodem/dem/contact/rolling.hpp"
#include "electrodem/dem/contact/thornton_ning.hpp"
#include "electrodem/dem/contact/viscous_damping.hpp"
#include "electrodem/dem/contact/weld.hpp"
#include "electrodem/dem/pair_table.hpp"

namespace electrodem::dem::detail {

struct ContactState {  // history, in/out
  V3 xi, mr;
  double delta_max = 0.0;
  std::uint8_t bond = WeldState::unbonded;
};

struct ContactOut {
  V3 force;         // on i
  V3 roll_torque;   // on i (j gets the opposite)
  double fn = 0.0;  // net normal force, compressive > 0 (adhesion, a weld: < 0 possible) [N]
  double a = 0.0;   // contact radius
  bool plastic = false;
};

// Cold weld of a Thornton–Ning contact (contact/weld.hpp): welds on plastic flow, returns the
// neck radius a_w (0: not welded) and, below the plastic overlap, the neck's tensile force
// (breaking it, irreversibly, beyond its strength).
[[gnu::always_inline]] inline double weld_update(const PairParams& pp, const NormalResult& nr,
                                                 double delta, double r_eff, double delta_max_old,
                                                 ContactState& h, double& f_tension) {
  f_tension = 0.0;
  if (nr.plastic && delta > delta_max_old) h.bond = WeldState::welded;  // fresh plastic flow
  if (h.bond != WeldState::welded) return 0.0;
  const double a_w = std::sqrt(r_eff * h.delta_max);
  if (nr.force > 0.0) return a_w;  // compression: Thornton–Ning unloading/reloading
  const double dr = tn_plastic_overlap(h.delta_max, r_eff, pp.e_eff, pp.yield_pressure);
  f_tension = weld_tension_force(std::max(dr - delta, 0.0), a_w, pp.e_eff);
  if (-f_tension > weld_capacity(pp.weld_strength, pp.weld_toughness, a_w)) {  // it breaks
    h.bond = WeldState::weld_broken;
    f_tension = 0.0;
    return 0.0;
  }
  return a_w;
}

// The law with (Weld) or without cold welding; the pair table decides per material pair, so the
// pairs that cannot weld run exactly the code they ran before welding existed. L: the laws the
// table may hold (PairTable::pair_kernel); a specialised L fixes the normal law and drops
// adhesion and rolling resistance at compile time, with the arithmetic of `any` unchanged.
template <bool Weld, KernelLaws L>
[[gnu::always_inline]] inline ContactOut contact_law(const PairParams& pp, V3 n, double delta,
                                                     double r_eff, double m_eff, V3 v_rel, V3 w_rel,
                                                     double dt, ContactState& h) {
  ContactOut out;
  // separated (and not held by a weld): the contact and its history end
  if (delta <= 0.0 && !(Weld && h.bond == WeldState::welded)) {
    h = ContactState{};
    return out;
  }
  [[maybe_unused]] const double delta_max_old = h.delta_max;
  constexpr bool extras = L == KernelLaws::any;  // adhesion, rolling resistance possible
  const NormalLaw law = L == KernelLaws::hertz           ? NormalLaw::hertz
                        : L == KernelLaws::thornton_ning ? NormalLaw::thornton_ning
                                                         : pp.law;
  NormalResult nr;
  switch (law) {
    case NormalLaw::hertz:
      nr = hertz_normal(delta, r_eff, pp.e_eff);
      h.delta_max = std::max(h.delta_max, delta);
      break;
    case NormalLaw::thornton_ning:
      nr = thornton_ning_normal(delta, r_eff, pp.e_eff, pp.yield_pressure, h.delta_max);
      break;
  }
  out.plastic = nr.plastic;
  double f_tension = 0.0, a_w = 0.0;  // a_w > 0: welded neck of this radius
  if constexpr (Weld) a_w = weld_update(pp, nr, delta, r_eff, delta_max_old, h, f_tension);
  const double vn = dot(v_rel, n);  // > 0: approaching
  double fn = nr.force;
  // the dashpots of 2 E* a (normal, elastic) and 8 G* a (tangential) share sqrt(a m*)
  const double sam = pp.beta > 0.0 ? std::sqrt(nr.contact_radius * m_eff) : 0.0;
  if (Weld && a_w > 0.0 && nr.force <= 0.0) {  // stretched neck: elastic tension, its dashpot
    const double k = 2.0 * pp.e_eff * a_w;
    fn = f_tension + (pp.beta > 0.0 ? dashpot_coefficient(pp.beta, k, m_eff) * vn : 0.0);
  } else {
    if (pp.beta > 0.0 && nr.stiffness > 0.0)
      fn += (nr.elastic ? pp.damp_n * sam : dashpot_coefficient(pp.beta, nr.stiffness, m_eff)) * vn;
    fn = std::max(fn, 0.0);
    if (nr.force <= 0.0) {  // unloaded (e.g. below the plastic overlap): no spring memory
      h.xi = V3{};
      h.mr = V3{};
      return out;
    }
  }
  // the Coulomb and rolling limits use the load pressing the surfaces together, fn+ (= fn
  // without a weld); the net normal force subtracts the adhesive pull (not on a stretched neck)
  const double load = Weld ? std::max(fn, 0.0) : fn;
  const double f_ad = extras && pp.adhesion > 0.0 && (!Weld || nr.force > 0.0)
                          ? dmt_adhesion_force(pp.adhesion, nr.curvature_radius)
                          : 0.0;
  out.fn = fn - f_ad;
  out.a = Weld && a_w > 0.0 ? a_w : nr.contact_radius;
  const V3 vt = v_rel - vn * n;
  const double kt = 8.0 * pp.g_eff * out.a;
  if (Weld && a_w > 0.0) {  // welded: Coulomb plus the neck's shear strength, beyond it it breaks
    const double gt = pp.beta > 0.0 ? dashpot_coefficient(pp.beta, kt, m_eff) : 0.0;
    const double cap =
        pp.friction * load + weld_capacity(pp.weld_shear_strength, pp.weld_toughness, a_w);
    bool sheared = false;
    V3 ft = mindlin_tangential(n, vt, kt, gt, cap, dt, h.xi, &sheared);
    if (sheared) {  // sheared off, now sliding with friction only
      h.bond = WeldState::weld_broken;
      if (nr.force <= 0.0) {  // and below the plastic overlap: open, as an unwelded contact
        h.xi = V3{};
        h.mr = V3{};
        return ContactOut{{}, {}, 0.0, 0.0, nr.plastic};
      }
      const double mu_fn = pp.friction * load, f = norm(ft);
      ft = (f > 0.0 ? mu_fn / f : 0.0) * ft;
      if (kt > 0.0) h.xi = -(1.0 / kt) * (ft + gt * vt);
    }
    out.force = ft - out.fn * n;
  } else {
    const double gt = pp.beta > 0.0 ? pp.damp_t * sam : 0.0;  // = dashpot_coefficient(beta, kt, m*)
    const V3 ft = mindlin_tangential(n, vt, kt, gt, pp.friction * fn, dt, h.xi);
    out.force = ft - out.fn * n;
  }
  if (extras && pp.rolling > 0.0)
    out.roll_torque = rolling_torque(n, w_rel, nr.stiffness, pp.rolling, r_eff, load, dt, h.mr);
  return out;
}

// n: unit normal from i towards j (or the wall); v_rel: velocity of i's contact point relative
// to j's; w_rel: omega_i - omega_j. L other than `any` only for pp of a table whose
// pair_kernel() is L (no weld, adhesion or rolling resistance, that normal law).
template <KernelLaws L = KernelLaws::any>
[[gnu::always_inline]] inline ContactOut contact(const PairParams& pp, V3 n, double delta,
                                                 double r_eff, double m_eff, V3 v_rel, V3 w_rel,
                                                 double dt, ContactState& h) {
  if constexpr (L != KernelLaws::any)
    return contact_law<false, L>(pp, n, delta, r_eff, m_eff, v_rel, w_rel, dt, h);
  else
    return pp.weld ? contact_law<true, L>(pp, n, delta, r_eff, m_eff, v_rel, w_rel, dt, h)
                   : contact_law<false, L>(pp, n, delta, r_eff, m_eff, v_rel, w_rel, dt, h);
}

}  // namespace electrodem::dem::detail
