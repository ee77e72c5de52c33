#pragma once
// Small synthetic contact networks for the electrochemistry tests.
#include <cmath>
#include <cstdint>

#include "electrodem/dem/material.hpp"
#include "electrodem/network/graph.hpp"
#include "electrodem/solvers/echem_protocol.hpp"

namespace electrodem::test {

// NCM811 + Li6PS5Cl from the library, with optional conductivity overrides.
inline dem::MaterialSet ncm_lpscl(double sigma_e_am = -1, double sigma_i_se = -1) {
  dem::MaterialSet m;
  m.materials = {dem::library_material("NCM811"), dem::library_material("Li6PS5Cl")};
  if (sigma_e_am > 0) m.materials[0].electronic_conductivity = sigma_e_am;
  if (sigma_i_se > 0) m.materials[1].ionic_conductivity = sigma_i_se;
  return m;
}

// n_am AM particles (material 0), each touching its own SE particle (material 1)
// that touches the separator; each AM touches the collector. All identical.
inline network::ContactGraph parallel_pairs(int n_am, double r_am, double r_se, double a_rx,
                                            double a_term, double footprint) {
  network::ContactGraph g;
  for (int k = 0; k < n_am; ++k) {
    const int am = static_cast<int>(g.size());
    g.position.emplace_back(4.0 * r_am * k, 0.0, r_am);
    g.radius.push_back(r_am);
    g.material.push_back(0);
    g.position.emplace_back(4.0 * r_am * k, 0.0, 2.0 * r_am + r_se);
    g.radius.push_back(r_se);
    g.material.push_back(1);
    g.edges.push_back({am, am + 1, a_rx, r_am + r_se});
    g.bottom.push_back({am, a_term});
    g.top.push_back({am + 1, a_term});
  }
  g.area = footprint;
  g.thickness = 2.0 * r_am + 2.0 * r_se;
  return g;
}

// Simple-cubic lattice nx*ny*nz of touching spheres of radius r, contact radius
// a on every nearest-neighbour pair; AM (material 0) with probability p_am from
// a fixed hash, SE (1) otherwise. Bottom layer touches the collector, top the separator.
inline network::ContactGraph lattice(int nx, int ny, int nz, double r, double a, double p_am,
                                     std::uint32_t seed = 1) {
  network::ContactGraph g;
  auto id = [&](int i, int j, int k) { return (k * ny + j) * nx + i; };
  std::uint32_t s = seed * 2654435761u + 12345u;
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        s = s * 1664525u + 1013904223u;
        const double u = (s >> 8) / 16777216.0;
        g.position.emplace_back(2 * r * i, 2 * r * j, r + 2 * r * k);
        g.radius.push_back(r);
        g.material.push_back(u < p_am ? 0 : 1);
      }
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const int p = id(i, j, k);
        if (i + 1 < nx) g.edges.push_back({p, id(i + 1, j, k), a, 2 * r});
        if (j + 1 < ny) g.edges.push_back({p, id(i, j + 1, k), a, 2 * r});
        if (k + 1 < nz) g.edges.push_back({p, id(i, j, k + 1), a, 2 * r});
        if (k == 0) g.bottom.push_back({p, a});
        if (k == nz - 1) g.top.push_back({p, a});
      }
  g.area = (2 * r * nx) * (2 * r * ny);
  g.thickness = 2 * r * nz;
  return g;
}

// A constant-current protocol step at `c_rate` until the cell voltage reaches v.
inline solvers::ProtocolStep cc(solvers::ProtocolStep::Kind k, double c_rate, double v) {
  solvers::ProtocolStep s;
  s.kind = k;
  s.rate = {solvers::Rate::Kind::c_rate, c_rate};
  s.until_voltage = v;
  return s;
}

}  // namespace electrodem::test
