// Contact-network transport speed: conductance assembly, connectivity and
// the two conduction solves (run_transport) on random jammed AM|SE packings.
//   ./bench_network                        1e4 and 1e5 particles
//   ELECTRODEM_BENCH_LARGE=1 ./bench_network  also 1e6 (the packing alone takes minutes)
//   ELECTRODEM_BENCH_CACHE=/tmp/dir            keep the packings there (binary) and reuse them
// Target (issue 4): 1e5 nodes < 10 s, 1e6 nodes < 30 s for assembly + solve.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "../tests/network/jammed_packing.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/network/connectivity.hpp"
#include "electrodem/solvers/conduction.hpp"

using namespace electrodem;

namespace {

dem::MaterialSet am_se() {
  dem::MaterialSet m;
  dem::Material am, se;
  am.name = "NCM", am.role = dem::Role::active, am.electronic_conductivity = 0.5;
  se.name = "LPSCl", se.role = dem::Role::electrolyte, se.ionic_conductivity = 0.23;
  m.materials = {am, se};
  return m;
}

// The jammed pack, read from / written to $ELECTRODEM_BENCH_CACHE/pack_<n>.bin
// if that variable names a directory (generating 1e6 particles takes minutes).
testpack::SpherePack cached_pack(int n) {
  const char* dir = std::getenv("ELECTRODEM_BENCH_CACHE");
  if (!dir || !*dir) return testpack::jammed_pack(n, 0.65, 5, 2e-3, 400);
  const auto path = std::filesystem::path(dir) / ("pack_" + std::to_string(n) + ".bin");
  auto io_vectors = [](testpack::SpherePack& p, auto&& fn) {
    fn(&p.box, 1);
    for (auto* v : {&p.x, &p.y, &p.z}) fn(v->data(), v->size());
  };
  testpack::SpherePack p;
  if (std::ifstream in(path, std::ios::binary); in) {
    for (auto* v : {&p.x, &p.y, &p.z}) v->resize(static_cast<std::size_t>(n));
    io_vectors(p, [&](double* d, std::size_t k) {
      in.read(reinterpret_cast<char*>(d), static_cast<std::streamsize>(k * sizeof(double)));
    });
    if (in) return p;
  }
  p = testpack::jammed_pack(n, 0.65, 5, 2e-3, 400);
  std::filesystem::create_directories(dir);
  std::ofstream out(path, std::ios::binary);
  io_vectors(p, [&](double* d, std::size_t k) {
    out.write(reinterpret_cast<const char*>(d), static_cast<std::streamsize>(k * sizeof(double)));
  });
  return p;
}

// n spheres of 5 um, 60 % AM by number, jammed at phi = 0.65. The FIRE
// relaxation is cut at 400 steps for speed: the contact network is random
// and dense (z ~ 6-7), which is what the solver timing depends on.
const network::ContactGraph& packing(int n) {
  static std::map<int, network::ContactGraph> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  const auto pack = cached_pack(n);
  std::mt19937_64 rng(3);
  std::bernoulli_distribution is_am(0.6);
  std::vector<int> mat(static_cast<std::size_t>(n));
  for (auto& v : mat) v = is_am(rng) ? 0 : 1;
  return cache.emplace(n, testpack::slab_graph(pack, mat, 5e-6)).first->second;
}

void BM_Conductances(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  const auto m = am_se();
  for (auto _ : st) {
    auto io = network::build_phase_network(g, m, network::Phase::ionic);
    auto el = network::build_phase_network(g, m, network::Phase::electronic);
    benchmark::DoNotOptimize(io.edge_g.data());
    benchmark::DoNotOptimize(el.edge_g.data());
  }
  st.counters["contacts"] = static_cast<double>(g.edges.size());
}

void BM_Connectivity(benchmark::State& st) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  const auto m = am_se();
  const auto vol = network::particle_solid_volume(g);
  const auto io = network::build_phase_network(g, m, network::Phase::ionic);
  const auto el = network::build_phase_network(g, m, network::Phase::electronic);
  for (auto _ : st) {
    const auto ci = network::analyse_connectivity(g, io, vol);
    const auto ce = network::analyse_connectivity(g, el, vol);
    benchmark::DoNotOptimize(network::compute_utilisation(g, m, ce, ci, vol).active_area);
  }
}

void transport(benchmark::State& st, solvers::LinearMethod method) {
  const auto& g = packing(static_cast<int>(st.range(0)));
  const auto m = am_se();
  solvers::TransportParams p;
  p.linear.method = method;
  Logger log(true);
  solvers::TransportResult r;
  for (auto _ : st) {
    r = solvers::run_transport(g, m, p, log);
    benchmark::DoNotOptimize(r.summary.data());
  }
  st.counters["unknowns"] =
      static_cast<double>(r.ionic.conduction.unknowns + r.electronic.conduction.unknowns);
  st.counters["it_ionic"] = static_cast<double>(r.ionic.conduction.solver.iterations);
  st.counters["it_electronic"] = static_cast<double>(r.electronic.conduction.solver.iterations);
  st.counters["sigma_i"] = r.ionic.conduction.conductivity;
  st.counters["sigma_e"] = r.electronic.conduction.conductivity;
}

void BM_TransportCG(benchmark::State& st) {
  transport(st, solvers::LinearMethod::cg);
}
void BM_TransportCholmod(benchmark::State& st) {
  transport(st, solvers::LinearMethod::cholmod);
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Arg(10000)->Arg(100000);
  const char* large = std::getenv("ELECTRODEM_BENCH_LARGE");
  if (large && std::string(large) == "1") b->Arg(1000000);
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_Conductances)->Apply(sizes);
BENCHMARK(BM_Connectivity)->Apply(sizes);
BENCHMARK(BM_TransportCG)->Apply(sizes);
BENCHMARK(BM_TransportCholmod)->Apply(sizes);
BENCHMARK_MAIN();
