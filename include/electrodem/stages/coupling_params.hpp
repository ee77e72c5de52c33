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
  dem::ServoParams servo = [] {
    dem::ServoParams s;
    s.inertia_number = 5e-4;  // below the 1e-3 quasi-static limit the DEM warns about
    s.unbalanced_tolerance = 0.02;
    s.max_steps = 200000;
    s.hold_max_steps = 20000;
    return s;
  }();
};

// Reads cycle.coupling_threshold and the cycle.relax block (inertia_number,
// unbalanced_force_tolerance, stress_tolerance, max_steps, hold_max_steps, check_every).
CouplingParams parse_coupling(ConfigNode cycle_node);

}  // namespace electrodem::stages
