// press / release / relax drivers (DESIGN.md §3.1 stages): a velocity-controlled servo punch whose
// speed is limited by the quasi-static inertia number, and a hold until the unbalanced-force
// ratio falls below a tolerance.
#include "electrodem/dem/compaction.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "electrodem/core/error.hpp"

namespace electrodem::dem {

namespace {

using Clock = std::chrono::steady_clock;

class Driver {
 public:
  Driver(System& s, Logger& log, const Observers& obs, std::string stage)
      : s_(s),
        log_(log),
        obs_(obs),
        stage_(stage),
        progress_(log, std::move(stage), obs.progress_interval) {}

  // One timed step plus observers and progress.
  void step(double target, double fraction_done) { run(1, target, fraction_done, 0.0); }

  // `count` steps (System::run: faster than single steps), in chunks that end where an observer
  // or the next progress line is due (chunk_limit); fraction_done advances by `fraction_per_step`
  // per step. `between`, if given, sets the punch speed before every step (System::BetweenSteps).
  void run(long long count, double target, double fraction_done, double fraction_per_step,
           const System::BetweenSteps& between = {}) {
    for (long long done = 0; done < count;) {
      const long long n0 = s_.steps();
      long long chunk = chunk_limit(count - done);
      for (const long long every :
           {obs_.sample ? obs_.sample_every : 0LL, obs_.frame ? obs_.frame_every : 0LL})
        if (every > 0) chunk = std::min(chunk, every - n0 % every);
      const auto t0 = Clock::now();
      s_.run(chunk, between);
      const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
      if (wall > 0.0) step_rate_ = static_cast<double>(chunk) / wall;
      wall_ += wall;
      steps_ += chunk;
      done += chunk;
      observe(target, fraction_done + static_cast<double>(done) * fraction_per_step);
    }
  }

  // Steps in the next System::run call, at most `left`: as many as the last call's rate says fit
  // before the next progress line is due, but at least kMinChunk. Each call ends with a step that
  // writes the whole state back and starts with a separate pass A, which cost 1-5 % of a
  // two-thread run at 64-step calls (issue 8, bench/RESULTS.md session 19).
  long long chunk_limit(long long left) const {
    const double until = std::max(progress_.seconds_until_due(), 0.0);
    const double fit = std::max(std::ceil(step_rate_ * until), static_cast<double>(kMinChunk));
    return fit < static_cast<double>(left) ? static_cast<long long>(fit) : left;
  }

  // Observers due at the current step, and progress.
  void observe(double target, double fraction_done) {
    const long long n = s_.steps();
    if (obs_.sample && obs_.sample_every > 0 && n % obs_.sample_every == 0) obs_.sample(s_);
    if (obs_.frame && obs_.frame_every > 0 && n % obs_.frame_every == 0) obs_.frame(s_);
    if (progress_.due())
      progress_.report(n, s_.time(),
                       "stress=" + fmt(s_.punch_stress() / 1e6) + " MPa (target " +
                           fmt(target / 1e6) + ")  rel.density=" + fmt(s_.relative_density()) +
                           "  I=" + fmt(inertia_number(s_), 3) + "  unbalanced=" +
                           fmt(unbalanced_force_ratio(s_), 3) + "  dt=" + fmt(s_.dt(), 3) + " s",
                       fraction_done);
  }

  // Faults, and a warning when the inertia number exceeds 1e-3 once the stress is within a decade
  // of the target (below that the punch rate, set for I = 1e-3 at the target, gives a larger I).
  void check(long long check_every, double target) {
    if (!(s_.punch.z > 0.0) || s_.relative_density() > 1.0)
      throw NumericalError("[" + stage_ + "] runaway punch at step " + std::to_string(s_.steps()) +
                           ": thickness " + fmt(s_.thickness()) + " m, relative density " +
                           fmt(s_.relative_density()) +
                           " > 1 (punch too fast or contacts too soft for the load)");
    if (!(s_.relative_density() > 0.0))
      throw NumericalError("[" + stage_ + "] overlap accounting broke down at step " +
                           std::to_string(s_.steps()) +
                           " (lens volumes exceed the spheres): the "
                           "load is far beyond what pairwise contacts can represent");
    const double inertia = inertia_number(s_);
    if (inertia > 1e-3 && !warned_ && s_.punch_stress() > 0.1 * target &&
        steps_ > 10 * check_every) {
      warned_ = true;
      log_.warn("[" + stage_ + "] inertia number " + fmt(inertia, 3) + " > 1e-3 at stress " +
                fmt(s_.punch_stress() / 1e6) + " MPa: not quasi-static (lower " +
                (stage_ == "relax" ? "cycle.relax" : stage_) + ".inertia_number)");
    }
  }

