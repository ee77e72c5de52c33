// cycle: charge/discharge on the contact network of the pressed electrode
// (DESIGN.md §3.3). Writes cycle_timeseries.csv (one row per output time),
// cycles.csv (one row per cycle) and VTK frames with lithiation and potentials.
#include <cmath>

#include "electrodem/io/csv_series.hpp"
#include "electrodem/network/extract_graph.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "stage.hpp"

namespace electrodem::stages {
namespace {

std::vector<io::Field> echem_fields(const solvers::ElectrochemSystem& e) {
  std::vector<io::Field> f;
  f.push_back(io::Field::scalar("lithiation", e.mean_lithiation()));
  f.push_back(io::Field::scalar("surface lithiation", e.surface_lithiation()));
  f.push_back(io::Field::scalar("electronic potential [V]", e.electronic_potential()));
  f.push_back(io::Field::scalar("ionic potential [V]", e.ionic_potential()));
  std::vector<int> reacting(e.reacting().begin(), e.reacting().end());
  f.push_back(io::Field::integers("reacting", reacting));
  return f;
}

}  // namespace

void cycle_stage(StageContext& ctx) {
  const RunConfig& cfg = ctx.config;
  const network::ContactGraph graph = network::extract_graph(*ctx.state.system);
  solvers::ElectrochemSystem echem(graph, cfg.materials, cfg.cycle.options);
  ctx.log.info("[cycle] theoretical capacity " + fmt(echem.theoretical_capacity() / 3.6) + " mAh, utilisable " +
               fmt(100 * echem.utilisable_fraction(), 3) + " %, 1C = " + fmt(echem.one_c_current() * 1e3) + " mA");

  const double dem_time = ctx.state.system->time();  // frames continue the DEM series in time
  io::CsvSeries series(ctx.out.dir() / "cycle_timeseries.csv");
  // VTK frames: about frames_per_stage per cycle, spaced by protocol time.
  int rows = 0;
  const int frame_every = std::max(1, 200 / std::max(1, cfg.output.frames_per_stage));
  const solvers::OutputHook on_output = [&](const solvers::ElectrochemSystem& e, const solvers::Row& row) {
    series.write(row);
    if (rows++ % frame_every == 0) ctx.out.write_frame(ctx.state, echem_fields(e), {}, dem_time + e.time());
  };
  const solvers::ProtocolResult result = solvers::run_protocol(echem, cfg.cycle, {}, on_output, &ctx.log);

  io::CsvSeries cycles(ctx.out.dir() / "cycles.csv");
  for (const auto& row : result.cycles) cycles.write(row);
  ctx.out.write_frame(ctx.state, echem_fields(echem), {}, dem_time + echem.time());
  ctx.out.add_summary("cycle", result.summary);
}

}  // namespace electrodem::stages
