// DEM micro-benchmarks (issue 8): neighbour-list build, one force evaluation and one full
// velocity-Verlet step on a jammed NCM811 | Li6PS5Cl composite like configs/default.json
// (relative density ~0.7, Thornton–Ning contacts with history), for N particles and T threads.
// Run: build/bench/bench_dem --benchmark_min_time=2
// Counters: contacts per particle and particle-steps per second ("rate").
#include <benchmark/benchmark.h>
#include <omp.h>

#include <map>
#include <memory>

#include "electrodem/dem/packing_generate.hpp"
#include "electrodem/dem/statistics.hpp"
#include "electrodem/dem/system.hpp"

namespace {
using namespace electrodem::dem;

MaterialSet composite_materials() {
  Material ncm = library_material("NCM811"), lps = library_material("Li6PS5Cl");
  ncm.yield_pressure = 5e9;  // as configs/default.json
  lps.yield_pressure = 0.5e9;
  return MaterialSet{{ncm, lps}};
}

// The default config's powders (truncated lognormals), footprint scaled with N.
PackingSpec composite_spec(long long n) {
  PackingSpec s;
  const double side = 50e-6 * std::sqrt(static_cast<double>(n) / 6000.0);
  s.footprint = {side, side};
  s.count = n;
  auto ncm = DiameterSpec::lognormal(8e-6, 1.2);
  ncm.min = 5e-6, ncm.max = 12e-6;
  auto lps = DiameterSpec::lognormal(3e-6, 1.3);
  lps.min = 1.5e-6, lps.max = 6e-6;
  s.components = {{0, 0.6, ncm}, {1, 0.4, lps}};
  return s;
}

// A jammed packing: the loose RSA packing compressed affinely to relative density 0.7 and
// relaxed for 2000 steps. Built once per N and copied into each benchmark.
const System& jammed(long long n) {
  static std::map<long long, std::unique_ptr<System>> cache;
  auto& slot = cache[n];
  if (!slot) {
    const MaterialSet m = composite_materials();
    DemParams prm;
    prm.time_step_safety = 0.2;
    slot = std::make_unique<System>(generate_packing(composite_spec(n), m, 1), m, prm);
    slot->set_affine_strain(2e-4);
    while (slot->relative_density() < 0.7) slot->step();
    slot->set_affine_strain(0.0);
    slot->run(2000);
  }
  return *slot;
}

void set_counters(benchmark::State& state, const System& s, long long particle_steps) {
  state.counters["coordination"] = coordination_number(s);
  state.counters["rate"] =
      benchmark::Counter(static_cast<double>(particle_steps), benchmark::Counter::kIsRate);
}

void BM_NeighbourBuild(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(1)));
  System s = jammed(state.range(0));
  for (auto _ : state) {
    s.invalidate_neighbours();
    s.compute_forces();  // rebuild + one force evaluation
  }
  set_counters(state, s, state.iterations() * static_cast<long long>(s.p.size()));
}

void BM_ForceEvaluation(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(1)));
  System s = jammed(state.range(0));
  for (auto _ : state) s.compute_forces();  // positions fixed: no rebuild
  set_counters(state, s, state.iterations() * static_cast<long long>(s.p.size()));
}

void BM_Step(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(1)));
  System s = jammed(state.range(0));
  for (auto _ : state) s.step();
  set_counters(state, s, state.iterations() * static_cast<long long>(s.p.size()));
}

void sizes(benchmark::internal::Benchmark* b) {
  for (long long n : {6000LL, 20000LL})
    for (long long t : {1LL, 2LL}) b->Args({n, t});
}

BENCHMARK(BM_NeighbourBuild)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ForceEvaluation)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Step)->Apply(sizes)->Unit(benchmark::kMillisecond)->UseRealTime();
}  // namespace

BENCHMARK_MAIN();
