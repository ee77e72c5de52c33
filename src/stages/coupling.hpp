#pragma once
// Mechano-electrochemical coupling of the cycle stage (DESIGN.md §3.4, docs/coupling.md):
// AM radii follow the lithiation, the DEM relaxes at constant stack pressure or constant
// thickness when radii have moved enough, the contact graph is re-extracted (contact radii,
// conductances, reaction areas, connectivity) and the particle hydrostatic stresses are handed to
// the electrochemistry (Omega sigma_h / F). Private to src/stages.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "electrodem/core/log.hpp"
#include "electrodem/dem/system.hpp"
#include "electrodem/network/graph.hpp"
#include "electrodem/solvers/electrochem.hpp"
#include "electrodem/stages/coupling_params.hpp"

namespace electrodem::stages {

// AM|SE contacts of a graph (the reaction sites).
struct ContactMetrics {
  int am_se_contacts = 0;   // with a > 0 [-]
  double am_se_area = 0.0;  // sum of pi a^2 [m^2]
  double mean_am_se_area() const { return am_se_contacts ? am_se_area / am_se_contacts : 0.0; }
};
ContactMetrics contact_metrics(const network::ContactGraph& g, const dem::MaterialSet& materials);

struct CouplingSettings {
  std::string mechanics = "constant_pressure";  // | "constant_thickness" | "off"
  double stack_pressure = 5e6;                  // [Pa] (constant_pressure)
  bool stress_feedback = true;
  CouplingParams params;
};

class Coupling {
 public:
  // `x0`: mean lithiation of every particle at the start (NaN for non-AM). The current solid
  // radii are the radii at x0, so the reference radius (eps_v = 0) is r / (1 + eps_v(x0))^(1/3).
  // `materials` gives the swelling laws (the run's config; the System may come from a checkpoint).
  Coupling(dem::System& system, const dem::MaterialSet& materials, CouplingSettings settings,
           const std::vector<double>& x0, Logger& log);

  bool active() const { return settings_.mechanics != "off"; }
  // The step hook body: radii from the mean lithiation; when the largest relative change since
  // the last update exceeds the threshold (or `force`), relax and return the new graph (stresses
  // are already handed to `e`).
  std::optional<network::ContactGraph> update(solvers::ElectrochemSystem& e, bool force = false);

  // Pieces, public for tests: target solid radius of particle i at lithiation x [m];
  double target_radius(std::size_t i, double x) const;
  // sets the solid radii, returns the largest relative change since the last relaxation;
  double set_radii(const std::vector<double>& radius);
  // relaxes the DEM (mode per settings) and remembers the radii as the last update.
  void relax();
  // per-particle hydrostatic stress (Love-Weber, tension positive) [Pa].
  std::vector<double> hydrostatic_stress() const;

  // Cost and state.
  int relaxations() const { return relaxations_; }
  long long relax_steps() const { return relax_steps_; }
  double relax_wall_time() const { return relax_wall_; }
  double initial_thickness() const { return h0_; }
  double prestrain_ratio() const { return beta_; }
  const dem::System& system() const { return s_; }

 private:
  dem::System& s_;
  dem::MaterialSet materials_;
  CouplingSettings settings_;
  Logger& log_;
  std::vector<double> r_ref_;   // solid radius at eps_v = 0 (AM), 0 otherwise [m]
  std::vector<double> r_last_;  // solid radii at the last relaxation [m]
  std::vector<double> target_;  // scratch
  double h0_ = 0.0;
  double solid_volume_ = 0.0;           // sum of r_s^3 over all particles [m^3 / (4/3 pi)]
  double pending_volume_strain_ = 0.0;  // dV_s / V_s since the last relaxation [-]
  double beta_ = 0.5;  // thickness strain per solid volume strain, learned (affine_prestrain) [-]
  int relaxations_ = 0;
  long long relax_steps_ = 0;
  double relax_wall_ = 0.0;
};

}  // namespace electrodem::stages
