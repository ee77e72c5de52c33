#pragma once
// Test helper: a simple-cubic lattice of touching spheres of radius r
// (spacing 2r) between two walls, every contact with a prescribed contact
// radius, so the network's conductance is known in closed form.
#include <cmath>
#include <functional>
#include <vector>

#include "electrodem/network/graph.hpp"

namespace electrodem::testlattice {

// material(ix, iy, iz) gives each sphere's material index; iz = 0 touches the
// bottom wall, iz = nz - 1 the top wall. Lateral contacts are included (they
// carry no current when the layers are uniform in x and y).
inline network::ContactGraph sc_lattice(int nx, int ny, int nz, double r, double a, double a_wall,
                                        const std::function<int(int, int, int)>& material) {
  network::ContactGraph g;
  auto id = [&](int ix, int iy, int iz) { return (iz * ny + iy) * nx + ix; };
  for (int iz = 0; iz < nz; ++iz)
    for (int iy = 0; iy < ny; ++iy)
      for (int ix = 0; ix < nx; ++ix) {
        g.position.emplace_back(r + 2 * r * ix, r + 2 * r * iy, r + 2 * r * iz);
        g.radius.push_back(r);
        g.material.push_back(material(ix, iy, iz));
        const int k = id(ix, iy, iz);
        if (ix > 0) g.edges.push_back({id(ix - 1, iy, iz), k, a, 2 * r});
        if (iy > 0) g.edges.push_back({id(ix, iy - 1, iz), k, a, 2 * r});
        if (iz > 0) g.edges.push_back({id(ix, iy, iz - 1), k, a, 2 * r});
        if (iz == 0) g.bottom.push_back({k, a_wall});
        if (iz == nz - 1) g.top.push_back({k, a_wall});
      }
  g.area = (2 * r * nx) * (2 * r * ny);
  g.thickness = 2 * r * nz;
  return g;
}

}  // namespace electrodem::testlattice

namespace electrodem::testlattice {

// A face-centred-cubic lattice of touching spheres of radius r between two
// walls: sites (i, j, k) with i + j + k even on a grid of spacing s = sqrt(2) r,
// so the 12 nearest neighbours are at 2r (sphere volume fraction pi/(3 sqrt 2)).
// Layer k = 0 touches the bottom wall, k = nz - 1 the top wall; every contact
// has radius a, every wall contact a_wall.
inline network::ContactGraph fcc_lattice(int nx, int ny, int nz, double r, double a,
                                         double a_wall) {
  network::ContactGraph g;
  const double s = std::sqrt(2.0) * r;
  std::vector<int> id(static_cast<std::size_t>(nx * ny * nz), -1);
  auto at = [&](int i, int j, int k) -> int& {
    return id[static_cast<std::size_t>((k * ny + j) * nx + i)];
  };
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        if ((i + j + k) % 2 != 0) continue;
        const int n = static_cast<int>(g.radius.size());
        at(i, j, k) = n;
        g.position.emplace_back(s * i + r, s * j + r, s * k + r);
        g.radius.push_back(r);
        g.material.push_back(0);
        if (k == 0) g.bottom.push_back({n, a_wall});
        if (k == nz - 1) g.top.push_back({n, a_wall});
        // neighbours already placed: offsets with a negative first non-zero component
        const int off[6][3] = {{-1, -1, 0}, {1, -1, 0},  {-1, 0, -1},
                               {1, 0, -1},  {0, -1, -1}, {0, 1, -1}};
        for (const auto& o : off) {
          const int ii = i + o[0], jj = j + o[1], kk = k + o[2];
          if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
          g.edges.push_back({at(ii, jj, kk), n, a, 2 * r});
        }
      }
  g.area = (s * nx) * (s * ny);
  g.thickness = s * (nz - 1) + 2 * r;
  return g;
}

}  // namespace electrodem::testlattice
