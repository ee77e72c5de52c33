// Times DEM steps on a saved state (issue 8 A/B measurements): loads the DEM part of a run
// checkpoint (e.g. runs/compress/checkpoints/press.ckpt, or any file written by dem::save),
// runs `steps` velocity-Verlet steps on `threads` OpenMP threads with the punch at -velocity,
// and prints the wall and CPU time per particle-step, the DEM's memory (System::memory_bytes)
// and a hash of the final state, so two builds can be compared for speed and for bitwise
// identical results on the same state.
//   build/bench/dem_step_timing CHECKPOINT STEPS [VELOCITY m/s] [THREADS] [TILE] [CHUNK]
// TILE > 1 (memory per particle at larger N): the state is replicated TILE x TILE times in x and
// y (periodic box TILE times wider, contact history dropped, same radii and velocities), stepped
// 200 steps to re-form the contacts, then timed; the resident memory added by the tiled system
// (VmRSS after minus before building it) is printed per particle.
// CHUNK > 0: the steps are taken in System::run calls of CHUNK steps, as a stage driver calls it
// between observers (each call ends with a step that writes the whole state back).
#include <omp.h>

#include <algorithm>
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

// Resident set size of this process [bytes] (VmRSS of /proc/self/status).
double rss_bytes() {
  std::ifstream st("/proc/self/status");
  std::string line;
  while (std::getline(st, line))
    if (line.rfind("VmRSS:", 0) == 0) return 1024.0 * std::atof(line.c_str() + 6);
  return 0.0;
}

// The state replicated tile x tile times in x and y, without contact history.
System tiled(const System& s, int tile) {
  electrodem::dem::Packing pk;
  pk.footprint = {tile * s.box.lx, tile * s.box.ly};
  pk.height = s.punch.z;
  for (int a = 0; a < tile; ++a)
    for (int b = 0; b < tile; ++b)
      for (std::size_t i = 0; i < s.p.size(); ++i) {
        pk.position.emplace_back(s.p.x[i] + a * s.box.lx, s.p.y[i] + b * s.box.ly, s.p.z[i]);
        pk.radius.push_back(s.p.solid_radius[i]);
        pk.material.push_back(s.p.material[i]);
      }
  System t(pk, s.materials, s.params);
  for (std::size_t k = 0; k < t.p.size(); ++k) {
    const std::size_t i = k % s.p.size();
    t.p.radius[k] = s.p.radius[i];
    t.p.ref_radius[k] = s.p.ref_radius[i];
    t.p.vx[k] = s.p.vx[i], t.p.vy[k] = s.p.vy[i], t.p.vz[k] = s.p.vz[i];
    t.p.wx[k] = s.p.wx[i], t.p.wy[k] = s.p.wy[i], t.p.wz[k] = s.p.wz[i];
  }
  t.set_time_step(s.dt());
  t.invalidate_neighbours();
  return t;
}

// FNV-1a over the bytes of a vector of doubles.
std::uint64_t hash(const std::vector<double>& v, std::uint64_t h) {
  const auto* b = reinterpret_cast<const unsigned char*>(v.data());
  for (std::size_t k = 0; k < v.size() * sizeof(double); ++k) h = (h ^ b[k]) * 1099511628211ull;
  return h;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s CHECKPOINT STEPS [VELOCITY] [THREADS] [TILE] [CHUNK]\n",
                 argv[0]);
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
  const int tile = argc > 5 ? std::atoi(argv[5]) : 1;
  if (tile > 1) {
    const double rss0 = rss_bytes();
    System t = tiled(s, tile);
    t.punch.v = s.punch.v;
    t.run(200);
    std::printf("tiled %dx%d: N %zu  resident memory added %.0f B/particle\n", tile, tile,
                t.p.size(), (rss_bytes() - rss0) / static_cast<double>(t.p.size()));
    s = std::move(t);
  }
  s.step();  // first step after a load may rebuild
  // the loaded counter counts from the start of the checkpoint's run
  const long long rebuilds0 = s.neighbour_rebuilds();
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  const long long chunk = argc > 6 && std::atoll(argv[6]) > 0 ? std::atoll(argv[6]) : steps;
  for (long long done = 0; done < steps; done += chunk) s.run(std::min(chunk, steps - done));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::uint64_t h = 1469598103934665603ull;
  for (const auto* v : {&s.p.x, &s.p.y, &s.p.z, &s.p.vx, &s.p.vy, &s.p.vz, &s.p.wx, &s.p.wy,
                        &s.p.wz, &s.p.radius, &s.p.fx, &s.p.fz, &s.pairs.xi_x, &s.pairs.delta_max})
    h = hash(*v, h);
  const double ps = static_cast<double>(steps) * static_cast<double>(s.p.size());
  // listed pairs that touch (or carry history) at the end: the kernel's full work
  const auto touching = std::count_if(s.pairs.delta_max.begin(), s.pairs.delta_max.end(),
                                      [](double d) { return d > 0.0; });
  std::printf(
      "N %zu  pairs %zu (touching %td)  threads %d  steps %lld  wall %.3f s  CPU %.3f s  "
      "ns/particle-step: wall "
      "%.1f  CPU %.1f  rebuilds in the timed steps %lld  DEM memory %zu B (%.0f B/particle, peak "
      "in a rebuild %.0f B/particle)  stress %.17g Pa  hash %016llx\n",
      s.p.size(), s.pairs.size(), touching, omp_get_max_threads(), steps, wall, cpu,
      1e9 * wall / ps, 1e9 * cpu / ps, s.neighbour_rebuilds() - rebuilds0, s.memory_bytes(),
      static_cast<double>(s.memory_bytes()) / static_cast<double>(s.p.size()),
      static_cast<double>(s.peak_memory_bytes()) / static_cast<double>(s.p.size()),
      s.punch_stress(), static_cast<unsigned long long>(h));
  return 0;
}
