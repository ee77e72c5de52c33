#pragma once
// Test helper: a jammed random packing of equal spheres, built in memory so
// that transport tests do not depend on the DEM. N spheres of diameter 1 are
// placed at random in a periodic cube at solid fraction phi and the harmonic
// overlap energy E = sum 1/2 (1 - d_ij)^2 is minimised with FIRE (Bitzek et
// al., Phys. Rev. Lett. 97 (2006) 170201). Above the jamming fraction
// (~0.64 for a fast quench, O'Hern et al., Phys. Rev. E 68 (2003) 011306)
// the minimum keeps small overlaps on a rigid contact network (z ~ 6).
// The cube is then cut open in z (walls at z = 0 and z = L) to give a
// ContactGraph with bottom/top terminal contacts.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "electrodem/network/graph.hpp"

namespace electrodem::testpack {

struct SpherePack {
  std::vector<double> x, y, z;  // positions in [0, box)
  double box = 0.0;             // cube edge [diameters]
  double radius = 0.5;
  int fire_steps = 0;
  double max_force = 0.0;  // residual after minimisation
};

namespace detail {

// Minimum image for coordinates already wrapped into [0, box).
inline double wrap_delta(double d, double box) {
  return d > 0.5 * box ? d - box : (d < -0.5 * box ? d + box : d);
}

// Verlet neighbour list (pairs i<j within cutoff) built with a cell list.
inline void build_pairs(const SpherePack& p, double cutoff, std::vector<std::uint32_t>& pi,
                        std::vector<std::uint32_t>& pj) {
  const auto n = p.x.size();
  const int nc = std::max(3, static_cast<int>(p.box / cutoff));
  const double cs = p.box / nc;
  std::vector<int> head(static_cast<std::size_t>(nc * nc * nc), -1), next(n, -1);
  auto cell_of = [&](double v) { return std::min(nc - 1, static_cast<int>(v / cs)); };
  for (std::size_t k = 0; k < n; ++k) {
    const int c = (cell_of(p.x[k]) * nc + cell_of(p.y[k])) * nc + cell_of(p.z[k]);
    next[k] = head[static_cast<std::size_t>(c)];
    head[static_cast<std::size_t>(c)] = static_cast<int>(k);
  }
  pi.clear();
  pj.clear();
  const double c2 = cutoff * cutoff;
  for (std::size_t k = 0; k < n; ++k) {
    const int cx = cell_of(p.x[k]), cy = cell_of(p.y[k]), cz = cell_of(p.z[k]);
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dz = -1; dz <= 1; ++dz) {
          const int c =
              (((cx + dx + nc) % nc) * nc + (cy + dy + nc) % nc) * nc + (cz + dz + nc) % nc;
          for (int m = head[static_cast<std::size_t>(c)]; m >= 0;
               m = next[static_cast<std::size_t>(m)]) {
            if (static_cast<std::size_t>(m) <= k) continue;
            const double ddx = wrap_delta(p.x[k] - p.x[m], p.box);
            const double ddy = wrap_delta(p.y[k] - p.y[m], p.box);
            const double ddz = wrap_delta(p.z[k] - p.z[m], p.box);
            if (ddx * ddx + ddy * ddy + ddz * ddz < c2) {
              pi.push_back(static_cast<std::uint32_t>(k));
              pj.push_back(static_cast<std::uint32_t>(m));
            }
          }
        }
  }
}

}  // namespace detail

