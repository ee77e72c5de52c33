// Mechano-electrochemical coupling (issue 6, DESIGN.md §3.4, docs/coupling.md): consistency with
// the DEM's own reloading stiffness, eps_v = 0 == no coupling, the NCM shrinkage trends (contact
// area and stack pressure during charge/discharge, retention vs stack pressure and vs |eps_v|),
// and the exact Omega sigma_h / F shift of the open-circuit voltage. One small pressed electrode
// per release pressure is built in memory per test binary and copied by each test.
//
// The tests run the DEM on one thread (SingleThread): with 300 particles the OpenMP loops save
// nothing, and on an oversubscribed machine every fork/join barrier can cost milliseconds, which
// is what kept these tests from ever finishing in session 1 (60 instead of 3e4 steps/s).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../../src/stages/coupling.hpp"
#include "../../src/stages/stage.hpp"
#include "electrodem/core/constants.hpp"
#include "electrodem/dem/compaction.hpp"
#include "electrodem/solvers/electrochem.hpp"

namespace electrodem::stages {
namespace {

namespace fs = std::filesystem;

// 300 particles (NCM811 8 um / Li6PS5Cl 3 um, 60:40 by volume) in a 30 x 30 um periodic cell,
// pressed to 100 MPa and released to `release` MPa.
Json electrode_config(double release_mpa) {
  return Json::parse(R"({
    "seed": 3,
    "materials": {
      "NCM811": {"base": "NCM811", "electronic_conductivity": "5 mS/cm"},
      "LPSCl": {"base": "Li6PS5Cl", "yield_pressure": "0.5 GPa", "ionic_conductivity": "2.3 mS/cm"}
    },
    "packing": {"footprint": ["30 um", "30 um"], "count": 300,
      "components": [
        {"material": "NCM811", "volume_fraction": 0.6,
         "diameter": {"distribution": "lognormal", "median": "8 um", "gsd": 1.2}},
        {"material": "LPSCl", "volume_fraction": 0.4,
         "diameter": {"distribution": "lognormal", "median": "3 um", "gsd": 1.3}}]},
    "press": {"pressure": "100 MPa", "inertia_number": 0.01},
    "release": {"pressure": ")" +
                     std::to_string(release_mpa) + R"( MPa", "inertia_number": 0.01},
    "cycle": {"protocol": [{"charge": "C/5", "until": "4.3 V"}, {"discharge": "C/5", "until": "2.5 V"}],
              "cycles": 1, "coupling_threshold": 0.003, "lithiation_step": 0.03},
    "output": {"vtk": false, "progress_interval": "1000 s"}
  })");
}

// Runs OpenMP regions on one thread for the lifetime of the guard (restored afterwards).
class SingleThread {
 public:
#ifdef _OPENMP
  SingleThread() : saved_(omp_get_max_threads()) {
    omp_set_num_threads(1);
  }
  ~SingleThread() {
    omp_set_num_threads(saved_);
  }

