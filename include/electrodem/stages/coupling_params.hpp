#pragma once
// Settings of the mechano-electrochemical coupling in the cycle stage (DESIGN.md §3.4,
// docs/coupling.md). `cycle.mechanics`, `cycle.stack_pressure` and `cycle.stress_feedback` are
// read by solvers::parse_cycle; the keys here are the coupling's own.
#include "electrodem/dem/compaction.hpp"

namespace electrodem {
class ConfigNode;
}

namespace electrodem::stages {

struct CouplingParams {
  // Relax the DEM when max_i |r_i / r_i(last update) - 1| over AM exceeds this [-].
  double threshold = 1e-3;
  // Servo/hold settings of each relaxation (mode and pressure come from cycle.mechanics and
  // cycle.stack_pressure). Looser than press: each relaxation starts near equilibrium.
  // The budgets are per relaxation: a relaxation that does not settle within them is reported
  // (warning, cycles.csv cost columns) and the cycle goes on from where the DEM stopped.
  dem::ServoParams servo = [] {
    dem::ServoParams s;
    s.inertia_number = 5e-4;  // below the 1e-3 quasi-static limit the DEM warns about
    s.unbalanced_tolerance = 0.02;
    s.max_steps = 50000;
    s.hold_max_steps = 5000;
    return s;
  }();
  // Cundall local damping alpha applied only while relaxing (the System's own value is restored
  // afterwards). A relaxation searches the quasi-static equilibrium after a radius change of a
  // fraction of a percent over hours of cycling: its transient is not physical, only its end
  // state is, and alpha = 0.7 (Cundall & Strack 1979; PFC default) removes the kinetic energy in
  // a few wave transits instead of the many the contact dashpots alone need [-].
  double local_damping = 0.7;
  // Constant pressure: before each relaxation, map the particle heights and the punch affinely,
  // z <- (1 + e) z, by the thickness strain the solid volume change predicts,
  // e = beta dV_s / V_s (fixed footprint; beta = 1 if the porosity stayed constant), with beta
  // learned from the previous relaxation's measured thickness strain (clamped to [0, 1], 0.5 at
  // first). The AM of the whole electrode swells at once, so an affine start is closer to the real
  // deformation than a punch pushing a compaction front through the stack; the servo then only
  // corrects the residual, instead of travelling the whole strain at the inertia-number speed.
  bool affine_prestrain = true;
};

// Reads cycle.coupling_threshold and the cycle.relax block (inertia_number,
// unbalanced_force_tolerance, stress_tolerance, max_steps, hold_max_steps, check_every).
CouplingParams parse_coupling(ConfigNode cycle_node);

}  // namespace electrodem::stages
