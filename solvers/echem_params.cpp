#include "electrodem/solvers/echem_params.hpp"

#include <cmath>
#include <sstream>

#include "electrodem/core/config_node.hpp"

namespace electrodem::solvers {
namespace {

using units::Dimension;
namespace dim = units::dim;

// "C/10", "2C" -> C-rate; "1 mA" -> current; "1 mA/cm^2" -> current density.
// A bare number is a current in A.
std::optional<Rate> read_rate(ConfigNode& node, const std::string& key, const Json& v) {
  const std::string expected =
      "a C-rate (\"C/10\", \"2C\"), a current (\"1 mA\") or a current density (\"1 mA/cm^2\")";
  if (v.is_number()) {
    const double a = v.get<double>();
    if (std::isfinite(a) && a > 0.0) return Rate{Rate::Kind::current, a};
    node.error(key, show(v), expected + ", positive");
    return std::nullopt;
  }
  if (!v.is_string()) {
    node.error(key, show(v), expected);
    return std::nullopt;
  }
  const std::string s = v.get<std::string>();
  try {
    return Rate{Rate::Kind::c_rate, units::parse_c_rate(s)};
  } catch (const units::UnitError&) {
  }
  try {
    const units::Quantity q = units::parse_quantity(s);
    if (q.value > 0.0 && q.dim == dim::current) return Rate{Rate::Kind::current, q.value};
    if (q.value > 0.0 && q.dim == dim::current_density)
      return Rate{Rate::Kind::current_density, q.value};
  } catch (const units::UnitError&) {
  }
  node.error(key, show(v), expected + ", positive");
  return std::nullopt;
}

// "until": a voltage, a time, or (for a hold) a current / C-rate.
void read_until(ConfigNode& node, ProtocolStep& step) {
  const Json* v = node.raw("until");
  if (!v) return;
  const bool hold = step.kind == ProtocolStep::Kind::hold;
  const std::string expected =
      hold ? "a voltage (\"4.3 V\"), a time (\"2 h\") or a current/C-rate (\"C/50\", \"0.1 mA\")"
           : "a voltage (\"4.3 V\") or a time (\"10 h\")";
  if (v->is_string()) {
    const std::string s = v->get<std::string>();
    try {
      const units::Quantity q = units::parse_quantity(s);
      if (q.dim == dim::voltage && !hold) {
        step.until_voltage = q.value;
        return;
      }
      if (q.dim == dim::time && q.value > 0.0) {
        step.until_time = q.value;
        return;
      }
    } catch (const units::UnitError&) {
    }
    if (hold) {
      if (auto r = read_rate(node, "until", *v)) step.until_current = r;
      return;
    }
  }
  node.error("until", show(*v), expected);
}

ProtocolStep read_step(ConfigNode node) {
  ProtocolStep step;
  const std::vector<std::pair<std::string, ProtocolStep::Kind>> kinds{
      {"charge", ProtocolStep::Kind::charge},
      {"discharge", ProtocolStep::Kind::discharge},
      {"hold", ProtocolStep::Kind::hold},
      {"rest", ProtocolStep::Kind::rest}};
  int found = 0;
  for (const auto& [key, kind] : kinds) {
    if (!node.has(key)) continue;
    ++found;
    step.kind = kind;
    if (kind == ProtocolStep::Kind::charge || kind == ProtocolStep::Kind::discharge) {
      if (auto r = read_rate(node, key, *node.raw(key))) step.rate = *r;
    } else if (kind == ProtocolStep::Kind::hold) {
      step.voltage = node.required_quantity(key, dim::voltage, Range::positive());
    } else {
      step.until_time = node.required_quantity(key, dim::time, Range::positive());
    }
  }
  if (found != 1) {
    node.error(
        "", found ? "several step kinds" : "{}",
        "exactly one of \"charge\", \"discharge\", \"hold\" (a voltage) or \"rest\" (a time)");
    return step;
  }
  if (step.kind != ProtocolStep::Kind::rest) read_until(node, step);
  if (const auto t = node.optional_quantity("max_time", dim::time, Range::positive()))
    step.until_time = step.until_time ? std::min(*step.until_time, *t) : *t;
  const bool cc =
      step.kind == ProtocolStep::Kind::charge || step.kind == ProtocolStep::Kind::discharge;
  if (cc && !step.until_voltage && !step.until_time)
    node.error("until", "", "a voltage or time at which the step ends");
  if (step.kind == ProtocolStep::Kind::hold && !step.until_current && !step.until_time)
    node.error("until", "", "a current, C-rate or time at which the hold ends");
  return step;
}

}  // namespace

double Rate::amps(double one_c_current, double area) const {
  switch (kind) {
    case Kind::c_rate:
      return value * one_c_current;
    case Kind::current:
      return value;
    case Kind::current_density:
      return value * area;
  }
  return value;
}

std::string ProtocolStep::describe() const {
  std::ostringstream os;
  auto rate_text = [&](const Rate& r) {
    std::ostringstream o;
    if (r.kind == Rate::Kind::c_rate)
      o << r.value << "C";
    else if (r.kind == Rate::Kind::current)
      o << r.value << " A";
    else
      o << r.value << " A/m^2";
    return o.str();
  };
  switch (kind) {
    case Kind::charge:
      os << "charge " << rate_text(rate);
      break;
    case Kind::discharge:
      os << "discharge " << rate_text(rate);
      break;
    case Kind::hold:
      os << "hold " << voltage << " V";
      break;
    case Kind::rest:
      os << "rest";
      break;
  }
  if (until_voltage) os << " until " << *until_voltage << " V";
  if (until_current) os << " until " << rate_text(*until_current);
  if (until_time) os << (kind == Kind::rest ? " for " : " or ") << *until_time << " s";
  return os.str();
}

CycleParams parse_cycle(ConfigNode node) {
  CycleParams p;
  EchemOptions& o = p.options;
  const std::string ce = node.choice("counter_electrode", {"Li", "Li-In"}, "Li");
  o.counter.name = ce;
  if (ce == "Li") {
    o.counter.potential = 0.0;
    o.counter.exchange_current_density = 10.0;  // 1 mA/cm^2, see docs/electrochemistry.md
  } else {
    o.counter.potential = 0.62;  // Li-In two-phase plateau vs Li/Li+
    o.counter.exchange_current_density = std::numeric_limits<double>::infinity();
  }
  o.counter.potential = node.quantity("counter_potential", dim::voltage, o.counter.potential);
  if (const auto i0 = node.optional_quantity("counter_exchange_current_density",
                                             dim::current_density, Range::positive()))
    o.counter.exchange_current_density = *i0;
  o.temperature = node.quantity("temperature", dim::temperature, o.temperature, Range::positive());
  o.electrolyte_concentration = node.quantity("electrolyte_concentration", dim::concentration,
                                              o.electrolyte_concentration, Range::positive());
  o.shells = static_cast<int>(node.integer("shells", o.shells, Range::closed(10, 1000)));
  o.shell_refinement = node.number("shell_refinement", o.shell_refinement, Range::closed(1, 100));
  o.stress_coupling = node.boolean("stress_feedback", o.stress_coupling);
  o.newton_tolerance = node.number("newton_tolerance", o.newton_tolerance, Range::open(0, 1e-3));
  o.linear_solver = node.choice("linear_solver", {"gmres", "lu"}, "gmres") == "lu"
                        ? EchemOptions::LinearSolver::lu
                        : EchemOptions::LinearSolver::gmres;

  p.mechanics =
      node.choice("mechanics", {"constant_pressure", "constant_thickness", "off"}, p.mechanics);
  p.stack_pressure = node.optional_quantity("stack_pressure", dim::pressure, Range::non_negative());
  for (ConfigNode s : node.object_list("protocol")) p.protocol.push_back(read_step(s));
  if (p.protocol.empty()) {
    // Default: C/10 CC-CV charge to 4.3 V, C/10 discharge to 2.5 V (DESIGN.md §4).
    ProtocolStep c, h, d;
    c.kind = ProtocolStep::Kind::charge, c.rate = {Rate::Kind::c_rate, 0.1}, c.until_voltage = 4.3;
    h.kind = ProtocolStep::Kind::hold, h.voltage = 4.3,
    h.until_current = Rate{Rate::Kind::c_rate, 0.02};
    d.kind = ProtocolStep::Kind::discharge, d.rate = {Rate::Kind::c_rate, 0.1},
    d.until_voltage = 2.5;
    p.protocol = {c, h, d};
  }
  p.cycles = static_cast<int>(node.integer("cycles", p.cycles, Range::closed(1, 100000)));
  p.output_period =
      node.quantity("output_period", dim::time, p.output_period, Range::non_negative());
  p.max_time_step =  // 0: no limit
      node.quantity("max_time_step", dim::time, p.max_time_step, Range::non_negative());
  p.min_voltage = node.quantity("min_voltage", dim::voltage, p.min_voltage);
  p.max_voltage = node.quantity("max_voltage", dim::voltage, p.max_voltage);
  p.lithiation_step = node.number("lithiation_step", p.lithiation_step, Range::open(0, 0.5));
  return p;
}

}  // namespace electrodem::solvers
