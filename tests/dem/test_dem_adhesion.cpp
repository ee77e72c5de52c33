// DMT adhesion (include/electrodem/dem/contact/adhesion.hpp): two free spheres come to rest in
// contact where the Hertzian repulsion balances the pull-off force 2 pi W R, so the contact radius
// is a_0 = (3 pi W R^2 / (2 E*))^(1/3) with R = R* (elastic) or the plastically enlarged R_p of
// the Thornton–Ning unloading branch. Tolerance 1 % for the dynamic (Cundall-damped) pair, which
// is what remains of its settling after 40 000 steps; 1e-6 for the kernel solved by bisection.
#include <gtest/gtest.h>

#include <cmath>

#include "dem_test_util.hpp"
#include "electrodem/dem/contact/adhesion.hpp"
#include "electrodem/dem/contact/thornton_ning.hpp"
// the internal contact kernel, to test the plastic branch without a confining load
#include "../../src/dem/contact_kernel.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Two spheres of radius r approaching at v each, Cundall-damped until they rest.
System settle(const Material& m, double r, double v) {
  DemParams prm;
  prm.conserve_volume = false;  // the closed forms assume constant radii
  prm.viscous_damping = false;
  prm.local_damping = 0.3;
  System s(two_spheres(r, r, 1e-9), one_material(m), prm);
  s.p.vx[0] = v;
  s.p.vx[1] = -v;
  s.run(40000);
  return s;
}

double a0(double w, double r_curv, double e_eff) {
  return std::cbrt(3.0 * kPi * w * r_curv * r_curv / (2.0 * e_eff));
}

}  // namespace

TEST(DmtAdhesion, WorkOfAdhesionMixing) {
  EXPECT_DOUBLE_EQ(work_of_adhesion(0.5, 0.5), 1.0);
  EXPECT_DOUBLE_EQ(work_of_adhesion(0.1, 0.4), 0.4);
  EXPECT_DOUBLE_EQ(work_of_adhesion(0.0, 0.4), 0.0);
}

TEST(DmtAdhesion, ElasticPairRestsAtHertzDmtContactRadius) {
  Material m = elastic_material("E", 10e9);
  m.surface_energy = 0.5;  // W = 1 J/m^2
  const double r = 5e-6;
  const System s = settle(m, r, 0.001);
  ASSERT_EQ(s.pairs.size(), 1u);
  const PairParams& pp = s.table(0, 0);
  EXPECT_DOUBLE_EQ(pp.adhesion, 1.0);
  const ContactResults c = s.pair_results();
  EXPECT_NEAR(c.a[0] / a0(1.0, 0.5 * r, pp.e_eff), 1.0, 0.01);
  // at rest the net normal force vanishes: repulsion = pull-off
  EXPECT_LT(std::fabs(c.fn[0]) / dmt_adhesion_force(1.0, 0.5 * r), 0.01);
}

// The contact kernel on the Thornton–Ning unloading branch: after a plastic load to delta_max the
// net force vanishes where the contact radius is a_0 with the enlarged radius R_p.
TEST(DmtAdhesion, FlattenedPlasticContactSticksWithEnlargedRadius) {
  Material m = elastic_material("P", 10e9);
  m.yield_pressure = 0.3e9;
  m.surface_energy = 0.5;
  const PairTable table(one_material(m), WallMaterial{}, "", false);
  const PairParams& pp = table(0, 0);
  ASSERT_EQ(pp.law, NormalLaw::thornton_ning);
  const double rstar = 2.5e-6, mstar = 1e-12, dt = 1e-10;
  const double dy = tn_yield_overlap(rstar, pp.e_eff, pp.yield_pressure);
  const double dmax = 50.0 * dy;
  auto net_force = [&](double delta, detail::ContactState h, double* a) {
    const detail::ContactOut out =
        detail::contact(pp, {1, 0, 0}, delta, rstar, mstar, {}, {}, dt, h);
    if (a) *a = out.a;
    return out.fn;
  };
  detail::ContactState loaded;  // load once so the history holds delta_max
  detail::contact(pp, {1, 0, 0}, dmax, rstar, mstar, {}, {}, dt, loaded);
  ASSERT_DOUBLE_EQ(loaded.delta_max, dmax);
  const double dp = tn_plastic_overlap(dmax, rstar, pp.e_eff, pp.yield_pressure);
  // bisection for the zero of the net force on the unloading branch (attractive just above dp)
  double lo = dp * (1 + 1e-12), hi = dmax;
  ASSERT_LT(net_force(lo, loaded, nullptr), 0.0);
  ASSERT_GT(net_force(hi, loaded, nullptr), 0.0);
  for (int k = 0; k < 200; ++k) {
    const double mid = 0.5 * (lo + hi);
    (net_force(mid, loaded, nullptr) < 0.0 ? lo : hi) = mid;
  }
  double a = 0.0;
  net_force(hi, loaded, &a);
  const double fy = 4.0 / 3.0 * pp.e_eff * std::sqrt(rstar * dy) * dy;
  const double ap = std::sqrt(rstar * dmax);
  const double rp =
      4.0 * pp.e_eff * ap * ap * ap / (3.0 * (fy + kPi * pp.yield_pressure * rstar * (dmax - dy)));
  ASSERT_GT(rp, 2.0 * rstar);
  EXPECT_NEAR(a / a0(1.0, rp, pp.e_eff), 1.0, 1e-6);
  EXPECT_GT(a, a0(1.0, rstar, pp.e_eff));  // a flattened contact sticks harder
}

TEST(DmtAdhesion, WithoutAdhesionThePlasticPairSeparates) {
  Material m = elastic_material("P", 10e9);
  m.yield_pressure = 0.3e9;
  const System s = settle(m, 5e-6, 2.0);
  EXPECT_TRUE(s.pairs.size() == 0 || s.pair_results().a[0] == 0.0);  // the list may have dropped it
  EXPECT_GT(s.p.vx[1] - s.p.vx[0], 0.0);                             // rebounding apart
}
