// Two-sphere and sphere-wall collisions against analytic Hertz and Thornton–Ning results.
#include <gtest/gtest.h>

#include <cmath>

#include "dem_test_util.hpp"
#include "electrodem/dem/contact/thornton_ning.hpp"
#include "electrodem/dem/contact/viscous_damping.hpp"
#include "electrodem/dem/system.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

struct Collision {
  double v_out = 0, duration = 0, delta_max = 0, ke_in = 0, ke_out = 0, max_force_error = 0;
};

double kinetic(const System& s) {
  double e = 0;
  for (std::size_t i = 0; i < s.p.size(); ++i)
    e += 0.5 * s.p.mass[i] *
             (s.p.vx[i] * s.p.vx[i] + s.p.vy[i] * s.p.vy[i] + s.p.vz[i] * s.p.vz[i]) +
         0.5 * s.p.inertia[i] *
             (s.p.wx[i] * s.p.wx[i] + s.p.wy[i] * s.p.wy[i] + s.p.wz[i] * s.p.wz[i]);
  return e;
}

// Head-on collision of two equal spheres approaching at v each; dt = t_c / steps_per_contact.
Collision collide(const Material& m, double r, double v, int steps_per_contact) {
  DemParams prm;
  prm.conserve_volume = false;  // the analytic solutions assume constant radii
  System s(two_spheres(r, r, 0.0), one_material(m), prm);
  const PairParams& pp = s.table(0, 0);
  const double mstar = 0.5 * s.p.mass[0], rstar = 0.5 * r, vrel = 2 * v;
  const double tc = 2.868265 * std::pow(mstar * mstar / (rstar * pp.e_eff * pp.e_eff * vrel), 0.2);
  s.set_time_step(tc / steps_per_contact);
  s.p.vx[0] = v;
  s.p.vx[1] = -v;
  Collision c;
  c.ke_in = kinetic(s);
  bool in_contact = false, done = false;
  double t0 = 0;
  for (int k = 0; k < 20 * steps_per_contact && !done; ++k) {
    s.step();
    const ContactResults res = s.pair_results();  // undamped below: the step's own forces
    const double delta = s.pairs.size() ? res.overlap[0] : 0.0;
    if (delta > 0 && !in_contact) {  // interpolate the crossing of delta = 0
      in_contact = true;
      t0 = s.time() - s.dt() * delta / (delta + 2 * v * s.dt());
    }
    if (in_contact && delta > 0) {
      c.delta_max = std::max(c.delta_max, delta);
      if (pp.beta == 0) {
        const double f = 4.0 / 3.0 * pp.e_eff * std::sqrt(rstar) * std::pow(delta, 1.5);
        c.max_force_error = std::max(c.max_force_error, std::fabs(res.fn[0] - f) / f);
      }
    }
    if (in_contact && delta <= 0) {
      const double vn = s.p.vx[1] - s.p.vx[0];
      c.duration = s.time() - s.dt() * (-delta) / std::max(vn * s.dt(), 1e-300) - t0;
      done = true;
    }
  }
  // let the force-free flight settle the velocities
  c.v_out = 0.5 * (s.p.vx[1] - s.p.vx[0]);
  c.ke_out = kinetic(s);
  return c;
}

}  // namespace

TEST(DemCollision, HertzForceOverlapAndDuration) {
  const Material m = elastic_material("A", 10e9, 2000, 1.0);
  const double r = 1e-4, v = 0.1;
  const Collision c = collide(m, r, v, 2000);
  System s(two_spheres(r, r, 0), one_material(m));
  const double estar = s.table(0, 0).e_eff, rstar = r / 2, mstar = s.p.mass[0] / 2, vrel = 2 * v;
  // Johnson (1985) eq. 11.24: delta_max = (15 m* v^2 / (16 E* sqrt(R*)))^{2/5}
  const double dmax = std::pow(15 * mstar * vrel * vrel / (16 * estar * std::sqrt(rstar)), 0.4);
  const double tc = 2.868265 * std::pow(mstar * mstar / (rstar * estar * estar * vrel), 0.2);
  EXPECT_NEAR(c.delta_max / dmax, 1.0, 0.01);
  EXPECT_NEAR(c.duration / tc, 1.0, 0.01);
  EXPECT_LT(c.max_force_error, 1e-9);  // force follows 4/3 E* sqrt(R*) delta^{3/2}
}

TEST(DemCollision, EnergyConservedWithoutDamping) {
  Material m = elastic_material("A", 10e9, 2000, 1.0, 0.3);
  const Collision c = collide(m, 1e-4, 0.1, 4000);
  EXPECT_LT(std::fabs(c.ke_out - c.ke_in) / c.ke_in, 1e-6);
}

TEST(DemCollision, RestitutionMatchesConfigured) {
  for (double e : {0.3, 0.5, 0.8}) {
    for (double v : {0.05, 0.5}) {  // Hertz + this dashpot: e independent of speed
      const Collision c = collide(elastic_material("A", 10e9, 2000, e), 1e-4, v, 2000);
      EXPECT_NEAR(c.v_out / v / e, 1.0, 0.02) << "e=" << e << " v=" << v;
    }
  }
}