  void finish() {
    if (obs_.sample) obs_.sample(s_);
    if (obs_.frame) obs_.frame(s_);
  }

  NamedValues timing() const {
    const double ps = wall_ > 0 ? static_cast<double>(steps_) * s_.p.size() / wall_ : 0.0;
    return {{"steps [-]", static_cast<double>(steps_)},
            {"stepping wall time [s]", wall_},
            {"particle-steps per second [1/s]", ps}};
  }
  long long steps() const { return steps_; }

 private:
  // Steps per System::run call at least (unless fewer are left or an observer is due sooner).
  static constexpr long long kMinChunk = 64;
  System& s_;
  Logger& log_;
  const Observers& obs_;
  std::string stage_;
  Progress progress_;
  double wall_ = 0.0;
  double step_rate_ = 0.0;  // steps per wall second of the last System::run call
  long long steps_ = 0;
  bool warned_ = false;
};

double min_radius(const System& s) {
  return s.p.size() ? *std::min_element(s.p.radius.begin(), s.p.radius.end()) : 0.0;
}

// v_max / H for the target inertia number, also limited to 0.5 % of the smallest radius per step.
double rate_limit(const System& s, double p_ref, const ServoParams& sp) {
  const double rate = sp.inertia_number / (s.mean_diameter() * std::sqrt(mean_density(s) / p_ref));
  return std::min(rate, 0.005 * min_radius(s) / (s.dt() * s.thickness()));
}

// Stiffness of the punch contacts, sum of 2 E* a (the stiffest, elastic branch) [N/m].
double punch_stiffness(const System& s) {
  const int nm = s.table.materials();
  double k = 0.0;
  for (std::size_t c = 0; c < s.walls.size(); ++c)
    if (s.walls.j[c] == WallId::top && s.walls.a[c] > 0.0)
      k += 2.0 * s.table(s.p.material[s.walls.i[c]], nm).e_eff * s.walls.a[c];
  return k;
}

// Acoustic impedance Z = sqrt(rho M) of the packing for waves along z [Pa s/m], rho its bulk
// density, M its affine axial modulus (an upper bound, so Z is too). A punch moving at v sends a
// stress step Z v into the packing at once, and the stress it reads back arrives only after a
// wave transit H / c; a proportional servo faster than v = |e| / Z therefore overshoots by more
// than its error each transit and rings in a limit cycle (seen in small, few-particle-thick cells
// at I = 0.01: 78 <-> 116 MPa around 100). At v = |e| / Z the punch is a matched, absorbing
// boundary: the error closes within a few transits and reflected waves are not fed back.
double acoustic_impedance(const System& s, const ContactResults& r) {
  const double mass = std::accumulate(s.p.mass.begin(), s.p.mass.end(), 0.0);
  const double modulus = affine_axial_modulus(s, r);
  return s.volume() > 0.0 ? std::sqrt(mass / s.volume() * modulus) : 0.0;
}

// Servo toward `target` (or a fixed punch) until the stress is within tolerance and the
// unbalanced-force ratio below tolerance. Returns true if converged within the step budget.
// The punch speed is set before every step from the last step's stress; the stress, the time step
// and convergence are checked after the first step and every check_every steps after it, and the
// steps in between run in one System::run call each (which sets the speed before each step).
bool servo(System& s, Driver& d, double target, double scale, double rate, const ServoParams& sp,
           bool move_punch) {
  const double tol = sp.stress_tolerance * std::max(target, 0.01 * scale);
  const double band = std::max(sp.band * scale, 1e-30);
  long long held = -1;  // step count when the stress first came within tolerance
  double impedance = acoustic_impedance(s, s.pair_results());
  const double sigma0 = s.punch_stress();
  // proportional servo, never faster than closing a fraction `gain` of the stress error per step
  // through the punch contacts (a faster punch makes the loop oscillate step by step), nor than
  // |e| / Z (see acoustic_impedance)
  const System::BetweenSteps punch_speed = [&](System& sys) {
    if (!move_punch) {
      sys.punch.v = 0.0;
      return;
    }
    const double vmax = rate * sys.thickness();
    const double err = target - sys.punch_stress();
    const double k_punch = punch_stiffness(sys);
    const double v_stable =
        k_punch > 0.0 ? sp.gain * std::fabs(err) * sys.box.area() / (k_punch * sys.dt()) : vmax;
    const double v_wave = impedance > 0.0 ? std::fabs(err) / impedance : vmax;
    const double v = std::min({vmax * std::min(1.0, std::fabs(err) / band), v_stable, v_wave});
    sys.punch.v = err > 0 ? -v : v;
  };
  for (long long k = 0; d.steps() < sp.max_steps;) {  // k: steps taken by this servo
    const long long to_check = k == 0 ? 1 : sp.check_every - (k - 1) % sp.check_every;
    const long long n = std::min(to_check, sp.max_steps - d.steps());
    // progress: the fraction of the way from the starting stress (pressing up or releasing down)
    const double sigma = s.punch_stress();
    const double frac = move_punch && std::fabs(target - sigma0) > 0.0
                            ? std::clamp((sigma - sigma0) / (target - sigma0), 0.0, 1.0)
                            : -1.0;
    d.run(n, target, frac, 0.0, punch_speed);
    k += n;
    if ((k - 1) % sp.check_every == 0) {
      const ContactResults r = s.pair_results();  // after a step: forces valid
      s.limit_time_step_by_contacts(r);
      impedance = acoustic_impedance(s, r);
      d.check(sp.check_every, target);
      const bool stress_ok = !move_punch || std::fabs(s.punch_stress() - target) <= tol;
      if (stress_ok && unbalanced_force_ratio(s, r) <= sp.unbalanced_tolerance) {
        s.punch.v = 0.0;
        return true;
      }
      if (stress_ok && held < 0) held = d.steps();
      if (held >= 0 && d.steps() - held > sp.hold_max_steps) break;
    }
  }
  s.punch.v = 0.0;
  return false;
}

NamedValues state_summary(const System& s) {
  const ContactResults r = s.pair_results();
  NamedValues out{{"relative density [-]", s.relative_density()},
                  {"punch stress [Pa]", s.punch_stress()},
                  {"thickness [m]", s.thickness()},
                  {"coordination number [-]", coordination_number(s, r)},
                  {"plastic contact fraction [-]", plastic_contact_fraction(s, r)},
                  {"growth-capped particle fraction [-]", growth_capped_fraction(s)}};
  for (auto& kv : contact_counts(s, r)) out.push_back(std::move(kv));
  for (auto& kv : weld_counts(s)) out.push_back(std::move(kv));
  out.emplace_back("simulated time [s]", s.time());
  return out;
}

void append(NamedValues& a, NamedValues b) {
  for (auto& kv : b) a.push_back(std::move(kv));
}

void warn_unconverged(Logger& log, const std::string& stage, const System& s,
                      const ServoParams& sp) {
  log.warn("[" + stage + "] not converged within the step limits (max_steps " +
           std::to_string(sp.max_steps) + ", hold_max_steps " + std::to_string(sp.hold_max_steps) +
           "): stress " + fmt(s.punch_stress() / 1e6) + " MPa, unbalanced force ratio " +
           fmt(unbalanced_force_ratio(s), 3) + " (tolerance " + fmt(sp.unbalanced_tolerance) + ")");
}

NamedValues press_velocity(System& s, const PressParams& prm, Logger& log, const Observers& obs) {
  Driver d(s, log, obs, "press");
  s.set_time_step(prm.dt_factor * s.rayleigh_time());
  s.punch.v = -prm.velocity;
  d.run(prm.steps, 0.0, 0.0, 1.0 / static_cast<double>(prm.steps));
  s.punch.v = 0.0;
  d.finish();
  NamedValues out = state_summary(s);
  append(out, d.timing());
  out.emplace_back("particles [-]", static_cast<double>(s.p.size()));
  out.emplace_back("time step [s]", s.dt());
  out.emplace_back("neighbour rebuilds [-]", static_cast<double>(s.neighbour_rebuilds()));
  return out;
}

// Affine approach (PressParams::approach_*): the punch and the particle heights shrink at the
// strain rate whose inertia number at the stop stress p_a is approach_inertia_number, until the
// packing carries p_a. Neighbours move relative to each other by the strain times their distance
// per step, so no shock front forms below the punch however far the loose packing has to travel;
// the inertia number keeps the dynamic (collisional) stress of the compressed gas well below p_a.
void approach(System& s, Driver& d, const PressParams& prm, Logger& log) {
  const double stop = prm.approach_stress * prm.pressure;
  if (!(stop > 0.0) || s.punch_stress() >= stop) return;
  const double rho0 = s.relative_density();
  const double rate =
      prm.approach_inertia_number / (s.mean_diameter() * std::sqrt(mean_density(s) / stop));
  s.punch.v = 0.0;
  long long k = 0;
  for (; s.punch_stress() < stop && d.steps() < prm.servo.max_steps; ++k) {
    s.set_affine_strain(std::min(rate * s.dt(), 1e-3));
    d.step(stop, -1.0);
    if (k % prm.servo.check_every == 0) {
      s.limit_time_step_by_contacts();
      d.check(prm.servo.check_every, HUGE_VAL);
    }
  }
  s.set_affine_strain(0.0);
  s.invalidate_neighbours();  // drop the affine reference so later stages see a plain list
  log.info("[press] affine approach: relative density " + fmt(rho0) + " -> " +
           fmt(s.relative_density()) + " in " + std::to_string(k) + " steps, stress " +
           fmt(s.punch_stress() / 1e6) + " MPa");
}

}  // namespace

NamedValues press(System& s, const PressParams& prm, Logger& log, const Observers& obs) {
  if (s.box.lateral != prm.lateral) s.set_lateral(prm.lateral);
  if (prm.mode == "velocity") return press_velocity(s, prm, log, obs);
  Driver d(s, log, obs, "press");
  s.compute_forces();
  approach(s, d, prm, log);
  const double rate = rate_limit(s, std::max(prm.pressure, 1.0), prm.servo);
  log.info("[press] servo to " + fmt(prm.pressure / 1e6) +
           " MPa, punch speed <= " + fmt(rate * s.thickness()) + " m/s, dt = " + fmt(s.dt()) +
           " s, " + std::to_string(s.p.size()) + " particles");
  const bool ok = servo(s, d, prm.pressure, prm.pressure, rate, prm.servo, true);
  if (!ok) warn_unconverged(log, "press", s, prm.servo);
  if (const double capped = growth_capped_fraction(s); capped > 0.01)
    log.warn("[press] " + fmt(100.0 * capped, 3) +
             " % of the particles reached the volume-"
             "conservation growth cap: the load is beyond the pairwise model's validity (about "
             "the yield pressure), solid volume is lost and the relative density is too low");
  d.finish();
  NamedValues out{{"relative density at max pressure [-]", s.relative_density()},
                  {"max pressure [Pa]", s.punch_stress()}};
  append(out, state_summary(s));
  out.emplace_back("unbalanced force ratio [-]", unbalanced_force_ratio(s));
  out.emplace_back("converged [-]", ok ? 1.0 : 0.0);
  append(out, d.timing());
  return out;
}

NamedValues release(System& s, const ReleaseParams& prm, Logger& log, const Observers& obs) {
  Driver d(s, log, obs, "release");
  s.compute_forces();
  const double h0 = s.thickness(), sigma0 = s.punch_stress(), rho0 = s.relative_density();
  const double scale = std::max({sigma0, prm.pressure, 1.0});
  const double rate = rate_limit(s, std::max({prm.pressure, 0.1 * sigma0, 1.0}), prm.servo);
  log.info("[release] from " + fmt(sigma0 / 1e6) + " MPa to " + fmt(prm.pressure / 1e6) + " MPa");
  const bool ok = servo(s, d, prm.pressure, scale, rate, prm.servo, true);
  if (!ok) warn_unconverged(log, "release", s, prm.servo);
  d.finish();
  NamedValues out = state_summary(s);
  out.insert(out.begin() + 1, {"springback [-]", (s.thickness() - h0) / h0});
  out.emplace_back("relative density before release [-]", rho0);
  out.emplace_back("converged [-]", ok ? 1.0 : 0.0);
  append(out, d.timing());
  return out;
}

NamedValues relax(System& s, const RelaxParams& prm, Logger& log, const Observers& obs) {
  Driver d(s, log, obs, "relax");
  s.compute_forces();
  const bool fixed = prm.mode == "constant_thickness";
  const double target = prm.pressure >= 0 ? prm.pressure : s.punch_stress();
  const double scale = std::max({target, s.punch_stress(), 1.0});
  const double rate = rate_limit(s, std::max({target, s.punch_stress(), 1e3}), prm.servo);
  const double h0 = s.thickness();
  const bool ok = servo(s, d, target, scale, rate, prm.servo, !fixed);
  if (!ok) warn_unconverged(log, "relax", s, prm.servo);
  d.finish();
  NamedValues out = state_summary(s);
  out.emplace_back("thickness change [-]", (s.thickness() - h0) / h0);
  out.emplace_back("converged [-]", ok ? 1.0 : 0.0);
  append(out, d.timing());
  return out;
}

}  // namespace electrodem::dem