 private:
  int saved_;
#endif
};

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("electrodem_coupling_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Pressed + released electrode at the given release pressure, with the "seed", "materials" and
// "packing" of `patch` merged into the config (another packing, cold welding, a larger electrode),
// built once per pressure and patch.
const State& pressed(double release_mpa, const Json& patch = Json::object()) {
  SingleThread one;
  static std::map<std::string, State> cache;
  Json electrode = Json::object();
  for (const char* k : {"seed", "materials", "packing"})
    if (patch.contains(k)) electrode[k] = patch[k];
  const std::string key = std::to_string(release_mpa) + electrode.dump();
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  Json j = electrode_config(release_mpa);
  j.merge_patch(electrode);
  TempDir dir("press");
  j["output"]["dir"] = dir.path.string();
  const RunConfig cfg = parse_run_config(j, ".");
  Logger log(true);
  RunOutput out(cfg, log);
  State state;
  StageContext ctx{cfg, state, out, log};
  generate_stage(ctx);
  press_stage(ctx);
  release_stage(ctx);
  return cache.emplace(key, std::move(state)).first->second;
}

// Columns of a CSV written by io::CsvSeries.
std::map<std::string, std::vector<double>> read_csv(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream hs(line);
  for (std::string c; std::getline(hs, c, ',');) names.push_back(c);
  std::map<std::string, std::vector<double>> cols;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::size_t k = 0;
    for (std::string c; std::getline(ls, c, ',') && k < names.size(); ++k)
      cols[names[k]].push_back(std::stod(c));
  }
  return cols;
}

struct CycleRun {
  std::map<std::string, std::vector<double>> series, cycles;
};

// Runs the cycle stage on a copy of the pressed electrode with `overrides` applied to the config.
CycleRun run_cycle(double release_mpa, const std::string& name, const Json& overrides) {
  SingleThread one;
  Json j = electrode_config(release_mpa);
  j["cycle"]["stack_pressure"] = std::to_string(release_mpa) + " MPa";
  j.merge_patch(overrides);
  TempDir dir(name);
  j["output"]["dir"] = dir.path.string();
  const RunConfig cfg = parse_run_config(j, ".");
  Logger log(true);
  RunOutput out(cfg, log);
  State state = pressed(release_mpa, overrides);
  StageContext ctx{cfg, state, out, log};
  cycle_stage(ctx);
  return {read_csv(dir.path / "cycle_timeseries.csv"), read_csv(dir.path / "cycles.csv")};
}

dem::ServoParams tight_servo() {
  dem::ServoParams s;
  s.stress_tolerance = 2e-3;
  s.unbalanced_tolerance = 2e-3;
  s.max_steps = 200000;
  s.hold_max_steps = 50000;
  return s;
}

// Quasi-static relaxation as the coupling does it (from rest, local damping while relaxing).
double relax_to(dem::System& s, const std::string& mode, double pressure) {
  SingleThread one;
  for (auto* v : {&s.p.vx, &s.p.vy, &s.p.vz, &s.p.wx, &s.p.wy, &s.p.wz})
    std::fill(v->begin(), v->end(), 0.0);
  s.params.local_damping = CouplingParams{}.local_damping;
  s.update_time_step();
  dem::RelaxParams p;
  p.mode = mode;
  p.pressure = pressure;
  p.servo = tight_servo();
  Logger log(true);
  dem::relax(s, p, log);
  return s.punch_stress();
}

// Consistency: at fixed thickness a uniform AM radius change +delta raises the stack pressure by
// K * eps_free, where K = d sigma / d eps_h is the electrode's reloading stiffness (punch stress
// step at fixed radii) and eps_free the thickness strain the same radius change gives at constant
// stack pressure. Both come from the same DEM; linear superposition for small strains (the
// stress steps are 5 % of the stack pressure, so the Hertzian stiffness varies by ~2 % across
// them; the 10 % tolerance is the issue's).
TEST(Coupling, FixedThicknessPressureRiseMatchesReloadingStiffness) {
  const State& base = pressed(20.0);
  const double delta = 1e-3;
  dem::System s0 = *base.system;
  const double p0 = relax_to(s0, "constant_pressure", 20e6);
  const double h0 = s0.thickness();

  dem::System a = s0;  // reloading stiffness: +1 MPa at fixed radii
  relax_to(a, "constant_pressure", p0 + 1e6);
  const double stiffness = (a.punch_stress() - p0) / ((h0 - a.thickness()) / h0);

  auto swell = [&](dem::System& s) {
    for (std::size_t i = 0; i < s.p.size(); ++i)
      if (s.materials[static_cast<std::size_t>(s.p.material[i])].role == dem::Role::active)
        s.set_solid_radius(i, s.p.solid_radius[i] * (1.0 + delta));
  };
  dem::System b = s0;  // free swelling strain at constant stack pressure
  swell(b);
  relax_to(b, "constant_pressure", p0);
  const double eps_free = (b.thickness() - h0) / h0;

  dem::System c = s0;  // the coupling's case: fixed thickness
  swell(c);
  const double rise = relax_to(c, "constant_thickness", -1.0) - p0;
  const double predicted = stiffness * eps_free;
  std::printf(
      "p0 = %.4g MPa, K = %.4g MPa, eps_free = %.4g, rise = %.4g MPa, predicted = %.4g MPa\n",
      p0 / 1e6, stiffness / 1e6, eps_free, rise / 1e6, predicted / 1e6);
  EXPECT_GT(eps_free, 0.0);
  EXPECT_NEAR(rise, predicted, 0.1 * std::fabs(predicted));
}

// With eps_v = 0 (and no stress feedback) the coupling never relaxes: results are identical.
TEST(Coupling, ZeroSwellingIsIdenticalToNoCoupling) {
  const Json no_swell = Json::parse(R"({"materials": {"NCM811": {"swelling": {"coefficient": 0}}},
                                        "cycle": {"stress_feedback": false}})");
  Json coupled = no_swell, off = no_swell;
  coupled["cycle"]["mechanics"] = "constant_pressure";
  off["cycle"]["mechanics"] = "off";
  const CycleRun a = run_cycle(5.0, "eps0_on", coupled), b = run_cycle(5.0, "eps0_off", off);
  for (const char* col :
       {"charge capacity [mAh/g]", "discharge capacity [mAh/g]", "end voltage [V]"})
    EXPECT_EQ(a.cycles.at(col), b.cycles.at(col)) << col;
  EXPECT_EQ(a.series.at("voltage [V]"), b.series.at("voltage [V]"));
  EXPECT_EQ(a.cycles.at("DEM relaxations [-]").at(0), 0.0);
  EXPECT_GT(a.cycles.at("discharge capacity [mAh/g]").at(0), 50.0);  // it did cycle
}

