#pragma once
// Connectivity of one transport phase (Boost.Graph): clusters, which wall(s)
// each cluster reaches, the spanning cluster and its current-carrying
// backbone; plus the utilisable active material (DESIGN.md §3.2).
#include <cstddef>
#include <vector>

#include "electrodem/dem/material.hpp"
#include "electrodem/network/graph.hpp"
#include "electrodem/network/phase_network.hpp"

namespace electrodem::network {

// Per-particle state in one phase (the integer is what the VTK field holds).
enum class NodeState : int {
  none = 0,         // does not conduct this phase
  isolated = 1,     // cluster reaches neither wall
  bottom_only = 2,  // cluster reaches the bottom wall only
  top_only = 3,     // cluster reaches the top wall only
  dead_end = 4,     // in a spanning cluster but on no path between the walls (carries no current)
  backbone = 5,     // on a path bottom wall -> top wall (current-carrying)
};

struct PhaseConnectivity {
  Phase phase = Phase::electronic;
  std::vector<int> cluster;      // per particle: cluster id, -1 if it does not conduct
  std::vector<NodeState> state;  // per particle
  std::vector<int> spanning;     // particles in spanning clusters, ascending
  int clusters = 0;              // number of clusters of conducting particles
  int spanning_clusters = 0;     // clusters touching both walls
  // particle counts by state and solid volumes [m^3]
  std::size_t members = 0, isolated = 0, bottom_only = 0, top_only = 0, dead_end = 0, backbone = 0;
  double member_volume = 0.0, spanning_volume = 0.0, backbone_volume = 0.0;
  bool percolates() const { return spanning_clusters > 0; }
  // Share of the phase's solid volume in spanning clusters [-] (0 if no members).
  double percolating_fraction() const;
  bool reaches_bottom(int node) const;
  bool reaches_top(int node) const;
};

// Cluster analysis of a phase; volume is the per-particle solid volume.
PhaseConnectivity analyse_connectivity(const ContactGraph& g, const PhaseNetwork& net,
                                       const std::vector<double>& volume);

struct Utilisation {
  std::vector<int> utilisable;  // per particle: 1 = utilisable AM, else 0
  std::size_t am_count = 0, utilisable_count = 0;
  double am_volume = 0.0, utilisable_volume = 0.0;  // [m^3]
  double active_area = 0.0;                         // sum of pi a^2 [m^2]
  double active_area_per_volume = 0.0;              // active_area / (A H) [1/m]
  double fraction() const { return am_volume > 0 ? utilisable_volume / am_volume : 0.0; }
};

// AM (role active) is utilisable when it is electronically connected to the
// bottom wall (collector) and touches an SE particle (role electrolyte) that is
// ionically connected to the top wall (separator) or, if
// separator_is_electrolyte, touches the top wall itself. The active area is the
// sum of pi a^2 over those AM|SE (and AM|separator) contacts.
Utilisation compute_utilisation(const ContactGraph& g, const dem::MaterialSet& materials,
                                const PhaseConnectivity& electronic, const PhaseConnectivity& ionic,
                                const std::vector<double>& volume,
                                bool separator_is_electrolyte = true);

}  // namespace electrodem::network
