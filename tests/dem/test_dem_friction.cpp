// A sphere sliding on the bottom wall under gravity decelerates at mu g until it rolls
// (v = 5/7 v0), and the tangential force never exceeds mu F_n.
#include <gtest/gtest.h>

#include <cmath>

#include "dem_test_util.hpp"
#include "electrodem/dem/system.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

TEST(DemFriction, SlidingSphereDeceleratesAtMuG) {
  const double r = 1e-3, g = 9.81, mu = 0.4, v0 = 0.1;
  Material m = elastic_material("S", 10e9, 2000, 0.5, mu);
  DemParams prm;
  prm.gravity = g;
  prm.wall.friction = mu;
  System probe(one_sphere(r, r, 40 * r), one_material(m), prm);
  const double estar = probe.table.wall(0).e_eff, mass = probe.p.mass[0];
  const double delta_eq = std::pow(mass * g / (4.0 / 3.0 * estar * std::sqrt(r)), 2.0 / 3.0);
  System s(one_sphere(r, r - delta_eq, 40 * r), one_material(m), prm);
  s.p.vx[0] = v0;
  double t1 = -1, v1 = 0, t2 = -1, v2 = 0, worst = 0;
  const double t_slide = 2.0 / 7.0 * v0 / (mu * g);  // sliding ends when v = omega r
  while (s.time() < 0.9 * t_slide) {
    s.step();
    ASSERT_EQ(s.walls.size(), 1u);
    const double ft = std::hypot(s.walls.f_x[0], s.walls.f_y[0]);
    if (s.walls.fn[0] > 0) worst = std::max(worst, ft / (mu * s.walls.fn[0]));
    if (t1 < 0 && s.time() > 0.2 * t_slide) t1 = s.time(), v1 = s.p.vx[0];
    if (t2 < 0 && s.time() > 0.8 * t_slide) t2 = s.time(), v2 = s.p.vx[0];
  }
  EXPECT_NEAR(-(v2 - v1) / (t2 - t1) / (mu * g), 1.0, 0.02);
  EXPECT_LE(worst, 1.0 + 1e-12);
  EXPECT_GT(worst, 0.999);  // it really slid at the Coulomb limit
  // then it rolls without slipping at 5/7 v0
  while (s.time() < 2.0 * t_slide) s.step();
  EXPECT_NEAR(s.p.vx[0] / (5.0 / 7.0 * v0), 1.0, 0.02);
  EXPECT_NEAR(s.p.wy[0] * r / s.p.vx[0], 1.0, 0.02);  // contact point at rest
}