// Charge (protocol step 1) extremes and end-of-discharge value of a time-series column.
struct ChargeDischarge {
  double start, charge_min, charge_max, end;
};
ChargeDischarge charge_discharge(const CycleRun& r, const char* col) {
  const auto& v = r.series.at(col);
  const auto& step = r.series.at("step [-]");
  ChargeDischarge out{v.front(), v.front(), v.front(), v.back()};
  for (std::size_t k = 0; k < v.size(); ++k)
    if (step[k] == 1)
      out.charge_min = std::min(out.charge_min, v[k]),
      out.charge_max = std::max(out.charge_max, v[k]);
  return out;
}

// NCM811 shrinks ~5 % in volume on charge. At constant thickness (here from 50 MPa) the shrinkage
// unloads the electrode: the stack pressure and the AM|SE contact area fall during charge (the
// contacts follow the Thornton-Ning unloading branch about the SE's plastic imprint, and open
// below the residual overlap), and both come back on discharge, when the AM swells into the same
// imprints.
TEST(Coupling, NcmChargeAtConstantThicknessUnloadsAndDischargeRecovers) {
  const CycleRun r =
      run_cycle(50.0, "ncm_ct", Json::parse(R"({"cycle": {"mechanics": "constant_thickness"}})"));
  const ChargeDischarge area = charge_discharge(r, "AM|SE contact area [m^2]");
  const ChargeDischarge p = charge_discharge(r, "stack pressure [Pa]");
  std::printf(
      "constant thickness: AM|SE area start %.4g um^2, charge min %.4g, end of discharge %.4g; "
      "stack pressure "
      "start %.4g MPa, charge min %.4g, end %.4g; relaxations %g, steps %g\n",
      area.start * 1e12, area.charge_min * 1e12, area.end * 1e12, p.start / 1e6, p.charge_min / 1e6,
      p.end / 1e6, r.cycles.at("DEM relaxations [-]")[0],
      r.cycles.at("DEM relaxation steps [-]")[0]);
  EXPECT_LT(area.charge_min, 0.8 * area.start);
  EXPECT_GT(area.end, area.charge_min + 0.2 * (area.start - area.charge_min));
  EXPECT_LT(p.charge_min, 0.7 * p.start);
  EXPECT_GT(p.end, p.charge_min + 0.2 * (p.start - p.charge_min));
  const auto& h = r.series.at("thickness [m]");
  EXPECT_EQ(h.front(), h.back());
  EXPECT_GT(r.cycles.at("DEM relaxations [-]")[0], 2.0);
}

