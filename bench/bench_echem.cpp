// Electrochemistry speed: one implicit time step (diffusion of every AM
// particle + Newton on the coupled network) on a ~5000-particle random jammed
// AM|SE packing (60 % AM by number, 5 um spheres, NCM811 | Li6PS5Cl), and the
// set-up (topology, clusters) that a new contact graph costs.
//   ./bench_echem
#include <benchmark/benchmark.h>

#include <random>

#include "../tests/network/jammed_packing.hpp"
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

// One 1C charge step of 10 s from a state 60 s into the charge (not accepted,
// so every iteration solves the same step).
void BM_EchemStep(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  solvers::ElectrochemSystem sys(g, ncm_lpscl(), {});
  const double i1c = sys.one_c_current();
  for (int k = 0; k < 6; ++k) {
    if (!sys.try_step(10.0, solvers::Control::current, i1c).converged)
      st.SkipWithError("warm-up failed");
    sys.accept();
  }
  int iterations = 0;
  for (auto _ : st) {
    const auto r = sys.try_step(10.0, solvers::Control::current, i1c);
    iterations = r.iterations;
    benchmark::DoNotOptimize(r.voltage);
  }
  int reacting = 0;
  for (auto v : sys.reacting()) reacting += v;
  st.counters["particles"] = static_cast<double>(g.size());
  st.counters["reacting AM"] = reacting;
  st.counters["Newton its"] = iterations;
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

BENCHMARK(BM_EchemStep)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EchemSetGraph)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
