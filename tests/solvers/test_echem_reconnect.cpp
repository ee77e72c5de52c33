// A particle isolated in the charged state and reconnected at the end of the discharge (what a
// DEM relaxation of a cold-welded electrode did in cycle 18 of the 1000-particle coupling run):
// its OCV (~4.2 V) is ~1.6 V above the electrode, the first Newton guess carries ~1e9 times the
// 1C current through its contacts, and the damped Newton used to cycle at every dt (the surface
// term of the diffusion step does not vanish with dt). The solver restarts from locally solved
// surface states (ElectrochemSystem::solve_surfaces_locally) and the discharge goes on.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "electrodem/core/constants.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "electrodem/solvers/electrochem.hpp"
#include "test_echem_fixtures.hpp"

namespace electrodem::solvers {
namespace {

constexpr double F = constants::faraday;

using test::cc;

TEST(EchemReconnect, ChargedParticleReconnectedAtEndOfDischargeConverges) {
  const auto mats = test::ncm_lpscl();
  const auto g = test::parallel_pairs(3, 4e-6, 2e-6, 1e-6, 2e-6, 3e-10);
  ElectrochemSystem sys(g, mats, {});
  CycleParams charge, discharge;
  charge.protocol = {cc(ProtocolStep::Kind::charge, 0.2, 4.3)};
  discharge.protocol = {cc(ProtocolStep::Kind::discharge, 0.2, 2.6)};
  run_protocol(sys, charge);
  // Pair 1 loses its AM|SE contact in the charged state and the others discharge.
  auto g_iso = g;
  g_iso.edges[1].contact_radius = 0.0;
  sys.set_graph(g_iso);
  run_protocol(sys, discharge);
  const double x_iso = sys.surface_lithiation()[2];
  ASSERT_LT(x_iso, 0.4);                        // still charged
  ASSERT_GT(sys.surface_lithiation()[0], 0.9);  // the others at the end of the window
  ASSERT_LT(sys.voltage(), 2.7);
  // The contact closes again. One step of the discharge current.
  sys.set_graph(g);
  const double li0 = sys.lithium_inventory();
  const double i_set = -0.2 * sys.one_c_current();
  const long restarts = sys.solver_stats().local_restarts;
  const StepResult r = sys.try_step(1.0, Control::current, i_set);
  ASSERT_TRUE(r.converged);
  sys.accept();
  std::printf("reconnected: V %.4f V, x_surf %.4f -> %.4f, local restarts %ld\n", r.voltage, x_iso,
              sys.surface_lithiation()[2], sys.solver_stats().local_restarts);
  // The plain Newton failed on this step (it cycled for 30 iterations at a residual ~1e10 times
  // the 1C current before the retry existed); the retry solved it.
  EXPECT_EQ(sys.solver_stats().local_restarts - restarts, 1);
  // The charged particle takes Li from the discharged ones: its surface lithiates, the cell
  // voltage rises from the end-of-discharge value toward the mixed potential.
  EXPECT_GT(sys.surface_lithiation()[2], x_iso + 0.05);
  EXPECT_GT(r.voltage, 2.7);
  // Li balance of the step: the inventory changes by the reaction charge (conservation), and the
  // net reaction current equals the set current (the internal exchange cancels).
  const double dli = F * (li0 - sys.lithium_inventory());
  EXPECT_NEAR(dli, r.reaction_current * 1.0, 1e-9 * std::abs(i_set));
  EXPECT_NEAR(r.reaction_current, i_set, 1e-6 * std::abs(i_set));
  // And the discharge runs on to its cut-off.
  discharge.protocol = {cc(ProtocolStep::Kind::discharge, 0.2, 2.5)};
  EXPECT_NO_THROW(run_protocol(sys, discharge));
  EXPECT_NEAR(sys.voltage(), 2.5, 2e-3);
}

}  // namespace
}  // namespace electrodem::solvers
