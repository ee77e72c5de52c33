#pragma once
// Drivers the stages call: press (servo punch to a target stress, then hold until quasi-static,
// or a constant-velocity benchmark), release (unload to a residual stack pressure, springback)
// and relax (re-equilibrate after radius changes at constant stack pressure or thickness).
// Each returns its summary as ordered, unit-bearing name/value pairs.
#include <functional>
#include <string>

#include "electrodem/core/log.hpp"
#include "electrodem/dem/statistics.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem {
class ConfigNode;
}

namespace electrodem::dem {

// Callbacks during a driver: `sample` every sample_every steps (time series) and at the end;
// `frame` every frame_every steps (VTK), and at the end; 0 disables.
struct Observers {
  std::function<void(const System&)> sample;
  long long sample_every = 500;
  std::function<void(const System&)> frame;
  long long frame_every = 0;
  double progress_interval = 5.0;  // wall seconds between progress lines
};

// Servo punch: v = -sign(e) min(v_max min(1, |e| / (band * stress_scale)), gain |e| A / (k dt)),
// e = target - stress, v_max from the quasi-static inertia number I = (v_max/H) d sqrt(rho/p_ref),
// k the summed stiffness 2 E* a of the punch contacts (keeps the loop stable step by step).
struct ServoParams {
  double inertia_number = 1e-3;       // target I for the punch rate limit [-]
  double band = 0.05;                 // proportional band, fraction of the stress scale [-]
  double gain = 0.1;                  // max fraction of the stress error closed per step [-]
  double stress_tolerance = 0.02;     // |stress - target| <= tol * max(target, 1% of scale) [-]
  double unbalanced_tolerance = 0.01;  // hold ends below this unbalanced-force ratio [-]
  long long max_steps = 5000000;      // hard limit of the whole driver (warns when reached)
  long long hold_max_steps = 100000;  // limit once the stress is within tolerance (warns)
  long long check_every = 50;         // steps between convergence checks
};

struct PressParams {
  double pressure = 300e6;  // target punch stress [Pa]
  Lateral lateral = Lateral::periodic;
  std::string mode = "servo";  // "servo" | "velocity" (benchmark)
  ServoParams servo;
  // servo mode, approach: until the punch stress reaches p_a = approach_stress * pressure, the
  // punch and the particle heights shrink affinely (no shock front below the punch) at the rate
  // whose inertia number at p_a is approach_inertia_number, bringing a loose packing to its
  // jamming point fast; approach_stress 0 disables.
  double approach_stress = 0.01;         // fraction of the target pressure [-]
  double approach_inertia_number = 0.1;  // I = rate d sqrt(rho / p_a) of the affine approach [-]
  // velocity mode: constant punch speed for a fixed number of steps at a fixed dt
  double velocity = 0.1;     // punch speed [m/s]
  long long steps = 1000;    // steps [-]
  double dt_factor = 0.2;    // dt as a fraction of the smallest Rayleigh time [-]
};

struct ReleaseParams {
  double pressure = 5e6;  // residual stack pressure [Pa]; 0 allowed
  ServoParams servo;
};

struct RelaxParams {
  std::string mode = "constant_pressure";  // "constant_pressure" | "constant_thickness"
  double pressure = -1.0;  // stack pressure [Pa]; < 0: the punch stress at the start
  ServoParams servo;
};

NamedValues press(System& s, const PressParams& prm, Logger& log, const Observers& obs = {});
NamedValues release(System& s, const ReleaseParams& prm, Logger& log, const Observers& obs = {});
NamedValues relax(System& s, const RelaxParams& prm, Logger& log, const Observers& obs = {});

// Config readers; every key has a default (docs/contact_laws.md lists them).
// The servo keys of a stage object (inertia_number, servo_band, servo_gain, stress_tolerance,
// unbalanced_force_tolerance, max_steps, hold_max_steps, check_every) over the given defaults.
ServoParams parse_servo(ConfigNode& node, ServoParams defaults = {});
PressParams parse_press(ConfigNode node);
ReleaseParams parse_release(ConfigNode node);
RelaxParams parse_relax(ConfigNode node);
DemParams parse_dem(ConfigNode node);

}  // namespace electrodem::dem
