// Electrochemistry speed on a ~5000-particle random jammed AM|SE packing (60 %
// AM by number, 5 um spheres, NCM811 | Li6PS5Cl), old and new linear solver
// side by side (second argument: 0 = sparse LU of the exact Jacobian at every
// Newton iteration, the previous method; 1 = GMRES preconditioned by a reused
// Cholesky factor, the default):
//   BM_EchemStep    one implicit 10 s step at 1C, repeated (steady state: the
//                   preconditioner is reused, as between most real steps);
//   BM_EchemCharge  a fresh system charged at C/2 for 20 accepted 90 s steps
//                   (includes the first factorisations and the refactorisations
//                   that a moving operating point costs);
//   BM_EchemCycle   the default protocol, C/10 CC-CV charge + C/10 discharge;
//   BM_EchemSetGraph  the set-up (topology, clusters, pattern) of a new network.
//   ./bench_echem  (speed ratio = old time / new time of the same benchmark)
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "../tests/network/jammed_packing.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "electrodem/solvers/electrochem.hpp"

using namespace electrodem;

namespace {

dem::MaterialSet ncm_lpscl() {
  dem::MaterialSet m;
  m.materials = {dem::library_material("NCM811"), dem::library_material("Li6PS5Cl")};
  return m;
}

const network::ContactGraph& packing(int n) {
  static std::map<int, network::ContactGraph> cache;
  if (auto it = cache.find(n); it != cache.end()) return it->second;
  const auto pack = testpack::jammed_pack(n, 0.65, 5, 2e-3, 400);
  std::mt19937_64 rng(3);
  std::bernoulli_distribution is_am(0.6);
  std::vector<int> mat(static_cast<std::size_t>(n));
  for (auto& v : mat) v = is_am(rng) ? 0 : 1;
  return cache.emplace(n, testpack::slab_graph(pack, mat, 5e-6)).first->second;
}

solvers::EchemOptions options(std::int64_t solver) {
  solvers::EchemOptions o;
  o.linear_solver = solver == 0 ? solvers::EchemOptions::LinearSolver::lu
                                : solvers::EchemOptions::LinearSolver::gmres;
  return o;
}

void counters(benchmark::State& st, const solvers::ElectrochemSystem& sys, double steps) {
  const auto& s = sys.solver_stats();
  int reacting = 0;
  for (auto v : sys.reacting()) reacting += v;
  st.counters["reacting AM"] = reacting;
  st.counters["Newton its/step"] = static_cast<double>(s.newton_iterations) / steps;
  st.counters["GMRES its/Newton"] =
      s.newton_iterations ? static_cast<double>(s.linear_iterations) / s.newton_iterations : 0.0;
  st.counters["factorisations/step"] = static_cast<double>(s.factorizations) / steps;
}

// One 1C charge step of 10 s from a state 60 s into the charge (not accepted,
// so every iteration solves the same step).
void BM_EchemStep(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  solvers::ElectrochemSystem sys(g, ncm_lpscl(), options(st.range(1)));
  const double i1c = sys.one_c_current();
  for (int k = 0; k < 6; ++k) {
    if (!sys.try_step(10.0, solvers::Control::current, i1c).converged)
      st.SkipWithError("warm-up failed");
    sys.accept();
  }
  long steps = 0;
  const solvers::SolverStats before = sys.solver_stats();
  for (auto _ : st) {
    const auto r = sys.try_step(10.0, solvers::Control::current, i1c);
    if (!r.converged) st.SkipWithError("step failed");
    ++steps;
    benchmark::DoNotOptimize(r.voltage);
  }
  const auto& s = sys.solver_stats();
  st.counters["Newton its/step"] =
      static_cast<double>(s.newton_iterations - before.newton_iterations) / steps;
  st.counters["factorisations/step"] =
      static_cast<double>(s.factorizations - before.factorizations) / steps;
  st.counters["particles"] = static_cast<double>(g.size());
}

void BM_EchemCharge(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    solvers::ElectrochemSystem sys(g, ncm_lpscl(), options(st.range(1)));
    const double i = 0.5 * sys.one_c_current();
    for (int k = 0; k < 20; ++k) {
      if (!sys.try_step(90.0, solvers::Control::current, i).converged)
        st.SkipWithError("step failed");
      sys.accept();
    }
    st.PauseTiming();
    counters(st, sys, 20.0);
    st.ResumeTiming();
  }
}

// The default protocol (C/10 CC to 4.3 V, hold to C/50, C/10 CC to 2.5 V) from a
// fresh system: the electrochemistry share of the default run's cycle stage.
void BM_EchemCycle(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  solvers::CycleParams p;
  solvers::ProtocolStep c, h, d;
  using K = solvers::ProtocolStep::Kind;
  using R = solvers::Rate::Kind;
  c.kind = K::charge, c.rate = {R::c_rate, 0.1}, c.until_voltage = 4.3;
  h.kind = K::hold, h.voltage = 4.3, h.until_current = solvers::Rate{R::c_rate, 0.02};
  d.kind = K::discharge, d.rate = {R::c_rate, 0.1}, d.until_voltage = 2.5;
  p.protocol = {c, h, d};
  for (auto _ : st) {
    solvers::ElectrochemSystem sys(g, ncm_lpscl(), options(st.range(1)));
    const auto r = solvers::run_protocol(sys, p);
    st.PauseTiming();
    const double steps = solvers::get(r.summary, "time steps [-]");
    counters(st, sys, steps);
    st.counters["steps"] = steps;
    st.counters["mAh/g"] = solvers::get(r.summary, "discharge capacity [mAh/g]");
    st.ResumeTiming();
  }
}

void BM_EchemSetGraph(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  solvers::ElectrochemSystem sys(g, ncm_lpscl(), {});
  for (auto _ : st) {
    sys.set_graph(g);
    benchmark::DoNotOptimize(sys.utilisable_fraction());
  }
}

}  // namespace

BENCHMARK(BM_EchemStep)->Args({5000, 0})->Args({5000, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EchemCharge)
    ->Args({5000, 0})
    ->Args({5000, 1})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
// Old solver: ~3 min CPU; run it with --benchmark_filter=Cycle/5000/0.
BENCHMARK(BM_EchemCycle)
    ->Args({5000, 1})
    ->Args({5000, 0})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EchemSetGraph)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
