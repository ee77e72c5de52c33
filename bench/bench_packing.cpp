// Packing generation speed (random sequential addition with the periodic
// cell grid). Run: build/bench/bench_packing --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include "electrodem/dem/packing_generate.hpp"

namespace {
using namespace electrodem::dem;

MaterialSet materials() {
  MaterialSet m;
  Material am, se;
  am.name = "AM", am.role = Role::active, am.density = 4800.0;
  se.name = "SE", se.role = Role::electrolyte, se.density = 1900.0;
  m.materials = {am, se};
  return m;
}

// Two lognormal components, 60/40 by volume; diameter ratio ratio:1.
PackingSpec spec(long long n, double ratio, double footprint) {
  PackingSpec s;
  s.footprint = {footprint, footprint};
  s.count = n;
  auto big = DiameterSpec::lognormal(3e-6 * ratio, 1.2);
  big.max = 3e-6 * ratio * 1.5;
  auto small = DiameterSpec::lognormal(3e-6, 1.3);
  small.max = 3e-6 * 2.5;
  s.components = {{0, 0.6, big}, {1, 0.4, small}};
  return s;
}

void run(benchmark::State& state, const PackingSpec& s) {
  const auto m = materials();
  GenerationReport rep;
  std::uint64_t seed = 1;
  for (auto _ : state) benchmark::DoNotOptimize(generate_packing(s, m, seed++, &rep));
  state.counters["particles"] = double(rep.count);
  state.counters["growths"] = rep.height_growths;
  state.counters["attempts/particle"] = double(rep.attempts) / double(rep.count);
  state.counters["solid fraction"] = rep.solid_fraction;
}

void BM_Rsa_100k_ratio10(benchmark::State& state) {
  run(state, spec(100000, 10.0, 200e-6));
}
void BM_Rsa_100k_ratio2p7(benchmark::State& state) {
  run(state, spec(100000, 8.0 / 3.0, 150e-6));
}
void BM_Rsa_10k_ratio2p7(benchmark::State& state) {
  run(state, spec(10000, 8.0 / 3.0, 70e-6));
}

BENCHMARK(BM_Rsa_100k_ratio10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Rsa_100k_ratio2p7)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Rsa_10k_ratio2p7)->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
