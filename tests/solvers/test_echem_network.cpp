// Electrochemistry on small synthetic networks: Li conservation, isolated AM,
// rate capability, graph replacement mid-run and the stress shift.
#include <gtest/gtest.h>

#include <cmath>

#include "electrodem/core/constants.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "electrodem/solvers/electrochem.hpp"
#include "electrodem/solvers/ocv.hpp"
#include "test_echem_fixtures.hpp"

namespace electrodem::solvers {
namespace {

constexpr double F = constants::faraday;

using test::cc;

CycleParams cccv_cycle() {
  CycleParams p;
  ProtocolStep hold, rest;
  hold.kind = ProtocolStep::Kind::hold, hold.voltage = 4.3;
  hold.until_current = Rate{Rate::Kind::c_rate, 0.05};
  rest.kind = ProtocolStep::Kind::rest, rest.until_time = 1800;
  p.protocol = {cc(ProtocolStep::Kind::charge, 0.5, 4.3), hold,
                cc(ProtocolStep::Kind::discharge, 0.5, 2.5), rest};
  return p;
}

TEST(EchemNetwork, CoulombCountEqualsLiChangeOverAFullCycle) {
  const auto mats = test::ncm_lpscl();
  auto g = test::lattice(4, 4, 4, 3e-6, 1e-6, 0.5, 3);
  ElectrochemSystem sys(g, mats, {});
  const double li0 = sys.lithium_inventory();
  double q_rxn = 0.0, q_term = 0.0, throughput = 0.0;
  auto hook = [&](ElectrochemSystem&, const StepInfo& i) -> std::optional<network::ContactGraph> {
    q_rxn += i.result.reaction_current * i.result.dt;
    q_term += i.result.current * i.result.dt;
    throughput += std::abs(i.result.reaction_current * i.result.dt);
    return std::nullopt;
  };
  const ProtocolResult res = run_protocol(sys, cccv_cycle(), hook);
  const double dli = F * (li0 - sys.lithium_inventory());  // Li removed, as charge [C]
  ASSERT_GT(throughput, 0.3 * sys.theoretical_capacity());
  const double err = std::abs(dli - q_rxn) / throughput;
  std::printf("inventory: |F dLi - int I_rxn dt| / throughput = %.3e; terminal vs reaction %.3e\n",
              err, std::abs(q_term - q_rxn) / throughput);
  EXPECT_LT(err, 1e-10);
  // The terminal current equals the reaction current to the Newton tolerance.
  EXPECT_LT(std::abs(q_term - q_rxn) / throughput, 1e-8);
  EXPECT_GT(get(res.cycles.at(0), "coulombic efficiency [-]"), 0.9);
}

// The cycle hook hands each cycle's row over as the cycle ends, before any step of the next one
// (the cycle stage writes cycles.csv from it, so a stopped long run keeps its finished cycles).
TEST(EchemNetwork, CycleHookSeesEachCycleRowWhenTheCycleEnds) {
  const auto mats = test::ncm_lpscl();
  auto g = test::lattice(3, 3, 3, 3e-6, 1e-6, 0.5, 5);
  ElectrochemSystem sys(g, mats, {});
  CycleParams p = cccv_cycle();
  p.cycles = 2;
  int last_cycle_stepped = -1;
  std::vector<Row> seen;
  std::vector<int> stepped_at_hook;
  auto on_step = [&](ElectrochemSystem&,
                     const StepInfo& i) -> std::optional<network::ContactGraph> {
    last_cycle_stepped = i.cycle;
    return std::nullopt;
  };
  auto on_cycle = [&](const Row& row) {
    seen.push_back(row);
    stepped_at_hook.push_back(last_cycle_stepped);
  };
  const ProtocolResult res = run_protocol(sys, p, on_step, {}, nullptr, on_cycle);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(stepped_at_hook, (std::vector<int>{0, 1}));
  for (std::size_t k = 0; k < seen.size(); ++k) EXPECT_EQ(seen[k], res.cycles[k]);
}

TEST(EchemNetwork, IsolatedActiveMaterialNeverChangesLithiation) {
  // 0: AM at the collector with SE 1 at the separator: utilisable.
  // 2: AM touching SE 3 (at the separator) but not the collector: no electrons.
  // 4: AM at the collector touching SE 5 that has no path to the separator: no ions.
  // 6: AM touching AM 0 (electronically connected) but no SE: no reaction.
  const auto mats = test::ncm_lpscl();
  const double r = 3e-6, a = 1e-6;
  network::ContactGraph g;
  const int mat[] = {0, 1, 0, 1, 0, 1, 0};
  for (int k = 0; k < 7; ++k) {
    g.position.emplace_back(3 * r * k, 0, r);
    g.radius.push_back(r);
    g.material.push_back(mat[k]);
  }
  g.edges = {{0, 1, a, 2 * r}, {2, 3, a, 2 * r}, {4, 5, a, 2 * r}, {0, 6, a, 2 * r}};
  g.bottom = {{0, a}, {4, a}};
  g.top = {{1, a}, {3, a}};
  g.area = 1e-10;
  ElectrochemSystem sys(g, mats, {});
  EXPECT_NEAR(sys.utilisable_fraction(), 0.25, 1e-12);
  const auto x0 = sys.mean_lithiation();
  run_protocol(sys, cccv_cycle());
  const auto x1 = sys.mean_lithiation();
  for (int p : {2, 4, 6}) EXPECT_EQ(x1[p], x0[p]) << "particle " << p;
  EXPECT_GT(std::abs(x1[0] - x0[0]), 1e-3);  // it did cycle (and ended below x0 by the CE loss)
  EXPECT_TRUE(std::isnan(sys.electronic_potential()[2]));
  EXPECT_TRUE(std::isnan(sys.ionic_potential()[5]));
}

TEST(EchemNetwork, CapacityDecreasesWithCRate) {
  auto mats = test::ncm_lpscl();
  mats.materials[0].echem.initial_lithiation = 0.27;  // start charged
  auto g = test::lattice(5, 5, 4, 4e-6, 1.2e-6, 0.55, 11);
  double last = 1e9;
  for (double c : {0.1, 1.0 / 3.0, 1.0, 2.0}) {
    ElectrochemSystem sys(g, mats, {});
    CycleParams p;
    p.protocol = {cc(ProtocolStep::Kind::discharge, c, 2.5)};
    const ProtocolResult res = run_protocol(sys, p);
    const double q = get(res.summary, "discharge capacity [mAh/g]");
    std::printf("%.3gC: %.2f mAh/g (utilisable AM fraction %.3f), %g steps, %g rejected\n", c, q,
                sys.utilisable_fraction(), get(res.summary, "time steps [-]"),
                get(res.summary, "rejected time steps [-]"));
    EXPECT_LT(q, last) << c << "C";
    EXPECT_GT(q, 0.0);
    last = q;
  }
}

TEST(EchemNetwork, NewGraphKeepsStateAndIsolatesDisconnectedParticles) {
  const auto mats = test::ncm_lpscl();
  auto g = test::parallel_pairs(3, 4e-6, 2e-6, 1e-6, 2e-6, 3e-10);
  ElectrochemSystem sys(g, mats, {});
  CycleParams p;
  ProtocolStep c = cc(ProtocolStep::Kind::charge, 1.0, 4.3);
  c.until_time = 900;
  p.protocol = {c};
  run_protocol(sys, p);
  const double li = sys.lithium_inventory();
  const auto x = sys.mean_lithiation();
  // Open the AM|SE contact of pair 1 and let all particles swell by 1 %.
  auto g2 = g;
  g2.edges[1].contact_radius = 0.0;
  for (double& r : g2.radius) r *= 1.01;
  sys.set_graph(g2);
  EXPECT_NEAR(sys.lithium_inventory(), li, 1e-15 * li);  // swelling keeps Li and x
  EXPECT_EQ(sys.reacting()[2], 0);
  run_protocol(sys, p);
  const auto x2 = sys.mean_lithiation();
  EXPECT_NEAR(x2[2], x[2], 1e-14);  // isolated now: only internal relaxation
  EXPECT_LT(x2[0], x[0] - 0.05);    // the others keep charging (and take its share)
  EXPECT_NEAR(x2[0], x2[4], 1e-9);
}

TEST(EchemNetwork, HydrostaticStressShiftsTheOpenCircuitVoltageByOmegaSigmaOverF) {
  const auto mats = test::ncm_lpscl();
  auto g = test::parallel_pairs(1, 4e-6, 2e-6, 1e-6, 2e-6, 1e-10);
  const double sigma = 150e6;  // tension
  const double shift = mats[0].echem.partial_molar_volume * sigma / F;
  double v[3];
  for (int k = 0; k < 3; ++k) {
    ElectrochemSystem sys(g, mats, {});
    if (k > 0) sys.set_hydrostatic_stress({sigma, 0.0});
    if (k == 2) sys.set_stress_coupling(false);
    ASSERT_TRUE(sys.try_step(10.0, Control::current, 0.0).converged);
    sys.accept();
    v[k] = sys.voltage();
    if (k == 1) {
      EXPECT_NEAR(sys.breakdown().stress, shift, 1e-15);
    }
  }
  EXPECT_NEAR(v[1] - v[0], shift, 1e-12);
  EXPECT_EQ(v[2], v[0]);
  EXPECT_GT(shift, 1e-3);  // the test is not vacuous: Omega = 1.4e-6 m^3/mol gives ~2 mV
}

TEST(EchemNetwork, VoltageBreakdownAddsUpToTheCellVoltage) {
  const auto mats = test::ncm_lpscl();
  auto g = test::lattice(4, 4, 3, 3e-6, 1e-6, 0.5, 5);
  ElectrochemSystem sys(g, mats, {});
  CycleParams p;
  ProtocolStep c = cc(ProtocolStep::Kind::charge, 2.0, 4.3);
  c.until_time = 600;
  p.protocol = {c};
  const ProtocolResult res = run_protocol(sys, p);
  const Row& row = res.timeseries.back();
  const double sum =
      get(row, "equilibrium potential [V]") + get(row, "electronic ohmic overpotential [V]") +
      get(row, "kinetic overpotential [V]") + get(row, "diffusion overpotential [V]") +
      get(row, "stress shift [V]") + get(row, "ionic ohmic overpotential [V]") +
      get(row, "counter electrode overpotential [V]");
  EXPECT_NEAR(sum, get(row, "voltage [V]"), 1e-9);
  EXPECT_GT(get(row, "kinetic overpotential [V]"), 0.0);  // charging: anodic
  EXPECT_GT(get(row, "ionic ohmic overpotential [V]"), 0.0);
  EXPECT_GT(get(row, "diffusion overpotential [V]"),
            0.0);  // surface delithiated first: U(x_s) > U(x)
}

TEST(EchemNetwork, NoUtilisableMaterialIsAClearError) {
  const auto mats = test::ncm_lpscl();
  auto g = test::parallel_pairs(1, 4e-6, 2e-6, 1e-6, 2e-6, 1e-10);
  g.top.clear();
  ElectrochemSystem sys(g, mats, {});
  EXPECT_EQ(sys.utilisable_fraction(), 0.0);
  EXPECT_THROW(sys.try_step(1.0, Control::current, 1e-9), NumericalError);
}

// A protocol on an electrode that contact loss has cut off completely (the coupling can get
// there) runs to its end with zero capacity per cycle instead of losing the run.
TEST(EchemNetwork, ProtocolWithoutUtilisableMaterialReportsZeroCapacity) {
  const auto mats = test::ncm_lpscl();
  auto g = test::parallel_pairs(1, 4e-6, 2e-6, 1e-6, 2e-6, 1e-10);
  g.top.clear();
  ElectrochemSystem sys(g, mats, {});
  CycleParams p = cccv_cycle();
  p.cycles = 2;
  const ProtocolResult res = run_protocol(sys, p);
  ASSERT_EQ(res.cycles.size(), 2u);
  for (const Row& row : res.cycles) {
    EXPECT_EQ(get(row, "discharge capacity [mAh/g]"), 0.0);
    EXPECT_EQ(get(row, "charge capacity [mAh/g]"), 0.0);
  }
}

}  // namespace
}  // namespace electrodem::solvers
