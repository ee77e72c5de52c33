// Config readers for the DEM: the top-level "dem" object and the "press", "release" stage
// objects (DESIGN.md §4). Every key has a default; docs/contact_laws.md lists them.
#include "electrodem/core/config_node.hpp"
#include "electrodem/dem/compaction.hpp"

namespace electrodem::dem {

namespace {
namespace d = units::dim;
}  // namespace

ServoParams parse_servo(ConfigNode& n, ServoParams s) {
  s.inertia_number = n.number("inertia_number", s.inertia_number, Range::positive());
  s.band = n.number("servo_band", s.band, Range::positive());
  s.gain = n.number("servo_gain", s.gain, Range::open(0.0, 1.0));
  s.stress_tolerance = n.number("stress_tolerance", s.stress_tolerance, Range::positive());
  s.unbalanced_tolerance =
      n.number("unbalanced_force_tolerance", s.unbalanced_tolerance, Range::positive());
  s.max_steps = n.integer("max_steps", s.max_steps, Range::closed(1, 1e15));
  s.hold_max_steps = n.integer("hold_max_steps", s.hold_max_steps, Range::closed(1, 1e15));
  s.check_every = n.integer("check_every", s.check_every, Range::closed(1, 1e9));
  return s;
}

PressParams parse_press(ConfigNode n) {
  PressParams p;
  p.pressure = n.quantity("pressure", d::pressure, 300e6, Range::positive());
  p.lateral = n.choice("lateral", {"periodic", "die"}, "periodic") == "die" ? Lateral::die
                                                                            : Lateral::periodic;
  p.mode = n.choice("mode", {"servo", "velocity"}, "servo");
  p.servo = parse_servo(n);
  p.approach_stress = n.number("approach_stress", p.approach_stress, Range::closed(0.0, 1.0));
  p.approach_inertia_number =
      n.number("approach_inertia_number", p.approach_inertia_number, Range::open(0.0, 10.0));
  p.velocity = n.quantity("velocity", d::velocity, p.velocity, Range::positive());
  p.steps = n.integer("steps", p.steps, Range::closed(1, 1e15));
  p.dt_factor = n.number("dt_factor", p.dt_factor, Range::open(0.0, 1.0));
  return p;
}

ReleaseParams parse_release(ConfigNode n) {
  ReleaseParams p;
  p.pressure = n.quantity("pressure", d::pressure, p.pressure, Range::non_negative());
  p.servo = parse_servo(n);
  return p;
}

RelaxParams parse_relax(ConfigNode n) {
  RelaxParams p;
  p.mode = n.choice("mode", {"constant_pressure", "constant_thickness"}, p.mode);
  if (auto v = n.optional_quantity("pressure", d::pressure, Range::non_negative())) p.pressure = *v;
  p.servo = parse_servo(n);
  return p;
}

DemParams parse_dem(ConfigNode n) {
  DemParams p;
  p.time_step_safety = n.number("time_step_safety", p.time_step_safety, Range::open(0.0, 1.0));
  p.contact_period_safety =
      n.number("contact_period_safety", p.contact_period_safety, Range::open(0.0, 1.0));
  p.skin = n.number("skin", p.skin, Range::positive());
  p.local_damping = n.number("local_damping", p.local_damping, {0.0, 1.0, false, true});
  p.viscous_damping = n.boolean("viscous_damping", p.viscous_damping);
  p.density_scaling = n.number("density_scaling", p.density_scaling, Range::closed(1.0, 1e12));
  p.normal_law = n.choice("normal_law", {"auto", "hertz", "thornton_ning"}, p.normal_law);
  p.conserve_volume = n.boolean("conserve_volume", p.conserve_volume);
  p.volume_relaxation = n.number("volume_relaxation", p.volume_relaxation, {0.0, 1.0, true, false});
  p.max_elastic_overlap =
      n.number("max_elastic_overlap", p.max_elastic_overlap, Range::open(0.0, 1.0));
  p.gravity = n.quantity("gravity", units::Dimension{{1, 0, -2, 0, 0, 0}}, p.gravity);
  ConfigNode w = n.child("wall");
  p.wall.youngs_modulus =
      w.quantity("youngs_modulus", d::pressure, p.wall.youngs_modulus, Range::positive());
  p.wall.poisson_ratio = w.number("poisson_ratio", p.wall.poisson_ratio, Range::open(-1.0, 0.5));
  if (auto mu = w.optional_number("friction", Range::non_negative())) p.wall.friction = *mu;
  return p;
}

}  // namespace electrodem::dem
