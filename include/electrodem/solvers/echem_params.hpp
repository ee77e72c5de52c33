#pragma once
// Parameters of the electrochemical cycling (the "cycle" config block,
// DESIGN.md §3.3/§4) and of the coupled solver. SI units throughout.
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace electrodem {
class ConfigNode;
}

namespace electrodem::solvers {

// Counter electrode at the separator terminal. Li metal reacts with
// Butler-Volmer kinetics (symmetric, U = 0); Li-In is a fixed potential of
// 0.62 V vs Li/Li+ (no kinetics unless an exchange current density is given).
struct CounterElectrode {
  std::string name = "Li";
  double potential = 0.0;  // U_ce vs Li/Li+ [V]; cell voltage = cathode potential - U_ce
  // i0 [A/m^2] over the footprint area; infinity = ideal fixed-potential electrode.
  double exchange_current_density = 10.0;
  double transfer_coefficient = 0.5;  // alpha [-]
  bool ideal() const {
    return !(exchange_current_density < std::numeric_limits<double>::infinity());
  }
};

struct EchemOptions {
  double temperature = 298.15;  // [K]
  // Effective Li+ concentration c_e of the solid electrolyte in
  // i0 = F k0 c_e^(1-a) (c_max - c_s)^(1-a) c_s^a [mol/m^3]. A solid
  // electrolyte has no concentration polarisation, so c_e is a constant that
  // only scales i0; 1000 mol/m^3 makes liquid-electrolyte rate constants
  // (e.g. Chen 2020) give their liquid-cell exchange current densities.
  double electrolyte_concentration = 1000.0;
  CounterElectrode counter;
  int shells = 20;                  // finite-volume shells per AM particle (>= 10)
  double shell_refinement = 8.0;    // innermost / outermost shell width
  bool stress_coupling = true;      // apply the Omega*sigma_h/F shift when stresses are set
  double newton_tolerance = 1e-10;  // residual tolerance relative to the 1C current
  int max_newton_iterations = 30;
  // Newton linear systems: GMRES preconditioned by a reused Cholesky factor of
  // the symmetric part (fast), or a sparse LU of the exact Jacobian at every
  // iteration (the reference; ~10-50x slower on thousands of particles).
  enum class LinearSolver { gmres, lu } linear_solver = LinearSolver::gmres;
};

// Current magnitude of a step: a C-rate multiple, an absolute current or a
// current density over the footprint area.
struct Rate {
  enum class Kind { c_rate, current, current_density } kind = Kind::c_rate;
  double value = 0.0;  // C multiple [-], [A] or [A/m^2]
  double amps(double one_c_current, double area) const;
};

struct ProtocolStep {
  enum class Kind { charge, discharge, hold, rest } kind = Kind::rest;
  Rate rate;                            // charge/discharge
  double voltage = 0.0;                 // hold voltage [V]
  std::optional<double> until_voltage;  // charge/discharge end [V]
  std::optional<double> until_time;     // duration limit of the step [s]
  std::optional<Rate> until_current;    // hold ends when |I| falls below this
  std::string describe() const;
};

struct CycleParams {
  EchemOptions options;
  std::string mechanics = "constant_pressure";  // for the coupling (issue 6); not used here
  std::optional<double> stack_pressure;         // [Pa]; absent = release.pressure (caller)
  std::vector<ProtocolStep> protocol;
  int cycles = 1;
  double output_period = 0.0;  // [s] between time-series rows; 0 = every accepted step
  double max_time_step = 0.0;  // [s]; 0 = no limit
  double min_voltage = 0.0;    // safety cut-offs ending any step [V]
  double max_voltage = 10.0;
  double lithiation_step = 0.01;  // target max change of surface lithiation per step [-]
};

// Reads the "cycle" block; problems are reported through the ConfigNode (by
// JSON path) and thrown by the reader's finish().
CycleParams parse_cycle(ConfigNode node);

}  // namespace electrodem::solvers
