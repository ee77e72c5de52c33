#include <algorithm>
#include <cmath>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/units.hpp"
#include "electrodem/dem/material.hpp"

namespace electrodem::dem {

std::string to_string(Role r) {
  switch (r) {
    case Role::active:
      return "active";
    case Role::electrolyte:
      return "electrolyte";
    case Role::additive:
      return "additive";
  }
  return "?";
}

double Table1D::operator()(double xv) const {
  if (x.empty()) return 0.0;
  if (xv <= x.front()) return y.front();
  if (xv >= x.back()) return y.back();
  const auto it = std::upper_bound(x.begin(), x.end(), xv);
  const std::size_t k = static_cast<std::size_t>(it - x.begin());
  const double t = (xv - x[k - 1]) / (x[k] - x[k - 1]);
  return y[k - 1] + t * (y[k] - y[k - 1]);
}

double SwellingParams::strain(double x) const {
  return table.empty() ? coefficient * (x - reference_lithiation) : table(x);
}

int MaterialSet::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < materials.size(); ++i)
    if (materials[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace {

// {"x": [...], "<yname>": [...]}: strictly increasing x, equal lengths.
// An absent or empty object is no table (the resolved config writes {} for it).
void read_table(ConfigNode node, const std::string& yname, units::Dimension ydim, Table1D& t) {
  if (!node.present() || !(node.has("x") || node.has(yname))) return;
  auto x = node.quantity_list("x", units::dim::none);
  auto y = node.quantity_list(yname, ydim);
  if (x.size() != y.size() || x.size() < 2) {
    node.error(yname,
               std::to_string(y.size()) + " values for " + std::to_string(x.size()) + " x values",
               "two arrays 'x' and '" + yname + "' of equal length >= 2");
    return;
  }
  for (std::size_t k = 1; k < x.size(); ++k)
    if (!(x[k] > x[k - 1])) {
      node.error("x", std::to_string(x[k]), "strictly increasing x values");
      return;
    }
  t.x = std::move(x);
  t.y = std::move(y);
}

void read_echem(ConfigNode n, ElectrochemParams& e) {
  namespace d = units::dim;
  e.max_concentration =
      n.quantity("max_concentration", d::concentration, e.max_concentration, Range::non_negative());
  e.diffusivity = n.quantity("diffusivity", d::diffusivity, e.diffusivity, Range::non_negative());
  e.rate_constant = n.number("rate_constant", e.rate_constant, Range::non_negative());
  e.charge_transfer_coefficient =
      n.number("charge_transfer_coefficient", e.charge_transfer_coefficient, Range::open(0.0, 1.0));
  e.initial_lithiation = n.number("initial_lithiation", e.initial_lithiation, Range::unit());
  e.min_lithiation = n.number("min_lithiation", e.min_lithiation, Range::unit());
  e.max_lithiation = n.number("max_lithiation", e.max_lithiation, Range::unit());
  if (e.min_lithiation >= e.max_lithiation)
    n.error("min_lithiation", std::to_string(e.min_lithiation), "min_lithiation < max_lithiation");
  e.partial_molar_volume =
      n.quantity("partial_molar_volume", d::molar_volume, e.partial_molar_volume);
  read_table(n.child("ocv"), "U", d::voltage, e.ocv);
  read_table(n.child("diffusivity_table"), "D", d::diffusivity, e.diffusivity_vs_x);
}

void read_swelling(ConfigNode n, SwellingParams& s) {
  s.coefficient = n.number("coefficient", s.coefficient);
  s.reference_lithiation = n.number("reference_lithiation", s.reference_lithiation, Range::unit());
  read_table(n.child("table"), "strain", units::dim::none, s.table);
}

// A fracture toughness [Pa m^1/2]: an SI number or a unit string with a half power of length
// ("0.23 MPa m^0.5", units::fracture_toughness_to_si), which ConfigNode::quantity (integer
// dimensions) cannot read.
double read_toughness(ConfigNode& n, const std::string& key, double def) {
  if (!n.has(key)) return n.number(key, def);  // absent: records the default
  const Json& v = *n.raw(key);
  double k = def;
  if (v.is_number()) {
    k = v.get<double>();
  } else if (v.is_string()) {
    try {
      k = units::fracture_toughness_to_si(v.get<std::string>());
    } catch (const units::UnitError& e) {
      n.error(key, show(v), e.what());
      return def;
    }
  } else {
    n.error(key, show(v), "a fracture toughness such as \"0.23 MPa m^0.5\"");
    return def;
  }
  if (!std::isfinite(k) || k < 0.0) {
    n.error(key, show(v), "a fracture toughness >= 0 (Pa m^1/2)");
    return def;
  }
  return k;
}

// The neck strength is a constant stress (weld_strength, weld_shear_strength) or a fracture
// toughness (weld_toughness), not both (contact/weld.hpp).
void check_weld_form(ConfigNode& n, const Material& m) {
  if (!(m.weld_toughness > 0.0)) return;
  const auto shown = [&n](const std::string& key) {
    const Json* v = n.raw(key);
    return v ? show(*v) : std::string();
  };
  if (m.weld_strength > 0.0)
    n.error("weld_toughness", shown("weld_toughness"),
            "0 when weld_strength is > 0 (one neck strength form per material: weld_strength "
            "[Pa] or weld_toughness [Pa m^0.5])");
  else if (m.weld_shear_strength > 0.0)
    n.error("weld_shear_strength", shown("weld_shear_strength"),
            "0 with weld_toughness (the toughness sets the shear cohesion too)");
}

Material read_material(ConfigNode n, const std::string& name) {
  namespace d = units::dim;
  const std::string base = n.string("base", name);
  Material m;
  try {
    m = library_material(base);
  } catch (const std::out_of_range&) {
    if (n.has("base") || !n.has("role")) {
      const std::string near = nearest(base, library_names());
      std::string list;
      for (const auto& l : library_names()) list += (list.empty() ? "" : ", ") + l;
      n.error("base", "\"" + base + "\"",
              "a library material (" + list + ")" +
                  (near.empty() ? "" : "; did you mean '" + near + "'?") +
                  ", or no base and every field given");
    }
  }
  m.name = name;
  m.base = base;
  const std::string role =
      n.choice("role", {"active", "electrolyte", "additive"}, to_string(m.role));
  m.role = role == "active"     ? Role::active
           : role == "additive" ? Role::additive
                                : Role::electrolyte;
  m.density = n.quantity("density", d::density, m.density, Range::positive());
  m.youngs_modulus = n.quantity("youngs_modulus", d::pressure, m.youngs_modulus, Range::positive());
  m.poisson_ratio = n.number("poisson_ratio", m.poisson_ratio, Range::open(-1.0, 0.5));
  // yield_pressure: a pressure, or null / "none" for an elastic material.
  if (const Json* y = n.raw("yield_pressure"); y && (y->is_null() || *y == "none")) {
    m.yield_pressure = std::numeric_limits<double>::infinity();
  } else if (y) {
    if (auto v = n.to_quantity(*y, n.key_path("yield_pressure"), d::pressure, Range::positive()))
      m.yield_pressure = *v;
  }
  m.friction = n.number("friction", m.friction, Range::non_negative());
  m.rolling_friction = n.number("rolling_friction", m.rolling_friction, Range::non_negative());
  m.restitution = n.number("restitution", m.restitution, {0.0, 1.0, true, false});
  m.ionic_conductivity = n.quantity("ionic_conductivity", d::conductivity, m.ionic_conductivity,
                                    Range::non_negative());
  m.electronic_conductivity = n.quantity("electronic_conductivity", d::conductivity,
                                         m.electronic_conductivity, Range::non_negative());
  m.surface_energy =
      n.quantity("surface_energy", d::surface_energy, m.surface_energy, Range::non_negative());
  m.weld_strength =
      n.quantity("weld_strength", d::pressure, m.weld_strength, Range::non_negative());
  // shear strength of the neck: the tensile strength unless given (Potyondy & Cundall 2004 use
  // equal mean normal and shear bond strengths in their reference calibration)
  m.weld_shear_strength =
      n.quantity("weld_shear_strength", d::pressure,
                 n.has("weld_shear_strength") ? m.weld_shear_strength : m.weld_strength,
                 Range::non_negative());
  m.weld_toughness = read_toughness(n, "weld_toughness", m.weld_toughness);
  check_weld_form(n, m);
  read_echem(n.child("echem"), m.echem);
  read_swelling(n.child("swelling"), m.swelling);
  if (m.density <= 0 || m.youngs_modulus <= 0)
    n.error("density", "", "density and youngs_modulus are needed when there is no library base");
  return m;
}

}  // namespace

MaterialSet parse_materials(ConfigNode node) {
  MaterialSet set;
  for (const auto& name : node.names())
    set.materials.push_back(read_material(node.child(name), name));
  for (const auto& lib : library_names())
    if (set.index_of(lib) < 0) set.materials.push_back(library_material(lib));
  return set;
}

}  // namespace electrodem::dem
