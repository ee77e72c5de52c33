#pragma once
// Steady conduction on the contact network (DESIGN.md §3.2): effective ionic
// and electronic conductivity, tortuosity, percolation and utilisable AM.
//
// Each phase is measured like a DC polarisation with phase-selective blocking
// electrodes: both walls are ideal electrodes for the phase (bottom wall at
// 0 V, top wall at applied_voltage), every particle of the phase touching a
// wall is connected to it through one half-link, and only the clusters that
// touch both walls are solved (Kirchhoff's law: graph Laplacian with
// Dirichlet walls). sigma_eff = I H / (A dV). See docs/conductance.md.
#include <string>
#include <utility>
#include <vector>

#include "electrodem/dem/material.hpp"
#include "electrodem/network/connectivity.hpp"
#include "electrodem/network/graph.hpp"
#include "electrodem/network/phase_network.hpp"
#include "electrodem/solvers/linear.hpp"

namespace electrodem {
class ConfigNode;
class Logger;
}  // namespace electrodem

namespace electrodem::solvers {

struct TransportParams {
  LinearOptions linear;         // "solver", "preconditioner", "tolerance", "max_iterations"
  network::PhaseOptions phase;  // "contact_model", "cross_conduction"
  double applied_voltage =
      1.0;  // "applied_voltage" [V]; the problem is linear, it only scales fields
  bool separator_is_electrolyte =
      true;  // "separator_is_electrolyte": AM touching the top wall is ionically wired
};

// Reads the "transport" config object; every key has a default.
TransportParams parse_transport(ConfigNode node);

// Steady conduction in one phase.
struct ConductionSolution {
  network::Phase phase = network::Phase::electronic;
  std::vector<double>
      potential;  // per particle [V]; wall potential for single-wall clusters, NaN if undefined
  std::vector<double> node_current;  // per particle: throughput 1/2 sum |I| over its links [A]
  std::vector<double> edge_current;  // per graph edge, from i to j [A]
  std::vector<double> bottom_current, top_current;  // per wall contact, wall -> particle [A]
  double current_in = 0.0;                          // from the top wall into the network [A]
  double current_out = 0.0;                         // from the network into the bottom wall [A]
  double conductivity = 0.0;                        // sigma_eff = I H / (A dV) [S/m]
  // Solver: relative residual |b - A x| / |b - A x0| of the final round
  // (x0 = linear profile between the walls), iterations of all rounds.
  LinearReport solver;
  double current_leak =
      0.0;  // sum over nodes of |net current| / I_in [-] (>= |I_in - I_out| / I_in)
  std::size_t unknowns = 0;
};

ConductionSolution solve_conduction(const network::ContactGraph& g,
                                    const network::PhaseNetwork& net,
                                    const network::PhaseConnectivity& conn, double voltage,
                                    const LinearOptions& opt);

// Everything the transport stage reports for one phase.
struct PhaseTransport {
  network::PhaseNetwork network;
  network::PhaseConnectivity connectivity;
  ConductionSolution conduction;
  double volume_fraction = 0.0;     // eps: solid volume of the phase / (A H) [-]
  double bulk_conductivity = 0.0;   // volume-weighted mean of the phase's conductivities [S/m]
  double tortuosity = 0.0;          // tau = eps sigma_bulk / sigma_eff [-] (inf if not percolating)
  double bruggeman_exponent = 0.0;  // n in sigma_eff = sigma_bulk eps^n [-] (NaN if undefined)
};

struct NamedField {
  std::string name;  // unit-bearing, e.g. "ionic potential [V]"
  std::vector<double> values;
};

struct TransportResult {
  PhaseTransport ionic, electronic;
  network::Utilisation utilisation;
  std::vector<std::pair<std::string, double>> summary;  // ordered, unit-bearing keys
  std::vector<NamedField> particle_fields;              // one value per particle
  std::vector<NamedField> contact_fields;               // one value per graph edge
};

TransportResult run_transport(const network::ContactGraph& g, const dem::MaterialSet& materials,
                              const TransportParams& params, Logger& log);

}  // namespace electrodem::solvers