// At constant stack pressure (5 MPa) the punch follows the shrinking electrode: the thickness falls
// during charge and rises on discharge. The AM|SE contact area still falls during charge (the
// contacts unload along the stiff Thornton-Ning unloading branch faster than the rearranging
// packing re-closes them) and comes back on discharge. Measured (300 particles): -19 % during
// charge, and the discharge ends ~20 % above the start (the packing densified, ratcheting).
TEST(Coupling, NcmChargeAtConstantPressureLosesContactAreaAndRecovers) {
  const CycleRun r =
      run_cycle(5.0, "ncm_cp", Json::parse(R"({"cycle": {"mechanics": "constant_pressure"}})"));
  const ChargeDischarge area = charge_discharge(r, "AM|SE contact area [m^2]");
  const ChargeDischarge h = charge_discharge(r, "thickness change [-]");
  std::printf(
      "constant pressure: AM|SE area start %.4g um^2, charge min %.4g, end of discharge %.4g; "
      "thickness change "
      "charge min %.4g, end %.4g\n",
      area.start * 1e12, area.charge_min * 1e12, area.end * 1e12, h.charge_min, h.end);
  EXPECT_LT(area.charge_min, 0.9 * area.start);
  EXPECT_GT(area.end, area.charge_min + 0.2 * (area.start - area.charge_min));
  EXPECT_LT(h.charge_min, -0.005);  // ~0.6 * 5 % volume -> ~-1.7 % at full shrinkage
  EXPECT_GT(h.end, h.charge_min);
}

// Mean of v over the cycles [from, to) (0-based).
double mean(const std::vector<double>& v, std::size_t from, std::size_t to) {
  to = std::min(to, v.size());
  return std::accumulate(v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(to),
                         0.0) /
         static_cast<double>(to - from);
}

void print_cycles(const char* label, const CycleRun& r) {
  std::printf("%s\n", label);
  for (const char* c : {"discharge capacity [mAh/g]", "retention [-]", "isolated AM fraction [-]",
                        "AM|SE contact area [m^2]", "thickness change [-]", "DEM relaxations [-]",
                        "DEM relaxation steps [-]"}) {
    std::printf("  %-30s", c);
    for (double v : r.cycles.at(c)) std::printf(" %.4g", v);
    std::printf("\n");
  }
}

// Stack pressure over 5 cycles (C/5 CC between 4.3 and 2.5 V) at constant stack pressure: at
// 5 MPa the AM|SE contacts that open on charge re-close only partly and at random, so part of the
// AM is isolated (ionically or electronically cut off) and the discharge capacity is lower than at
// 50 MPa in every cycle (measured 125-141 vs 167-171 mAh/g; isolated AM 1.7-13 % vs 0-3.2 %, on
// the DEM of 0de7dac and of e00be07, whose changed summation order alone moves these numbers:
// the packing's trajectory is chaotic, the trend held in both).
// What the model does NOT give (docs/coupling.md): the issue's "retention Q_n/Q_1 higher at
// 50 MPa". At 50 MPa the AM is fully used (Q ~ the material's capacity in 2.5-4.3 V), so Q_n/Q_1
// stays ~1; at 5 MPa the loss happens in the first charge and then neither accumulates nor heals
// for good: particles disconnect and reconnect at random and the breathing densifies the packing
// (granular ratcheting), so Q_n/Q_1 scatters around 1. Retention is printed here; the test over
// eight cold-welded packings below asserts it.
TEST(Coupling, HigherStackPressureKeepsAmConnectedAndCapacityHigher) {
  const Json five = Json::parse(R"({"cycle": {"mechanics": "constant_pressure", "cycles": 5}})");
  const CycleRun low = run_cycle(5.0, "ret5", five), high = run_cycle(50.0, "ret50", five);
  print_cycles("5 MPa:", low);
  print_cycles("50 MPa:", high);
  const auto &q5 = low.cycles.at("discharge capacity [mAh/g]"),
             &q50 = high.cycles.at("discharge capacity [mAh/g]");
  ASSERT_EQ(q5.size(), 5u);
  ASSERT_EQ(q50.size(), 5u);
  for (std::size_t k = 0; k < q5.size(); ++k) EXPECT_GT(q50[k], q5[k]) << "cycle " << k + 1;
  EXPECT_GT(mean(low.cycles.at("isolated AM fraction [-]"), 0, 5),
            mean(high.cycles.at("isolated AM fraction [-]"), 0, 5));
  std::printf("mean retention cycles 2-5: 5 MPa %.4f, 50 MPa %.4f\n",
              mean(low.cycles.at("retention [-]"), 1, 5),
              mean(high.cycles.at("retention [-]"), 1, 5));
}

