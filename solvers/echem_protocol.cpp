#include "electrodem/solvers/echem_protocol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "electrodem/core/error.hpp"
#include "electrodem/core/log.hpp"

namespace electrodem::solvers {
namespace {

// Charge [C] to mAh per gram of AM and per cm^2 of footprint.
double mah_per_g(double q, const ElectrochemSystem& s) {
  return s.active_mass() > 0.0 ? q / 3.6 / (s.active_mass() * 1e3) : 0.0;
}
double mah_per_cm2(double q, const ElectrochemSystem& s) {
  return s.footprint_area() > 0.0 ? q / 3.6 / (s.footprint_area() * 1e4) : 0.0;
}

struct Counters {
  long steps = 0, rejected = 0, newton = 0;
};

}  // namespace

double get(const Row& row, const std::string& name) {
  for (const auto& [k, v] : row)
    if (k == name) return v;
  throw std::out_of_range("no column '" + name + "'");
}

Row state_row(const ElectrochemSystem& s, int cycle, int step, double step_charge,
              double net_charge) {
  const std::vector<double> x = s.mean_lithiation();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0.0;
  int n = 0;
  for (double v : x)
    if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v), sum += v, ++n;
  const VoltageBreakdown b = s.breakdown();
  const double area = s.footprint_area();
  return {
      {"time [s]", s.time()},
      {"cycle [-]", static_cast<double>(cycle + 1)},
      {"step [-]", static_cast<double>(step + 1)},
      {"current [A]", s.current()},
      {"current density [A/m^2]", area > 0.0 ? s.current() / area : 0.0},
      {"C-rate [-]", s.one_c_current() > 0.0 ? s.current() / s.one_c_current() : 0.0},
      {"voltage [V]", s.voltage()},
      {"step capacity [mAh/g]", mah_per_g(std::abs(step_charge), s)},
      {"step capacity [mAh/cm^2]", mah_per_cm2(std::abs(step_charge), s)},
      {"net charge [mAh/g]", mah_per_g(net_charge, s)},
      {"net charge [mAh/cm^2]", mah_per_cm2(net_charge, s)},
      {"mean AM lithiation [-]", n ? sum / n : 0.0},
      {"min AM lithiation [-]", n ? lo : 0.0},
      {"max AM lithiation [-]", n ? hi : 0.0},
      {"equilibrium potential [V]", b.equilibrium},
      {"electronic ohmic overpotential [V]", b.electronic},
      {"ionic ohmic overpotential [V]", b.ionic},
      {"kinetic overpotential [V]", b.kinetic},
      {"diffusion overpotential [V]", b.diffusion},
      {"stress shift [V]", b.stress},
      {"counter electrode overpotential [V]", b.counter},
  };
}

