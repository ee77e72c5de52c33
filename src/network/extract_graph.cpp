#include "electrodem/network/extract_graph.hpp"

#include <numbers>

namespace electrodem::network {

ContactGraph extract_graph(const dem::System& s) {
  ContactGraph g;
  const std::size_t n = s.p.size();
  g.position.reserve(n);
  for (std::size_t i = 0; i < n; ++i) g.position.emplace_back(s.p.x[i], s.p.y[i], s.p.z[i]);
  g.radius = s.p.radius;
  g.material = s.p.material;
  // True solid volume (DEM accounting, DESIGN.md §3.1): includes the lenses of
  // overlaps that carry no load and therefore are no edges.
  g.solid_volume.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double r = s.p.radius[i];
    g.solid_volume[i] = 4.0 / 3.0 * std::numbers::pi * r * r * r - s.p.lens_volume[i];
  }
  const std::vector<double> a = s.pair_results().a;
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    if (!(a[k] > 0.0)) continue;
    const int i = s.pairs.i[k], j = s.pairs.j[k];
    g.edges.push_back({i, j, a[k], dem::norm(s.separation(i, j))});
  }
  for (std::size_t k = 0; k < s.walls.size(); ++k) {
    if (!(s.walls.a[k] > 0.0)) continue;
    if (s.walls.j[k] == dem::WallId::bottom) g.bottom.push_back({s.walls.i[k], s.walls.a[k]});
    if (s.walls.j[k] == dem::WallId::top) g.top.push_back({s.walls.i[k], s.walls.a[k]});
  }
  g.area = s.box.area();
  g.thickness = s.thickness();
  return g;
}

}  // namespace electrodem::network