// Cold-welded electrode (docs/coupling.md, "Cold-welded electrode"; weld_strength 100 MPa for
// LPSCl and NCM811): pressing welds the SE matrix and the AM|SE interfaces; the first charge
// debonds most AM|SE necks (the NCM shrink of ~70 nm is far beyond the nm break opening), and a
// debonded interface re-closes only with the Hertzian area of its imprint at the local load,
// re-welding only where it flows plastically again; the welded SE matrix cannot ratchet into the
// gaps. So the AM|SE contact area falls from cycle to cycle, far more at 5 MPa than at 50 MPa.
// Measured (cycle 1 -> 5 end-of-cycle area, 20-cycle runs of tests/stages/coupling_small.json):
// seed 3: 5 MPa -7 % (-25 % after 14 cycles), 50 MPa -0.5 % (-6 % after 20); seeds 4 and 5 at
// 5 MPa -29 % and -30 %. Without welding the area does not fall (seed 3: +18 % at 5 MPa,
// -1 % at 50 MPa over 5 cycles). The capacity does not follow at C/5 (it is set by which AM
// clusters are electronically connected; docs/coupling.md), so only the area is asserted.
// This test's own run (5 cycles) gave 7.1 % vs -0.7 % (branch bonds) and 6.8 % vs 2.3 % after the
// leaner contact kernel of issue 8 changed round-off: one realisation moves by ~3 points at
// 50 MPa, so the assertion asks for a gap larger than that, not a ratio.
TEST(Coupling, ColdWeldedInterfaceLossAccumulatesMoreAtLowStackPressure) {
  const Json weld = Json::parse(R"({
    "materials": {"NCM811": {"weld_strength": "100 MPa"}, "LPSCl": {"weld_strength": "100 MPa"}},
    "cycle": {"mechanics": "constant_pressure", "cycles": 5}})");
  const CycleRun low = run_cycle(5.0, "weld5", weld), high = run_cycle(50.0, "weld50", weld);
  print_cycles("welded, 5 MPa:", low);
  print_cycles("welded, 50 MPa:", high);
  const std::string area = "AM|SE contact area [m^2]";
  ASSERT_EQ(low.cycles.at(area).size(), 5u);
  ASSERT_EQ(high.cycles.at(area).size(), 5u);
  auto loss = [&](const CycleRun& r) { return 1.0 - r.cycles.at(area)[4] / r.cycles.at(area)[0]; };
  const std::string welded = "welded contacts NCM811-LPSCl [-]";
  std::printf("AM|SE area loss cycles 1-5: 5 MPa %.4f, 50 MPa %.4f; welded AM|SE %g / %g\n",
              loss(low), loss(high), low.cycles.at(welded)[4], high.cycles.at(welded)[4]);
  EXPECT_GT(loss(low), 0.03);
  EXPECT_GT(loss(low), loss(high) + 0.03);
  EXPECT_GT(high.cycles.at(welded)[4], low.cycles.at(welded)[4]);  // more necks heal at 50 MPa
}

