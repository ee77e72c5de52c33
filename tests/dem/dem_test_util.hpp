#pragma once
// Helpers for the DEM engine tests: hand-made materials, small seeded packings, thread counts.
#include <omp.h>

#include <cmath>
#include <limits>
#include <random>

#include "electrodem/dem/material.hpp"
#include "electrodem/dem/packing.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem::dem::testing {

// The OpenMP thread count for one scope (restored on leaving it, also when an assertion fails).
class ScopedThreads {
 public:
  explicit ScopedThreads(int n) : saved_(omp_get_max_threads()) { omp_set_num_threads(n); }
  ~ScopedThreads() { omp_set_num_threads(saved_); }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  int saved_;
};

inline Material elastic_material(const std::string& name, double e = 10e9, double rho = 2000.0,
                                 double restitution = 1.0, double friction = 0.0) {
  Material m;
  m.name = m.base = name;
  m.density = rho;
  m.youngs_modulus = e;
  m.poisson_ratio = 0.3;
  m.friction = friction;
  m.restitution = restitution;
  return m;
}

inline MaterialSet one_material(const Material& m) {
  MaterialSet s;
  s.materials.push_back(m);
  return s;
}

// Two spheres on the x axis at mid-height of a large box.
inline Packing two_spheres(double r1, double r2, double gap) {
  Packing p;
  const double size = 20.0 * (r1 + r2);
  p.footprint = {size, size};
  p.height = size;
  p.position = {{0.5 * size - r1 - 0.5 * gap, 0.5 * size, 0.5 * size},
                {0.5 * size + r2 + 0.5 * gap, 0.5 * size, 0.5 * size}};
  p.radius = {r1, r2};
  p.material = {0, 0};
  return p;
}

inline Packing one_sphere(double r, double z, double size) {
  Packing p;
  p.footprint = {size, size};
  p.height = size;
  p.position = {{0.5 * size, 0.5 * size, z}};
  p.radius = {r};
  p.material = {0};
  return p;
}

// Random non-overlapping spheres (random sequential addition) in a periodic footprint of
// size l x l, heights chosen for solid fraction phi; radii uniform in [r, ratio*r] by number.
// Velocity components uniform on the grid {-vmax, ..., +vmax} in steps of vmax/1000 (portable:
// no std distribution, whose output differs between standard libraries), from seed.
inline void random_velocities(System& s, double vmax, unsigned seed) {
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < s.p.size(); ++i) {
    s.p.vx[i] = vmax * (static_cast<double>(rng() % 2001) / 1000.0 - 1.0);
    s.p.vy[i] = vmax * (static_cast<double>(rng() % 2001) / 1000.0 - 1.0);
    s.p.vz[i] = vmax * (static_cast<double>(rng() % 2001) / 1000.0 - 1.0);
  }
}

inline Packing random_packing(int n, double r, double l, double phi, unsigned seed,
                              double ratio = 1.0, int nmat = 1) {
  std::mt19937_64 rng(seed);
  auto u = [&rng]() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  Packing p;
  p.footprint = {l, l};
  std::vector<double> radii(n);
  double vs = 0;
  for (auto& x : radii) {
    x = r * (1.0 + (ratio - 1.0) * u());
    vs += 4.0 / 3.0 * 3.141592653589793 * x * x * x;
  }
  std::sort(radii.begin(), radii.end(), std::greater<>());  // big first: RSA succeeds
  p.height = vs / (phi * l * l);
  for (int k = 0; k < n; ++k) {
    const double rk = radii[k];
    for (int attempt = 0;; ++attempt) {
      if (attempt > 100000) throw std::runtime_error("random_packing: too dense");
      const Eigen::Vector3d c(l * u(), l * u(), rk + (p.height - 2 * rk) * u());
      bool ok = true;
      for (std::size_t q = 0; q < p.radius.size() && ok; ++q) {
        Eigen::Vector3d d = c - p.position[q];
        d.x() -= l * std::nearbyint(d.x() / l);
        d.y() -= l * std::nearbyint(d.y() / l);
        ok = d.norm() > rk + p.radius[q];
      }
      if (ok) {
        p.position.push_back(c);
        p.radius.push_back(rk);
        p.material.push_back(k % nmat);
        break;
      }
    }
  }
  return p;
}

}  // namespace electrodem::dem::testing