TEST(DemCollision, DashpotInverseIsConsistent) {
  EXPECT_EQ(damping_beta_for_restitution(1.0), 0.0);
  for (double e : {0.1, 0.5, 0.9})
    EXPECT_NEAR(hertz_restitution(damping_beta_for_restitution(e)), e, 1e-6);
}

TEST(ThorntonNing, LoadingUnloadingCurveMatchesAnalyticLaw) {
  const double E = 5e9, R = 1e-5, py = 0.3e9, pi = 3.141592653589793;
  const double ay = pi * py * R / (2 * E), dy = ay * ay / R;
  const double fy = 4.0 / 3.0 * E * std::sqrt(R) * std::pow(dy, 1.5);
  double hist = 0;
  // elastic below yield
  auto r = thornton_ning_normal(0.5 * dy, R, E, py, hist);
  EXPECT_NEAR(r.force, 4.0 / 3.0 * E * std::sqrt(R) * std::pow(0.5 * dy, 1.5), 1e-12 * fy);
  EXPECT_FALSE(r.plastic);
  // plastic loading: linear with slope pi p_y R*, mean pressure -> p_y at large overlap
  const double dm = 20 * dy;
  r = thornton_ning_normal(dm, R, E, py, hist);
  EXPECT_NEAR(r.force, fy + pi * py * R * (dm - dy), 1e-9 * r.force);
  EXPECT_NEAR(r.contact_radius, std::sqrt(R * dm), 1e-15);
  EXPECT_NEAR(hist, dm, 0);
  const double fp = r.force, ap = r.contact_radius;
  // unloading: Hertz with R_p = 4 E* a_p^3 / (3 F_p) about the residual overlap
  const double rp = 4 * E * ap * ap * ap / (3 * fp), dres = dm - ap * ap / rp;
  EXPECT_GT(rp, R);  // enlarged radius of curvature
  EXPECT_NEAR(tn_plastic_overlap(dm, R, E, py), dres, 1e-15);
  for (double f : {0.99, 0.9, 0.7}) {
    const double d = dres + f * (dm - dres);
    r = thornton_ning_normal(d, R, E, py, hist);
    EXPECT_NEAR(r.force, 4.0 / 3.0 * E * std::sqrt(rp) * std::pow(d - dres, 1.5), 1e-9 * fp);
    EXPECT_NEAR(r.contact_radius, std::sqrt(rp * (d - dres)), 1e-12 * ap);
  }
  // continuous at the maximum, zero below the residual overlap, history unchanged
  EXPECT_NEAR(thornton_ning_normal(dm * (1 - 1e-12), R, E, py, hist).force, fp, 1e-6 * fp);
  EXPECT_EQ(thornton_ning_normal(0.99 * dres, R, E, py, hist).force, 0.0);
  EXPECT_EQ(thornton_ning_normal(0.99 * dres, R, E, py, hist).contact_radius, 0.0);
  EXPECT_EQ(hist, dm);
  // reloading follows the unloading curve back, then plastic loading resumes
  r = thornton_ning_normal(1.1 * dm, R, E, py, hist);
  EXPECT_NEAR(r.force, fy + pi * py * R * (1.1 * dm - dy), 1e-9 * r.force);
}

// Thornton & Ning (1998) eq. for the restitution of an elastic-perfectly plastic sphere:
// e = sqrt(6 sqrt3 / 5) sqrt(1 - (Vy/V)^2/6) [ (Vy/V) / (Vy/V + 2 sqrt(6/5 - (Vy/V)^2/5)) ]^{1/4},
// V_y = 1.56 sqrt(p_y^5 / (E*^4 rho)).
TEST(ThorntonNing, RestitutionVsImpactVelocityOnWall) {
  Material m = elastic_material("S", 10e9, 2000, 1.0);
  m.yield_pressure = 0.2e9;
  const double r = 1e-4;
  for (double ratio : {2.0, 5.0, 20.0}) {
    System s(one_sphere(r, 1.05 * r, 40 * r), one_material(m));
    const PairParams& pp = s.table.wall(0);
    ASSERT_EQ(pp.law, NormalLaw::thornton_ning);
    const double vy =
        1.56 * std::sqrt(std::pow(pp.yield_pressure, 5) / (std::pow(pp.e_eff, 4) * m.density));
    const double v = ratio * vy;
    s.set_time_step(s.rayleigh_time() * 0.02);
    s.p.vz[0] = -v;
    for (int k = 0; k < 400000 && !(s.p.vz[0] > 0 && s.p.z[0] > 1.01 * r); ++k) s.step();
    const double q = 1.0 / ratio;
    const double e_tn = std::sqrt(6 * std::sqrt(3.0) / 5) * std::sqrt(1 - q * q / 6) *
                        std::pow(q / (q + 2 * std::sqrt(6.0 / 5 - q * q / 5)), 0.25);
    EXPECT_NEAR(s.p.vz[0] / v / e_tn, 1.0, 0.03) << "V/Vy=" << ratio;
  }
}