// Retention over 20 cycles is higher at 50 MPa than at 5 MPa (issue 6), on average over eight
// packings (seeds 1-8) of the 300-particle electrode, cold-welded with 100 MPa necks. One packing
// cannot decide it: at 5 MPa whole AM clusters disconnect and reconnect (capacity jumps of up to
// 25 % from one cycle to the next) while the welded necks break and the SE ratchets into the
// gaps, so Q_20/Q_1 of a single packing scatters by +-0.09, on 1000 particles still by +-0.05 (3
// packings: 5 MPa 0.949 / 1.046 / 0.959, 50 MPa 1.013 / 1.019 / 1.023; docs/coupling.md). Measured
// (20 C/5 cycles, spatially ordered packings, main dba9b43): 5 MPa mean 0.931 (sd 0.101), 50 MPa
// mean 1.003 (sd 0.024): the difference, 0.072, is 2 standard errors (0.037), and 6 of 8
// packings retain more at 50 MPa (before the Newton retry of the electrochemistry: 0.942 vs
// 1.009, 7 of 8). The assertion is the claim itself (the mean is higher); a change of the
// realisations (summation order, packing, solver path) moves the difference by ~1 standard error.
TEST(Coupling, RetentionOver20CyclesIsHigherAt50MPaThanAt5MPaOverEightPackings) {
  double sum5 = 0.0, sum50 = 0.0, area5 = 0.0, area50 = 0.0;
  const int seeds = 8;
  for (int seed = 1; seed <= seeds; ++seed) {
    Json o = Json::parse(R"({
      "materials": {"NCM811": {"weld_strength": "100 MPa"}, "LPSCl": {"weld_strength": "100 MPa"}},
      "cycle": {"mechanics": "constant_pressure", "cycles": 20}})");
    o["seed"] = seed;
    const std::string tag = "ret20_" + std::to_string(seed);
    const CycleRun low = run_cycle(5.0, tag + "_5", o), high = run_cycle(50.0, tag + "_50", o);
    const auto &r5 = low.cycles.at("retention [-]"), &r50 = high.cycles.at("retention [-]");
    const auto &a5 = low.cycles.at("AM|SE contact area [m^2]"),
               &a50 = high.cycles.at("AM|SE contact area [m^2]");
    ASSERT_EQ(r5.size(), 20u) << "seed " << seed;
    ASSERT_EQ(r50.size(), 20u) << "seed " << seed;
    std::printf("seed %d: retention 5 MPa %.4f, 50 MPa %.4f; AM|SE area ratio %.3f / %.3f\n", seed,
                r5.back(), r50.back(), a5.back() / a5.front(), a50.back() / a50.front());
    sum5 += r5.back(), sum50 += r50.back();
    area5 += a5.back() / a5.front(), area50 += a50.back() / a50.front();
  }
  std::printf("mean retention over %d packings: 5 MPa %.4f, 50 MPa %.4f\n", seeds, sum5 / seeds,
              sum50 / seeds);
  EXPECT_GT(sum50 / seeds, sum5 / seeds);
  EXPECT_GT(area50 / seeds, area5 / seeds);  // the mechanism: necks break at 5 MPa, heal at 50
}

// A larger |eps_v| gives more fade: NCM811 with half and with the full swelling coefficient
// (0.034 and 0.068 per unit lithiation) at 50 MPa over 5 cycles. (eps_v = 0 gives no
// relaxation at all, ZeroSwellingIsIdenticalToNoCoupling.) In this model the fade is capacity
// lost to AM that the shrinkage cuts off (isolated) from the first charge on, not a progressive
// decline (docs/coupling.md, "Where capacity fade comes from"): the assertion is on the capacity
// and isolated AM fraction averaged over the cycles. Measured: 168.7 vs 172.2 mAh/g, isolated
// 2.6 % vs 0 (DEM 0de7dac), 167.9 vs 172.1 mAh/g, 3.2 % vs 0 (e00be07) (one of ~60 AM particles:
// the 300-particle electrode resolves the loss only in steps of ~1.7 %, so the margin is one
// particle). The breathing densifies the packing (ratcheting, more with larger |eps_v|), so the
// AM|SE area is printed, not asserted.
TEST(Coupling, LargerSwellingGivesMoreFade) {
  auto run = [](double coefficient, const char* name) {
    Json o = Json::parse(R"({"cycle": {"mechanics": "constant_pressure", "cycles": 5}})");
    o["materials"]["NCM811"]["swelling"]["coefficient"] = coefficient;
    return run_cycle(50.0, name, o);
  };
  const CycleRun half = run(0.034, "eps_half"), full = run(0.068, "eps_full");
  print_cycles("coefficient 0.034:", half);
  print_cycles("coefficient 0.068:", full);
  const char* q = "discharge capacity [mAh/g]";
  const char* iso = "isolated AM fraction [-]";
  ASSERT_EQ(full.cycles.at(q).size(), 5u);
  EXPECT_LT(mean(full.cycles.at(q), 0, 5), mean(half.cycles.at(q), 0, 5));
  EXPECT_GT(mean(full.cycles.at(iso), 0, 5), mean(half.cycles.at(iso), 0, 5));
}

