#pragma once
// Test helper: a simple-cubic lattice of touching spheres of radius r
// (spacing 2r) between two walls, every contact with a prescribed contact
// radius, so the network's conductance is known in closed form.
#include <functional>

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
