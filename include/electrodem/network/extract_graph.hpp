#pragma once
// The contact network of a DEM state (DESIGN.md §3.2): one node per particle (apparent radius),
// an edge per loaded particle-particle contact (contact radius a > 0, minimum-image distance),
// bottom-wall contacts as current-collector terminals and top-wall (punch) contacts as
// separator terminals; area = footprint, thickness = punch height.
#include "electrodem/dem/system.hpp"
#include "electrodem/network/graph.hpp"

namespace electrodem::network {

ContactGraph extract_graph(const dem::System& s);

}  // namespace electrodem::network
