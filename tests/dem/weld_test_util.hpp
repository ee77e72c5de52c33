#pragma once
// Helpers of the cold-weld tests (test_dem_weld*.cpp): a weldable elastoplastic material, a probe
// of the internal contact kernel at prescribed overlaps, and two colliding plastic spheres.
#include <cmath>

#include "dem_test_util.hpp"
#include "electrodem/dem/contact/thornton_ning.hpp"
#include "electrodem/dem/contact/weld.hpp"
// the internal contact kernel, to probe the law at prescribed overlaps
#include "../../src/dem/contact_kernel.hpp"

namespace electrodem::dem::testing {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kRstar = 2.5e-6, kMstar = 1e-12, kDt = 1e-10;

// Li6PS5Cl-like: E = 22 GPa, p_y = 0.5 GPa, friction 0.3; neck strength as a stress
// (strength, shear_strength [Pa]) or a fracture toughness [Pa m^1/2].
inline Material weldable(double strength, double shear_strength, double toughness = 0.0) {
  Material m = elastic_material("SE", 22e9, 1640.0, 1.0, 0.3);
  m.yield_pressure = 0.5e9;
  m.weld_strength = strength;
  m.weld_shear_strength = shear_strength;
  m.weld_toughness = toughness;
  return m;
}

struct Probe {
  PairTable table;
  const PairParams& pp() const { return table(0, 0); }
  explicit Probe(const Material& m) : table(one_material(m), WallMaterial{}, "", false) {}
  // normal-only evaluation at overlap delta; h is updated as in a time step
  detail::ContactOut at(double delta, detail::ContactState& h) const {
    return detail::contact(pp(), {1, 0, 0}, delta, kRstar, kMstar, {}, {}, kDt, h);
  }
  double yield_overlap() const { return tn_yield_overlap(kRstar, pp().e_eff, pp().yield_pressure); }
  double plastic_overlap(double dmax) const {
    return tn_plastic_overlap(dmax, kRstar, pp().e_eff, pp().yield_pressure);
  }
};

// Two plastic spheres (m: friction set to 0) colliding head-on at +-v (Thornton–Ning, no
// dashpot), then Cundall-damped for 20000 steps.
inline System collide(Material m, double v) {
  DemParams prm;
  prm.conserve_volume = false;
  prm.viscous_damping = false;
  prm.local_damping = 0.3;
  m.friction = 0.0;
  System s(two_spheres(5e-6, 5e-6, 1e-9), one_material(m), prm);
  s.p.vx[0] = v;
  s.p.vx[1] = -v;
  s.run(20000);
  return s;
}

}  // namespace electrodem::dem::testing