// The affine pre-strain (CouplingParams::affine_prestrain) only changes where a constant-pressure
// relaxation starts: after a uniform 0.3 % AM shrink at 5 MPa it must end at the same stack
// pressure and thickness as the plain servo, in fewer steps. Tolerance: both end within the servo
// tolerance of the stress (2 % of 5 MPa = 0.1 MPa); over the electrode's reloading modulus
// (~1 GPa at 5 MPa) that is a thickness strain of ~1e-4, so 3e-4 allows both errors.
TEST(Coupling, AffinePrestrainReachesTheSameEquilibriumFaster) {
  const State& base = pressed(5.0);
  auto shrink_and_relax = [&](bool prestrain, double& thickness, double& stress) {
    SingleThread one;
    dem::System s = *base.system;
    Logger log(true);
    CouplingSettings cs;
    cs.stack_pressure = 5e6;
    cs.params.affine_prestrain = prestrain;
    Coupling c(s, s.materials, cs, std::vector<double>(s.p.size(), std::nan("")), log);
    std::vector<double> r = s.p.solid_radius;
    for (std::size_t i = 0; i < r.size(); ++i)
      if (s.materials[static_cast<std::size_t>(s.p.material[i])].role == dem::Role::active)
        r[i] *= 0.997;
    c.set_radii(r);
    c.relax();
    thickness = s.thickness(), stress = s.punch_stress();
    std::printf("prestrain %d: steps %lld, thickness %.6g um, stress %.4g MPa, beta %.3f\n",
                prestrain, c.relax_steps(), thickness * 1e6, stress / 1e6, c.prestrain_ratio());
    return c.relax_steps();
  };
  double h0, p0, h1, p1;
  const long long plain = shrink_and_relax(false, h0, p0);
  const long long affine = shrink_and_relax(true, h1, p1);
  EXPECT_NEAR(p1, 5e6, 0.1e6);
  EXPECT_NEAR(p0, 5e6, 0.1e6);
  EXPECT_NEAR(h1 / h0, 1.0, 3e-4);
  EXPECT_LT(h1, base.system->thickness());  // the shrink compacted the electrode
  EXPECT_LT(affine, plain);
}

// Stress feedback: a single AM particle at rest under a prescribed hydrostatic stress has its
// open-circuit voltage shifted by exactly Omega sigma_h / F (tension raises U).
TEST(Coupling, HydrostaticStressShiftsOcvByOmegaSigmaOverF) {
  Json j = electrode_config(5.0);
  j["output"]["dir"] = "unused";
  const RunConfig cfg = parse_run_config(j, ".");
  const int am = cfg.materials.index_of("NCM811"), se = cfg.materials.index_of("LPSCl");
  network::ContactGraph g;
  g.position = {{0, 0, 5e-6}, {0, 0, 11e-6}};
  g.radius = {4e-6, 2e-6};
  g.material = {am, se};
  g.edges = {{0, 1, 1e-6, 6e-6}};
  g.bottom = {{0, 1e-6}};
  g.top = {{1, 1e-6}};
  g.area = 100e-12;
  g.thickness = 13e-6;
  auto rest_voltage = [&](double sigma) {
    solvers::ElectrochemSystem e(g, cfg.materials, cfg.cycle.options);
    e.set_hydrostatic_stress({sigma, 0.0});
    const auto r = e.try_step(10.0, solvers::Control::current, 0.0);
    EXPECT_TRUE(r.converged);
    e.accept();
    return std::make_pair(e.voltage(), e.breakdown().stress);
  };
  const double sigma = -200e6;
  const double omega = cfg.materials[static_cast<std::size_t>(am)].echem.partial_molar_volume;
  const double expected = omega * sigma / constants::faraday;
  const auto [v0, s0] = rest_voltage(0.0);
  const auto [v1, s1] = rest_voltage(sigma);
  std::printf("Omega sigma/F = %.6g V, voltage shift %.6g V, breakdown stress %.6g V\n", expected,
              v1 - v0, s1);
  EXPECT_NEAR(v1 - v0, expected, 1e-9);
  EXPECT_NEAR(s1, expected, 1e-12);
  EXPECT_EQ(s0, 0.0);
}

}  // namespace
}  // namespace electrodem::stages
