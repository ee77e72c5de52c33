#pragma once
// Runs a cycling protocol (CC charge/discharge to a voltage or time, CV hold
// to a current or time, rest) on an ElectrochemSystem with adaptive implicit
// time steps, and collects the outputs as ordered, unit-bearing name/value
// rows (PyBaMM-style names, DESIGN.md §4).
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "electrodem/network/graph.hpp"
#include "electrodem/solvers/echem_params.hpp"
#include "electrodem/solvers/electrochem.hpp"

namespace electrodem {
class Logger;
}

namespace electrodem::solvers {

using Row = std::vector<std::pair<std::string, double>>;

// Value of a named column in a row (throws std::out_of_range if absent).
double get(const Row& row, const std::string& name);

struct ProtocolResult {
  std::vector<Row> timeseries;  // one row per output time
  std::vector<Row> cycles;      // one row per cycle
  Row summary;                  // includes "discharge capacity [mAh/g]" (last cycle)
};

// Where the runner is, handed to the hooks.
struct StepInfo {
  int cycle = 0;  // 0-based
  int step = 0;   // index into the protocol
  const ProtocolStep* protocol_step = nullptr;
  StepResult result;  // the accepted time step
};

// Called after every accepted time step. It may change the system (e.g. set a
// hydrostatic stress) and may hand back a new contact graph (after a DEM
// relaxation), which the runner installs with set_graph before the next step.
using StepHook =
    std::function<std::optional<network::ContactGraph>(ElectrochemSystem&, const StepInfo&)>;
// Called whenever a time-series row is recorded (e.g. to write a VTK frame).
using OutputHook = std::function<void(const ElectrochemSystem&, const Row&)>;
// Called with each cycle's row as soon as the cycle ends (e.g. to grow cycles.csv during a long
// run, so a stopped run keeps the cycles it finished).
using CycleHook = std::function<void(const Row&)>;

// Throws NumericalError when a step cannot be converged even at the smallest time step.
ProtocolResult run_protocol(ElectrochemSystem& system, const CycleParams& params,
                            const StepHook& on_step = {}, const OutputHook& on_output = {},
                            Logger* log = nullptr, const CycleHook& on_cycle = {});

// Time-series row of the current state (used by the runner; public for callers
// that step the system themselves). Capacities are passed in as charges [C].
Row state_row(const ElectrochemSystem& system, int cycle, int step, double step_charge,
              double net_charge);

}  // namespace electrodem::solvers