ProtocolResult run_protocol(ElectrochemSystem& sys, const CycleParams& prm, const StepHook& on_step,
                            const OutputHook& on_output, Logger* log, const CycleHook& on_cycle) {
  ProtocolResult out;
  Counters count;
  const double i1c = sys.one_c_current();
  const double dt_min = 1e-6;
  const double v_tol = 1e-3;  // cut-off voltage is met within this [V]
  double net_charge = 0.0, last_output = -std::numeric_limits<double>::infinity();
  auto record = [&](int cycle, int step, double step_charge, bool force) {
    if (!force && sys.time() - last_output < prm.output_period) return;
    out.timeseries.push_back(state_row(sys, cycle, step, step_charge, net_charge));
    last_output = sys.time();
    if (on_output) on_output(sys, out.timeseries.back());
  };
  record(0, 0, 0.0, true);
  double last_discharge = 0.0, last_charge = 0.0;
  bool cut_off_warned = false;
  for (int cycle = 0; cycle < prm.cycles; ++cycle) {
    double q_ch = 0.0, q_dis = 0.0;
    for (std::size_t si = 0; si < prm.protocol.size(); ++si) {
      const ProtocolStep& st = prm.protocol[si];
      using K = ProtocolStep::Kind;
      const bool cc = st.kind == K::charge || st.kind == K::discharge;
      const Control ctrl = st.kind == K::hold ? Control::voltage : Control::current;
      double value = 0.0;
      if (cc) value = (st.kind == K::charge ? 1.0 : -1.0) * st.rate.amps(i1c, sys.footprint_area());
      if (st.kind == K::hold) value = st.voltage;
      // Voltage limit of a CC step: its own cut-off, bounded by the safety limits.
      double v_cut = st.kind == K::charge ? prm.max_voltage : prm.min_voltage;
      if (st.until_voltage)
        v_cut = st.kind == K::charge ? std::min(*st.until_voltage, prm.max_voltage)
                                     : std::max(*st.until_voltage, prm.min_voltage);
      const double i_cut =
          st.until_current ? st.until_current->amps(i1c, sys.footprint_area()) : 0.0;
      const double t_end = st.until_time ? *st.until_time : std::numeric_limits<double>::infinity();
      // First step: a tenth of the time to move the lithiation by lithiation_step at this rate.
      const double c_rate = cc ? std::abs(value) / i1c : 1.0;
      double dt = 0.1 * prm.lithiation_step * 3600.0 / std::max(c_rate, 1e-3);
      double t_step = 0.0, step_charge = 0.0;
      bool done = false;
      while (!done) {
        // Contact loss can cut every AM particle off (coupling, cold-welded electrodes at a low
        // stack pressure): no current can flow, so the step ends with what it passed and the
        // protocol goes on (later cycles report zero capacity) instead of losing the run.
        if (sys.utilisable_fraction() <= 0.0) {
          if (log && !cut_off_warned)
            log->warn("[cycle] cycle " + std::to_string(cycle + 1) + " step " +
                      std::to_string(si + 1) + ": no utilisable active material left (every AM " +
                      "particle is cut off from the collector or the separator); this and later "
                      "steps end at once");
          cut_off_warned = true;
          record(cycle, static_cast<int>(si), step_charge, true);
          break;
        }
        double trial = dt;
        if (prm.max_time_step > 0.0) trial = std::min(trial, prm.max_time_step);
        bool time_limited = false;
        if (t_step + trial >= t_end * (1.0 - 1e-12)) trial = t_end - t_step, time_limited = true;
        const double v_old = sys.voltage();
        StepResult r = sys.try_step(trial, ctrl, value);
        ++count.newton;
        auto reject = [&](double factor, const char* why) {
          ++count.rejected;
          dt = trial * factor;
          if (dt < dt_min)
            throw NumericalError("electrochemistry: " + std::string(why) +
                                 " at t = " + fmt(sys.time()) + " s in cycle " +
                                 std::to_string(cycle + 1) + ", step " + std::to_string(si + 1) +
                                 " (" + st.describe() + "), V = " + fmt(v_old) +
                                 " V, even with dt = " + fmt(trial) + " s");
        };
        if (!r.converged) {
          reject(0.25, "Newton did not converge");
          continue;
        }
        if (r.max_surface_change > 3.0 * prm.lithiation_step && trial > 1e3 * dt_min) {
          reject(0.5, "surface lithiation step too large");
          continue;
        }
        bool cut = false;
        if (cc) {
          const bool beyond = st.kind == K::charge ? r.voltage >= v_cut : r.voltage <= v_cut;
          const bool was_beyond = st.kind == K::charge ? v_old >= v_cut : v_old <= v_cut;
          if (beyond && !was_beyond && std::abs(r.voltage - v_cut) > v_tol &&
              trial > 1e3 * dt_min) {
            // Locate the cut-off: secant on V(t), kept inside the step.
            const double frac = (v_cut - v_old) / (r.voltage - v_old);
            reject(std::clamp(frac, 0.05, 0.95), "cut-off location failed");
            continue;
          }
          cut = beyond;
        }
        sys.accept();
        ++count.steps;
        const double dq = r.reaction_current * trial;  // Li moved, charge positive [C]
        net_charge += dq;
        step_charge += dq;
        (dq > 0.0 ? q_ch : q_dis) += std::abs(dq);
        t_step += trial;
        if (on_step) {
          StepInfo info{cycle, static_cast<int>(si), &st, r};
          if (auto g = on_step(sys, info)) sys.set_graph(*g);
        }
        if (cut || time_limited) done = true;
        if (st.kind == K::hold && st.until_current && std::abs(r.current) <= i_cut) done = true;
        record(cycle, static_cast<int>(si), step_charge, done);
        // Next step: aim at lithiation_step per step, grow at most 2x.
        const double grow =
            r.max_surface_change > 0.0 ? prm.lithiation_step / r.max_surface_change : 2.0;
        dt = trial * std::clamp(grow, 0.5, 2.0);
        if (time_limited && !done) dt = std::max(dt, trial);
      }
      if (log)
        log->info("[cycle] cycle " + std::to_string(cycle + 1) + " step " + std::to_string(si + 1) +
                  " (" + st.describe() + ") done: t = " + fmt(sys.time()) +
                  " s, V = " + fmt(sys.voltage()) + " V, " +
                  fmt(mah_per_g(std::abs(step_charge), sys)) + " mAh/g");
    }
    const double q_util = sys.utilisable_capacity();
    out.cycles.push_back({
        {"cycle [-]", static_cast<double>(cycle + 1)},
        {"charge capacity [mAh/g]", mah_per_g(q_ch, sys)},
        {"discharge capacity [mAh/g]", mah_per_g(q_dis, sys)},
        {"charge capacity [mAh/cm^2]", mah_per_cm2(q_ch, sys)},
        {"discharge capacity [mAh/cm^2]", mah_per_cm2(q_dis, sys)},
        {"coulombic efficiency [-]", q_ch > 0.0 ? q_dis / q_ch : 0.0},
        {"utilisation [-]",
         sys.theoretical_capacity() > 0.0 ? q_dis / sys.theoretical_capacity() : 0.0},
        {"utilisation of utilisable AM [-]", q_util > 0.0 ? q_dis / q_util : 0.0},
        {"utilisable AM fraction [-]", sys.utilisable_fraction()},
        {"end voltage [V]", sys.voltage()},
    });
    if (on_cycle) on_cycle(out.cycles.back());
    last_discharge = q_dis;
    last_charge = q_ch;
  }
  out.summary = {
      {"discharge capacity [mAh/g]", mah_per_g(last_discharge, sys)},
      {"charge capacity [mAh/g]", mah_per_g(last_charge, sys)},
      {"discharge capacity [mAh/cm^2]", mah_per_cm2(last_discharge, sys)},
      {"coulombic efficiency [-]", last_charge > 0.0 ? last_discharge / last_charge : 0.0},
      {"utilisation [-]",
       sys.theoretical_capacity() > 0.0 ? last_discharge / sys.theoretical_capacity() : 0.0},
      {"theoretical capacity [mAh/g]", mah_per_g(sys.theoretical_capacity(), sys)},
      {"utilisable AM fraction [-]", sys.utilisable_fraction()},
      {"cycles [-]", static_cast<double>(prm.cycles)},
      {"simulated time [s]", sys.time()},
      {"time steps [-]", static_cast<double>(count.steps)},
      {"rejected time steps [-]", static_cast<double>(count.rejected)},
  };
  return out;
}

}  // namespace electrodem::solvers
