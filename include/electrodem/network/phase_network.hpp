#pragma once
// One transport phase (ionic or electronic) of the contact network: which
// particles conduct it, the conductance of every contact and terminal contact
// in it, and the solid volume of the particles (DESIGN.md §3.2).
#include <string>
#include <vector>

#include "electrodem/dem/material.hpp"
#include "electrodem/network/conductance.hpp"
#include "electrodem/network/graph.hpp"

namespace electrodem::network {

enum class Phase { ionic, electronic };
std::string to_string(Phase p);  // "ionic" / "electronic"

struct PhaseOptions {
  ContactModel model = ContactModel::holm_flux_tube;
  // false: only electrolyte-role materials carry ions and only active/additive
  // materials carry electrons (cross conductivities ignored);
  // true: every material's ionic and electronic conductivity is used as given.
  bool cross_conduction = false;
};

// Conductivity [S/m] of material m in phase p under the options' rules.
double phase_conductivity(const dem::Material& m, Phase p, const PhaseOptions& opt);

struct PhaseNetwork {
  Phase phase = Phase::electronic;
  std::vector<double> node_sigma;  // per particle [S/m], 0 = does not conduct this phase
  std::vector<double> edge_g;      // per graph edge [S], 0 = no link in this phase
  std::vector<double> bottom_g;    // per graph.bottom contact [S]
  std::vector<double> top_g;       // per graph.top contact [S]
  bool conducts(int node) const { return node_sigma[static_cast<std::size_t>(node)] > 0; }
};

// Builds the phase's conductances from the contact graph; throws InputError
// on material indices outside the set and NumericalError on non-finite data.
PhaseNetwork build_phase_network(const ContactGraph& g, const dem::MaterialSet& materials,
                                 Phase phase, const PhaseOptions& opt = {});

// True solid volume [m^3] per particle: g.solid_volume if given (the DEM's
// accounting of every overlap), otherwise the sphere volume minus the lens
// caps cut off by its contacts (particle-particle caps from the centre
// distance, wall caps from the contact radius, h = R - sqrt(R^2 - a^2));
// never negative.
std::vector<double> particle_solid_volume(const ContactGraph& g);

}  // namespace electrodem::network
