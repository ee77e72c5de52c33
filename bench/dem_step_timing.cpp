// Times DEM steps on a saved state (issue 8 A/B measurements): loads the DEM part of a run
// checkpoint (e.g. runs/compress/checkpoints/press.ckpt, or any file written by dem::save),
// runs `steps` velocity-Verlet steps on `threads` OpenMP threads with the punch at -velocity,
// and prints the wall and CPU time per particle-step, the DEM's memory (System::memory_bytes)
// and a hash of the final state, so two builds can be compared for speed and for bitwise
// identical results on the same state.
//   build/bench/dem_step_timing CHECKPOINT STEPS [VELOCITY m/s] [THREADS]
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "electrodem/dem/checkpoint.hpp"
#include "electrodem/dem/system.hpp"

namespace {
using electrodem::dem::System;

// FNV-1a over the bytes of a vector of doubles.
std::uint64_t hash(const std::vector<double>& v, std::uint64_t h) {
  const auto* b = reinterpret_cast<const unsigned char*>(v.data());
  for (std::size_t k = 0; k < v.size() * sizeof(double); ++k) h = (h ^ b[k]) * 1099511628211ull;
  return h;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s CHECKPOINT STEPS [VELOCITY] [THREADS]\n", argv[0]);
    return 2;
  }
  std::ifstream f(argv[1], std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(f)), {});
  const auto at = all.find("EDEMCKP1");  // run checkpoints carry the config before the DEM state
  if (at == std::string::npos) {
    std::fprintf(stderr, "%s: no DEM state\n", argv[1]);
    return 2;
  }
  std::istringstream in(all.substr(at));
  System s = electrodem::dem::load(in);
  const long long steps = std::atoll(argv[2]);
  s.punch.v = argc > 3 ? -std::atof(argv[3]) : 0.0;
  if (argc > 4) omp_set_num_threads(std::atoi(argv[4]));
  s.step();  // first step after a load may rebuild
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  s.run(steps);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::uint64_t h = 1469598103934665603ull;
  for (const auto* v : {&s.p.x, &s.p.y, &s.p.z, &s.p.vx, &s.p.vy, &s.p.vz, &s.p.wx, &s.p.wy,
                        &s.p.wz, &s.p.radius, &s.pairs.xi_x, &s.pairs.fn})
    h = hash(*v, h);
  const double ps = static_cast<double>(steps) * static_cast<double>(s.p.size());
  std::printf(
      "N %zu  pairs %zu  threads %d  steps %lld  wall %.3f s  CPU %.3f s  ns/particle-step: wall "
      "%.1f  CPU %.1f  rebuilds %lld  DEM memory %zu B (%.0f B/particle)  stress %.17g Pa  "
      "hash %016llx\n",
      s.p.size(), s.pairs.size(), omp_get_max_threads(), steps, wall, cpu, 1e9 * wall / ps,
      1e9 * cpu / ps, s.neighbour_rebuilds(), s.memory_bytes(),
      static_cast<double>(s.memory_bytes()) / static_cast<double>(s.p.size()), s.punch_stress(),
      static_cast<unsigned long long>(h));
  return 0;
}
