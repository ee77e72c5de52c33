// System::pair_results(): the pair results recomputed for output are the step's own forces
// (Newton's third law closes the balance: every particle's net force is the sum of its pair and
// wall forces) and leave the state untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "dem_test_util.hpp"
#include "electrodem/dem/system.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

// 600 frictional spheres pressed by a punch; restitution 1 (no dashpot), so a contact's force
// does not depend on the velocities (the step used the half-step ones, pair_results the full-step
// ones).
System pressed(double restitution) {
  const double r = 1e-5;
  System s(random_packing(600, r, 16 * r, 0.4, 5, 1.5),
           one_material(elastic_material("A", 10e9, 2000, restitution, 0.3)));
  random_velocities(s, 5.0, 9);
  s.punch.v = -20.0;
  s.run(1000);
  return s;
}

// Largest |net force of a particle - its pair and wall forces summed|, over the particles, and
// the largest contact force (the scale).
void balance(const System& s, const ContactResults& r, double& worst, double& scale) {
  const std::size_t n = s.p.size();
  std::vector<double> fx(n, 0.0), fy(n, 0.0), fz(n, 0.0);
  scale = 0.0;
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    const int i = s.pairs.i[k], j = s.pairs.j[k];
    fx[i] += r.f_x[k], fy[i] += r.f_y[k], fz[i] += r.f_z[k];
    fx[j] -= r.f_x[k], fy[j] -= r.f_y[k], fz[j] -= r.f_z[k];
    scale = std::max(scale, std::fabs(r.fn[k]));
  }
  for (std::size_t k = 0; k < s.walls.size(); ++k) {
    const int i = s.walls.i[k];
    fx[i] += s.walls.f_x[k], fy[i] += s.walls.f_y[k], fz[i] += s.walls.f_z[k];
  }
  worst = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    worst = std::max({worst, std::fabs(fx[i] - s.p.fx[i]), std::fabs(fy[i] - s.p.fy[i]),
                      std::fabs(fz[i] - s.p.fz[i])});
}

}  // namespace

// Undamped: the recomputed forces are the step's to rounding (the Coulomb cap rescales a sliding
// spring by mu F_n / |F_t|, so a capped force is recomputed to a few ulps), so each particle's
// net force is their sum to ~1e-12 of the largest contact force (summation order differs from the
// step's only by rounding). A wrong sign, a missing tangential part or a stale history breaks it
// by O(1).
TEST(PairResults, UndampedResultsSumToTheParticleForces) {
  const System s = pressed(1.0);
  const ContactResults r = s.pair_results();
  ASSERT_EQ(r.size(), s.pairs.size());
  long long touching = 0, sliding_or_sticking = 0;
  for (std::size_t k = 0; k < r.size(); ++k) {
    touching += r.a[k] > 0.0;
    sliding_or_sticking += r.a[k] > 0.0 && s.pairs.xi_x[k] != 0.0;
    if (r.a[k] > 0.0) {
      EXPECT_GT(r.overlap[k], 0.0);
    }
  }
  ASSERT_GT(touching, 150);            // a loaded network
  ASSERT_GT(sliding_or_sticking, 50);  // with tangential springs
  double worst = 0.0, scale = 0.0;
  balance(s, r, worst, scale);
  EXPECT_LT(worst, 1e-12 * scale);
}

// With dashpots the recomputed forces use the full-step velocities: the balance holds only to the
// dashpot force of the half-step velocity change F dt / 2m, gamma F dt / 2m ~ beta omega dt F (a
// few % of the largest contact force in this collisional state: 5 m/s impacts, restitution 0.5),
// not to rounding, which also shows the test above can fail.
TEST(PairResults, DampedResultsDifferByTheHalfStepDashpot) {
  const System s = pressed(0.5);
  double worst = 0.0, scale = 0.0;
  balance(s, s.pair_results(), worst, scale);
  EXPECT_GT(worst, 1e-9 * scale);
  EXPECT_LT(worst, 0.1 * scale);
}

// The recomputation works on copies: the history and the state stay bitwise as they were.
TEST(PairResults, LeavesTheStateUntouched) {
  System s = pressed(0.5);
  const ContactList before = s.pairs;
  const std::vector<double> fx = s.p.fx, vx = s.p.vx;
  (void)s.pair_results();
  for (const auto& [a, b] : {std::pair{&before.xi_x, &s.pairs.xi_x},
                             {&before.xi_y, &s.pairs.xi_y},
                             {&before.delta_max, &s.pairs.delta_max}})
    EXPECT_EQ(std::memcmp(a->data(), b->data(), a->size() * sizeof(double)), 0);
  EXPECT_EQ(before.bond, s.pairs.bond);
  EXPECT_EQ(before.plastic, s.pairs.plastic);
  EXPECT_EQ(fx, s.p.fx);
  EXPECT_EQ(vx, s.p.vx);
}
