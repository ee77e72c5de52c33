// cycle: charge/discharge on the contact network of the pressed electrode
// (DESIGN.md §3.3) with the mechano-electrochemical coupling of §3.4
// (coupling.hpp, docs/coupling.md): AM radii follow the lithiation, the DEM
// relaxes at constant stack pressure or thickness when radii moved more than
// cycle.coupling_threshold, and the new contact graph and particle stresses go
// back to the electrochemistry. Writes cycle_timeseries.csv (one row per
// output time, with stack pressure and thickness), cycles.csv (one row per
// cycle) and VTK frames with lithiation, potentials, hydrostatic stress and
// the AM|SE contacts opened since the start of the stage.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "coupling.hpp"
#include "electrodem/dem/statistics.hpp"
#include "electrodem/io/csv_series.hpp"
#include "electrodem/network/extract_graph.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "stage.hpp"

namespace electrodem::stages {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using PairList = std::vector<std::pair<int, int>>;

// AM|SE contacts (i < j) with a > 0, sorted.
PairList am_se_pairs(const network::ContactGraph& g, const dem::MaterialSet& materials) {
  PairList out;
  for (const auto& e : g.edges) {
    const auto a = materials[static_cast<std::size_t>(g.material[e.i])].role;
    const auto b = materials[static_cast<std::size_t>(g.material[e.j])].role;
    const bool am_se = (a == dem::Role::active && b == dem::Role::electrolyte) ||
                       (a == dem::Role::electrolyte && b == dem::Role::active);
    if (am_se && e.contact_radius > 0.0) out.emplace_back(std::min(e.i, e.j), std::max(e.i, e.j));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Per particle: AM|SE contacts of `initial` that are open in `now`.
std::vector<int> opened_contacts(const PairList& initial, const PairList& now, std::size_t n) {
  std::vector<int> count(n, 0);
  for (const auto& c : initial)
    if (!std::binary_search(now.begin(), now.end(), c)) ++count[c.first], ++count[c.second];
  return count;
}

// Extremes and cost of the mechanics within one cycle.
struct CycleMechanics {
  double p_min = kInf, p_max = -kInf, area_min = kInf, dh_min = kInf, dh_max = -kInf;
  double p_end = 0.0, dh_end = 0.0;  // at the last step of the cycle
  ContactMetrics end;
  dem::NamedValues welds_end;  // weld counts per material pair (only with cold welding)
  int relax0 = 0;
  long long steps0 = 0;
  double wall0 = 0.0;
};

// Least-squares slope of the discharge capacity over the cycle number, divided by the mean
// capacity and negated: the fractional capacity lost per cycle (positive = fade). Unlike
// Q_n / Q_1 it does not hinge on one (noisy) first cycle [1/cycle].
double capacity_fade_rate(const std::vector<double>& q) {
  const double n = static_cast<double>(q.size());
  if (q.size() < 2) return 0.0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < q.size(); ++k) {
    const double x = static_cast<double>(k + 1);
    sx += x, sy += q[k], sxx += x * x, sxy += x * q[k];
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const double mean = sy / n;
  return mean > 0.0 ? -slope / mean : 0.0;
}

}  // namespace

void cycle_stage(StageContext& ctx) {
  const RunConfig& cfg = ctx.config;
  dem::System& sys = *ctx.state.system;
  network::ContactGraph graph = network::extract_graph(sys);
  solvers::ElectrochemSystem echem(graph, cfg.materials, cfg.cycle.options);
  ctx.log.info("[cycle] theoretical capacity " + fmt(echem.theoretical_capacity() / 3.6) +
               " mAh, utilisable " + fmt(100 * echem.utilisable_fraction(), 3) +
               " %, 1C = " + fmt(echem.one_c_current() * 1e3) + " mA");

  CouplingSettings cs;
  cs.mechanics = cfg.cycle.mechanics;
  cs.stack_pressure = cfg.cycle.stack_pressure.value_or(cfg.release.pressure);
  cs.stress_feedback = cfg.cycle.options.stress_coupling;
  cs.params = cfg.coupling;
  Coupling coupling(sys, cfg.materials, cs, echem.mean_lithiation(), ctx.log);
  if (coupling.active()) {
    // Bring the electrode to the stack pressure first if the release left it elsewhere.
    const bool off_target = cs.mechanics == "constant_pressure" &&
                            std::fabs(sys.punch_stress() - cs.stack_pressure) >
                                cs.params.servo.stress_tolerance * std::max(cs.stack_pressure, 1e5);
    if (off_target) {
      ctx.log.info("[cycle] relaxing to the stack pressure " + fmt(cs.stack_pressure / 1e6) +
                   " MPa");
      if (auto g = coupling.update(echem, true)) graph = std::move(*g), echem.set_graph(graph);
    } else if (cs.stress_feedback) {
      echem.set_hydrostatic_stress(coupling.hydrostatic_stress());
    }
  }
  const double h0 = sys.thickness();
  const PairList initial_pairs = am_se_pairs(graph, cfg.materials);
  ContactMetrics metrics = contact_metrics(graph, cfg.materials);
  PairList pairs = initial_pairs;
  std::vector<CycleMechanics> per_cycle(static_cast<std::size_t>(cfg.cycle.cycles));
  const bool welding = dem::welding_enabled(sys);  // cold-weld counts only when they can exist
  auto observe = [&](int cycle) {
    CycleMechanics& m = per_cycle[static_cast<std::size_t>(cycle)];
    const double p = sys.punch_stress(), dh = (sys.thickness() - h0) / h0;
    m.p_min = std::min(m.p_min, p), m.p_max = std::max(m.p_max, p);
    m.dh_min = std::min(m.dh_min, dh), m.dh_max = std::max(m.dh_max, dh);
    m.area_min = std::min(m.area_min, metrics.am_se_area);
    m.p_end = p, m.dh_end = dh, m.end = metrics;
    if (welding) m.welds_end = dem::weld_counts(sys);
  };
  observe(0);

  const solvers::StepHook on_step =
      [&](solvers::ElectrochemSystem& e,
          const solvers::StepInfo& info) -> std::optional<network::ContactGraph> {
    CycleMechanics& m = per_cycle[static_cast<std::size_t>(info.cycle)];
    if (m.p_min == kInf)  // first step of this cycle: cost counters start here
      m.relax0 = coupling.relaxations(), m.steps0 = coupling.relax_steps(),
      m.wall0 = coupling.relax_wall_time();
    auto g = coupling.update(e);
    if (g) {
      metrics = contact_metrics(*g, cfg.materials);
      pairs = am_se_pairs(*g, cfg.materials);
    }
    observe(info.cycle);
    return g;
  };

  auto particle_fields = [&](const solvers::ElectrochemSystem& e) {
    std::vector<io::Field> f;
    f.push_back(io::Field::scalar("lithiation", e.mean_lithiation()));
    f.push_back(io::Field::scalar("surface lithiation", e.surface_lithiation()));
    f.push_back(io::Field::scalar("electronic potential [V]", e.electronic_potential()));
    f.push_back(io::Field::scalar("ionic potential [V]", e.ionic_potential()));
    std::vector<int> reacting(e.reacting().begin(), e.reacting().end());
    f.push_back(io::Field::integers("reacting", reacting));
    if (coupling.active()) {
      f.push_back(io::Field::integers("opened AM|SE contacts",
                                      opened_contacts(initial_pairs, pairs, sys.p.size())));
      f.push_back(io::Field::scalar("hydrostatic stress [Pa]", coupling.hydrostatic_stress()));
    }
    return f;
  };

  const double dem_time = sys.time();  // frames continue the DEM series in time
  io::CsvSeries series(ctx.out.dir() / "cycle_timeseries.csv");
  int rows = 0;
  const int frame_every = std::max(1, 200 / std::max(1, cfg.output.frames_per_stage));
  const bool frames = cfg.output.vtk && cfg.output.frames_per_stage > 0;
  const solvers::OutputHook on_output = [&](const solvers::ElectrochemSystem& e,
                                            const solvers::Row& row) {
    solvers::Row r = row;
    r.emplace_back("stack pressure [Pa]", sys.punch_stress());
    r.emplace_back("thickness [m]", sys.thickness());
    r.emplace_back("thickness change [-]", (sys.thickness() - h0) / h0);
    r.emplace_back("AM|SE contact area [m^2]", metrics.am_se_area);
    r.emplace_back("active AM|SE contacts [-]", metrics.am_se_contacts);
    r.emplace_back("DEM relaxations [-]", coupling.relaxations());
    series.write(r);
    if (frames && rows++ % frame_every == 0)
      ctx.out.write_frame(ctx.state, particle_fields(e), {}, dem_time + e.time());
  };
  // cycles.csv grows by one row as each cycle ends; the relaxation counters at that moment close
  // the cycle's cost (the next cycle's start values are taken before its first relaxation)
  io::CsvSeries cycles(ctx.out.dir() / "cycles.csv");
  double q_first = 0.0;
  std::size_t k = 0;
  const solvers::CycleHook on_cycle = [&](const solvers::Row& echem_row) {
    solvers::Row row = echem_row;
    const double q = solvers::get(row, "discharge capacity [mAh/g]");
    if (k == 0) q_first = q;
    const CycleMechanics& m = per_cycle[k++];
    row.emplace_back("retention [-]", q_first > 0.0 ? q / q_first : 0.0);
    row.emplace_back("isolated AM fraction [-]",
                     1.0 - solvers::get(row, "utilisable AM fraction [-]"));
    row.emplace_back("AM|SE contact area [m^2]", m.end.am_se_area);
    row.emplace_back("mean AM|SE contact area [m^2]", m.end.mean_am_se_area());
    row.emplace_back("active AM|SE contacts [-]", m.end.am_se_contacts);
    row.emplace_back("stack pressure [Pa]", m.p_end);
    row.emplace_back("thickness change [-]", m.dh_end);
    row.emplace_back("min stack pressure [Pa]", m.p_min);
    row.emplace_back("max stack pressure [Pa]", m.p_max);
    row.emplace_back("min thickness change [-]", m.dh_min);
    row.emplace_back("max thickness change [-]", m.dh_max);
    row.emplace_back("min AM|SE contact area [m^2]", m.area_min);
    row.emplace_back("DEM relaxations [-]", coupling.relaxations() - m.relax0);
    row.emplace_back("DEM relaxation steps [-]",
                     static_cast<double>(coupling.relax_steps() - m.steps0));
    row.emplace_back("DEM relaxation wall time [s]", coupling.relax_wall_time() - m.wall0);
    for (const auto& kv : m.welds_end) row.push_back(kv);
    cycles.write(row);
  };
  const solvers::ProtocolResult result =
      solvers::run_protocol(echem, cfg.cycle, on_step, on_output, &ctx.log, on_cycle);

  // End-of-cycle mechanics of the last cycle (the time series has them per row).
  Summary summary = result.summary;
  summary.emplace_back(
      "retention [-]",
      q_first > 0.0 ? solvers::get(result.cycles.back(), "discharge capacity [mAh/g]") / q_first
                    : 0.0);
  summary.emplace_back("stack pressure [Pa]", sys.punch_stress());
  summary.emplace_back("thickness change [-]", (sys.thickness() - h0) / h0);
  summary.emplace_back("AM|SE contact area [m^2]", metrics.am_se_area);
  summary.emplace_back("mean AM|SE contact area [m^2]", metrics.mean_am_se_area());
  summary.emplace_back("active AM|SE contacts [-]", metrics.am_se_contacts);
  summary.emplace_back("DEM relaxations [-]", coupling.relaxations());
  summary.emplace_back("DEM relaxation steps [-]", static_cast<double>(coupling.relax_steps()));
  summary.emplace_back("DEM relaxation wall time [s]", coupling.relax_wall_time());
  std::vector<double> q;
  for (const auto& row : result.cycles)
    q.push_back(solvers::get(row, "discharge capacity [mAh/g]"));
  summary.emplace_back("discharge capacity fade rate [1/cycle]", capacity_fade_rate(q));
  for (auto& kv : dem::weld_counts(sys)) summary.push_back(std::move(kv));
  if (frames) ctx.out.write_frame(ctx.state, particle_fields(echem), {}, dem_time + echem.time());
  ctx.out.add_summary("cycle", summary);
}

}  // namespace electrodem::stages
