#pragma once
// The contact network handed from the mechanics to transport and
// electrochemistry: particles as nodes, contacts with a contact radius as
// edges, and the particles touching the bottom wall (current collector) and
// the top wall (separator side) as terminal contacts. Plain data, SI units.
#include <vector>

#include <Eigen/Core>

namespace electrodem::network {

struct Edge {
  int i = 0, j = 0;             // particle indices
  double contact_radius = 0.0;  // a [m]
  double distance = 0.0;        // centre distance (minimum image) [m]
};

struct TerminalContact {
  int node = 0;                 // particle index
  double contact_radius = 0.0;  // a [m]
};

struct ContactGraph {
  // nodes (one per particle)
  std::vector<Eigen::Vector3d> position;  // [m]
  std::vector<double> radius;             // [m]
  std::vector<int> material;              // index into dem::MaterialSet
  // Optional true solid volume per particle [m^3]: sphere minus the lens caps
  // of every geometric overlap, loaded or not (from the DEM). Empty: computed
  // from the edges and wall contacts (particle_solid_volume).
  std::vector<double> solid_volume;
  // edges: only contacts with a > 0
  std::vector<Edge> edges;
  std::vector<TerminalContact> bottom;  // current collector (electrons)
  std::vector<TerminalContact> top;     // separator (ions)
  // electrode geometry for effective properties
  double area = 0.0;       // footprint area [m^2]
  double thickness = 0.0;  // distance between the walls [m]
  std::size_t size() const { return radius.size(); }
};

}  // namespace electrodem::network