// Jammed packing of n unit-diameter spheres at solid fraction phi.
inline SpherePack jammed_pack(int n, double phi, std::uint64_t seed, double force_tol = 1e-7,
                              int max_steps = 20000) {
  SpherePack p;
  const auto un = static_cast<std::size_t>(n);
  p.box = std::cbrt(n * (M_PI / 6.0) / phi);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, p.box);
  p.x.resize(un);
  p.y.resize(un);
  p.z.resize(un);
  {
    // Random points, stored in cell order so that neighbours are close in
    // memory (the force loop is bound by cache misses otherwise).
    struct Pt {
      double x, y, z;
      long key;
    };
    std::vector<Pt> pts(un);
    const int nc = std::max(1, static_cast<int>(p.box / 1.3));
    auto cell = [&](double v) { return std::min(nc - 1, static_cast<int>(v / p.box * nc)); };
    for (auto& q : pts) {
      q.x = u(rng), q.y = u(rng), q.z = u(rng);
      q.key = (static_cast<long>(cell(q.z)) * nc + cell(q.y)) * nc + cell(q.x);
    }
    std::stable_sort(pts.begin(), pts.end(),
                     [](const Pt& a, const Pt& b) { return a.key < b.key; });
    for (std::size_t k = 0; k < un; ++k) p.x[k] = pts[k].x, p.y[k] = pts[k].y, p.z[k] = pts[k].z;
  }
  std::vector<double> vx(un, 0), vy(un, 0), vz(un, 0), fx(un), fy(un), fz(un);
  std::vector<double> x0 = p.x, y0 = p.y, z0 = p.z;
  std::vector<std::uint32_t> pi, pj;
  const double skin = 0.3, cutoff = 1.0 + skin;
  detail::build_pairs(p, cutoff, pi, pj);

  auto forces = [&]() {
    std::fill(fx.begin(), fx.end(), 0.0);
    std::fill(fy.begin(), fy.end(), 0.0);
    std::fill(fz.begin(), fz.end(), 0.0);
    for (std::size_t c = 0; c < pi.size(); ++c) {
      const auto i = pi[c], j = pj[c];
      const double dx = detail::wrap_delta(p.x[i] - p.x[j], p.box);
      const double dy = detail::wrap_delta(p.y[i] - p.y[j], p.box);
      const double dz = detail::wrap_delta(p.z[i] - p.z[j], p.box);
      const double d2 = dx * dx + dy * dy + dz * dz;
      if (d2 >= 1.0 || d2 < 1e-24) continue;
      const double d = std::sqrt(d2), f = (1.0 - d) / d;  // |F| = overlap, k = 1
      fx[i] += f * dx, fy[i] += f * dy, fz[i] += f * dz;
      fx[j] -= f * dx, fy[j] -= f * dy, fz[j] -= f * dz;
    }
  };

  // FIRE parameters from Bitzek et al. (2006).
  double dt = 0.05, alpha = 0.1;
  const double dt_max = 0.6, alpha0 = 0.1;
  int since_negative = 0;
  forces();
  for (p.fire_steps = 0; p.fire_steps < max_steps; ++p.fire_steps) {
    double power = 0, vn = 0, fn = 0, fmax2 = 0;
    for (std::size_t k = 0; k < un; ++k) {
      power += fx[k] * vx[k] + fy[k] * vy[k] + fz[k] * vz[k];
      vn += vx[k] * vx[k] + vy[k] * vy[k] + vz[k] * vz[k];
      const double f2 = fx[k] * fx[k] + fy[k] * fy[k] + fz[k] * fz[k];
      fn += f2;
      fmax2 = std::max(fmax2, f2);
    }
    p.max_force = std::sqrt(fmax2);
    if (p.max_force < force_tol) break;
    vn = std::sqrt(vn), fn = std::sqrt(fn);
    if (power > 0) {
      const double s = fn > 0 ? alpha * vn / fn : 0.0;
      for (std::size_t k = 0; k < un; ++k) {
        vx[k] = (1 - alpha) * vx[k] + s * fx[k];
        vy[k] = (1 - alpha) * vy[k] + s * fy[k];
        vz[k] = (1 - alpha) * vz[k] + s * fz[k];
      }
      if (++since_negative > 5) {
        dt = std::min(dt * 1.1, dt_max);
        alpha *= 0.99;
      }
    } else {
      since_negative = 0;
      dt *= 0.5;
      alpha = alpha0;
      std::fill(vx.begin(), vx.end(), 0.0);
      std::fill(vy.begin(), vy.end(), 0.0);
      std::fill(vz.begin(), vz.end(), 0.0);
    }
    // Semi-implicit Euler step (unit mass), then refresh the neighbour list
    // when any particle has moved more than half the skin.
    double moved2 = 0;
    for (std::size_t k = 0; k < un; ++k) {
      vx[k] += dt * fx[k], vy[k] += dt * fy[k], vz[k] += dt * fz[k];
      p.x[k] += dt * vx[k], p.y[k] += dt * vy[k], p.z[k] += dt * vz[k];
      const double ddx = p.x[k] - x0[k], ddy = p.y[k] - y0[k], ddz = p.z[k] - z0[k];
      moved2 = std::max(moved2, ddx * ddx + ddy * ddy + ddz * ddz);
    }
    if (moved2 > 0.25 * skin * skin) {
      for (std::size_t k = 0; k < un; ++k) {
        p.x[k] -= p.box * std::floor(p.x[k] / p.box);
        p.y[k] -= p.box * std::floor(p.y[k] / p.box);
        p.z[k] -= p.box * std::floor(p.z[k] / p.box);
      }
      x0 = p.x, y0 = p.y, z0 = p.z;
      detail::build_pairs(p, cutoff, pi, pj);
    }
    forces();
  }
  for (std::size_t k = 0; k < un; ++k) {
    p.x[k] -= p.box * std::floor(p.x[k] / p.box);
    p.y[k] -= p.box * std::floor(p.y[k] / p.box);
    p.z[k] -= p.box * std::floor(p.z[k] / p.box);
  }
  return p;
}

// Contact graph of the pack with walls at z = 0 and z = box (periodic in x, y;
// contacts across the z boundary are cut), lengths scaled by `scale` [m per
// diameter]. Contacts are overlapping pairs; a is the radius of the
// intersection circle, a = sqrt(r^2 - (d/2)^2), and likewise for the walls.
inline network::ContactGraph slab_graph(const SpherePack& p, std::vector<int> material,
                                        double scale = 1.0, double min_overlap = 1e-9) {
  network::ContactGraph g;
  const auto n = p.x.size();
  const double r = p.radius;
  g.material = std::move(material);
  g.radius.assign(n, r * scale);
  g.position.resize(n);
  for (std::size_t k = 0; k < n; ++k)
    g.position[k] = Eigen::Vector3d(p.x[k], p.y[k], p.z[k]) * scale;
  std::vector<std::uint32_t> pi, pj;
  detail::build_pairs(p, 2 * r, pi, pj);
  for (std::size_t c = 0; c < pi.size(); ++c) {
    const auto i = pi[c], j = pj[c];
    const double dx = detail::wrap_delta(p.x[i] - p.x[j], p.box);
    const double dy = detail::wrap_delta(p.y[i] - p.y[j], p.box);
    const double dz = p.z[i] - p.z[j];  // no wrap in z: the walls cut the cube
    const double d = std::sqrt(dx * dx + dy * dy + dz * dz);
    if (d > 2 * r - min_overlap) continue;
    g.edges.push_back({static_cast<int>(i), static_cast<int>(j),
                       std::sqrt(r * r - 0.25 * d * d) * scale, d * scale});
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (p.z[k] < r - min_overlap)
      g.bottom.push_back({static_cast<int>(k), std::sqrt(r * r - p.z[k] * p.z[k]) * scale});
    const double h = p.box - p.z[k];
    if (h < r - min_overlap)
      g.top.push_back({static_cast<int>(k), std::sqrt(r * r - h * h) * scale});
  }
  g.area = p.box * p.box * scale * scale;
  g.thickness = p.box * scale;
  return g;
}

}  // namespace electrodem::testpack
