// Reading and validating the "packing" config object.
#include "electrodem/dem/packing_spec.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/dem/packing_csv.hpp"

namespace electrodem::dem {

namespace {
using units::Dimension;
namespace dim = units::dim;

constexpr double kPi = 3.14159265358979323846;
// Beyond this many particles generation is refused as a config mistake
// (memory ~100 bytes per particle in the DEM, hours of run time).
constexpr double kMaxParticles = 2.0e7;

std::string num(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

// Shortest text that reads back to the same double.
std::string exact(double v) {
  std::ostringstream os;
  os.precision(std::numeric_limits<double>::max_digits10);
  os << v;
  return os.str();
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& file) {
  const std::filesystem::path p(file);
  return p.is_absolute() || base.empty() ? p : base / p;
}

int material_index(const MaterialSet& m, const std::string& name) {
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i].name == name) return static_cast<int>(i);
  return -1;
}

std::string material_names(const MaterialSet& m) {
  std::string s;
  for (std::size_t i = 0; i < m.size(); ++i) s += (i ? ", " : "") + m[i].name;
  return s;
}

const std::vector<std::string> kDistributions{"normal", "lognormal", "uniform", "list", "csv"};

SizeDistribution distribution_from(const std::string& s) {
  if (s == "lognormal") return SizeDistribution::lognormal;
  if (s == "uniform") return SizeDistribution::uniform;
  if (s == "list") return SizeDistribution::list;
  if (s == "csv") return SizeDistribution::csv;
  return SizeDistribution::normal;
}

// Optional truncation of normal/lognormal; min defaults to 0 (recorded).
void read_truncation(ConfigNode& n, DiameterSpec& d) {
  d.min = n.quantity("min", dim::length, 0.0, Range::non_negative());
  if (auto mx = n.optional_quantity("max", dim::length, Range::positive())) d.max = *mx;
  if (!(d.max > d.min))
    n.error("max", num(d.max) + " m", "expected max > min = " + num(d.min) + " m");
}

DiameterSpec parse_diameter(ConfigNode n, const std::filesystem::path& base_dir) {
  DiameterSpec d;
  if (!n.has("distribution")) {
    n.error("distribution", "",
            "missing; expected one of 'normal', 'lognormal', 'uniform', 'list', 'csv'");
    return d;
  }
  d.kind = distribution_from(n.choice("distribution", kDistributions, "normal"));
  switch (d.kind) {
    case SizeDistribution::normal:
      d.mean = n.required_quantity("mean", dim::length, Range::positive());
      d.std = n.required_quantity("std", dim::length, Range::non_negative());
      read_truncation(n, d);
      break;
    case SizeDistribution::lognormal:
      d.median = n.required_quantity("median", dim::length, Range::positive());
      if (!n.has("gsd"))
        n.error("gsd", "", "missing; expected the geometric standard deviation, a number >= 1");
      d.gsd = n.number("gsd", 1.0, Range::closed(1.0, 100.0));
      read_truncation(n, d);
      break;
    case SizeDistribution::uniform:
      d.min = n.required_quantity("min", dim::length, Range::positive());
      d.max = n.required_quantity("max", dim::length, Range::positive());
      if (!(d.max >= d.min))
        n.error("max", num(d.max) + " m", "expected max >= min = " + num(d.min) + " m");
      break;
    case SizeDistribution::list: {
      if (!n.has("values"))
        n.error("values", "",
                "missing; expected an array of diameters such as [\"3 um\", \"8 um\"]");
      d.values = n.quantity_list("values", dim::length, Range::positive());
      d.weights = n.quantity_list("weights", dim::none, Range::non_negative());
      if (n.has("weights") && d.weights.size() != d.values.size())
        n.error("weights", std::to_string(d.weights.size()) + " weights",
                "expected one weight per value (" + std::to_string(d.values.size()) + ")");
      else if (!d.weights.empty() &&
               !(std::accumulate(d.weights.begin(), d.weights.end(), 0.0) > 0.0))
        n.error("weights", "all zero", "expected at least one positive weight");
      if (n.has("values") && d.values.empty())
        n.error("values", "[]", "expected at least one diameter");
      break;
    }
    case SizeDistribution::csv: {
      const auto file = n.optional_string("file");
      if (!file) {
        if (!n.has("file"))
          n.error("file", "", "missing; expected the path of a CSV file of diameters");
        break;
      }
      d.file = resolve(base_dir, *file).string();
      try {
        d.values = read_diameter_csv(d.file);
      } catch (const InputError& e) {
        for (const auto& i : e.issues()) n.error("file", "\"" + *file + "\"", i.describe());
      }
      break;
    }
  }
  if ((d.kind == SizeDistribution::normal || d.kind == SizeDistribution::lognormal) &&
      d.max > d.min) {
    // Truncation that keeps almost nothing is a config mistake, and would make
    // rejection sampling crawl.
    const auto m = diameter_moments(d);
    if (m.kept_probability < 1e-3)
      n.error("min", "[" + num(d.min) + ", " + num(d.max) + "] m",
              "a truncation interval that keeps at least 0.1% of the distribution (keeps " +
                  num(100.0 * m.kept_probability) + "%)");
  }
  return d;
}

void parse_components(ConfigNode& node, const MaterialSet& materials,
                      const std::filesystem::path& base_dir, bool required, PackingSpec& s) {
  auto comps = node.object_list("components");
  if (required && comps.empty() && !node.has("components"))
    node.error("components", "",
               "missing; expected an array of {material, volume_fraction, diameter}");
  else if (required && comps.empty() && node.raw("components") &&
           node.raw("components")->is_array())
    node.error("components", "[]", "expected at least one component");
  std::optional<FractionKind> kind;
  double sum = 0.0;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    ConfigNode& c = comps[i];
    ComponentSpec comp;
    if (!c.has("material")) {
      c.error("material", "",
              "missing; expected one of the material names: " + material_names(materials));
    } else if (const auto name = c.optional_string("material")) {
      comp.material = material_index(materials, *name);
      if (comp.material < 0) {
        std::vector<std::string> names;
        for (std::size_t k = 0; k < materials.size(); ++k) names.push_back(materials[k].name);
        const std::string near = nearest(*name, names);
        c.error("material", "\"" + *name + "\"",
                near.empty() ? "expected one of the material names: " + material_names(materials)
                             : "unknown material; did you mean '" + near + "'?");
        comp.material = 0;
      }
    }
    const bool has_v = c.has("volume_fraction"), has_m = c.has("mass_fraction");
    if (has_v && has_m)
      c.error("mass_fraction", "", "give either volume_fraction or mass_fraction, not both");
    const FractionKind this_kind = has_m && !has_v ? FractionKind::mass : FractionKind::volume;
    if (!has_v && !has_m && comps.size() > 1)
      c.error("volume_fraction", "",
              "missing; expected a volume_fraction or mass_fraction in [0, 1]");
    if (kind && *kind != this_kind)
      c.error(this_kind == FractionKind::mass ? "mass_fraction" : "volume_fraction", "",
              "all components must use the same kind of fraction as component 0");
    kind = kind.value_or(this_kind);
    comp.fraction = c.number(this_kind == FractionKind::mass ? "mass_fraction" : "volume_fraction",
                             1.0, Range::unit());
    if (has_v && has_m)
      c.number("mass_fraction", 0.0, Range::unit());  // mark as known (already reported)
    sum += comp.fraction;
    if (!c.has("diameter"))
      c.error(
          "diameter", "",
          "missing; expected a size distribution such as {\"distribution\": \"lognormal\", ...}");
    else
      comp.diameter = parse_diameter(c.child("diameter"), base_dir);
    s.components.push_back(std::move(comp));
  }
  s.fraction_kind = kind.value_or(FractionKind::volume);
  if (!comps.empty() && std::abs(sum - 1.0) > 1e-6)
    node.error("components", "fractions summing to " + num(sum),
               "fractions summing to 1 (within 1e-6)");
}

}  // namespace

PackingSpec parse_packing(ConfigNode node, const MaterialSet& materials,
                          const std::filesystem::path& base_dir) {
  PackingSpec s;
  if (const auto imp = node.optional_string("import")) {
    s.import_file = resolve(base_dir, *imp);
    if (!std::filesystem::is_regular_file(*s.import_file))
      node.error("import", "\"" + *imp + "\"",
                 "an existing CSV file (looked for " + s.import_file->string() + ")");
  }
  // A packing exported by electrodem carries its box in comments: use it
  // unless the config gives the footprint or height.
  const PackingCsvBox box = s.import_file ? read_packing_csv_box(*s.import_file) : PackingCsvBox{};

  if (!node.has("footprint")) {
    std::vector<std::string> def{"50 um", "50 um"};
    if (box.footprint)
      def = {exact(box.footprint->at(0)) + " m", exact(box.footprint->at(1)) + " m"};
    node.string_list("footprint", def);  // records the default
    // The same bits as reading the recorded strings back.
    s.footprint = {units::to_si(def[0], dim::length), units::to_si(def[1], dim::length)};
  } else {
    const Json* raw = node.raw("footprint");
    const auto fp = node.quantity_list("footprint", dim::length, Range::positive());
    if (raw->is_array() && raw->size() != 2)
      node.error("footprint", show(*raw),
                 "expected two lengths [Lx, Ly], e.g. [\"50 um\", \"50 um\"]");
    else if (fp.size() == 2)
      s.footprint = {fp[0], fp[1]};
  }

  if (node.has("height")) {
    s.import_height = node.optional_quantity("height", dim::length, Range::positive());
    if (!node.has("import"))
      node.error("height", show(*node.raw("height")), "'height' is only used with 'import'");
  } else if (box.height) {
    s.import_height = node.quantity("height", dim::length, *box.height, Range::positive());
  }
  const bool generate = !node.has("import");

  const int n_targets =
      int(node.has("count")) + int(node.has("thickness")) + int(node.has("loading"));
  if (generate && n_targets != 1)
    node.error(n_targets == 0 ? "count" : "thickness",
               n_targets == 0 ? "" : std::to_string(n_targets) + " given",
               "exactly one of 'count', 'thickness' or 'loading'");
  if (node.has("count")) {
    s.target = SizeTarget::count;
    s.count = node.integer("count", 0, Range::closed(1.0, kMaxParticles));
  }
  if (node.has("thickness")) {
    s.target = SizeTarget::thickness;
    s.thickness = node.quantity("thickness", dim::length, 0.0, Range::positive());
  }
  if (node.has("thickness") || node.has("target_relative_density"))
    s.target_relative_density =
        node.number("target_relative_density", 0.8, Range{0.0, 1.0, true, false});
  if (node.has("loading")) {
    s.target = SizeTarget::loading;
    s.loading = node.quantity("loading", dim::areal_mass, 0.0, Range::positive());
  }
  s.initial_solid_fraction =
      node.number("initial_solid_fraction", 0.3, Range{0.0, 0.5, true, false});
  s.spatial_order = node.choice("order", {"spatial", "input"}, "spatial") == "spatial";

  parse_components(node, materials, base_dir, generate, s);

  if (generate && s.target == SizeTarget::loading) {
    bool any_active = false;
    for (const auto& c : s.components)
      any_active = any_active ||
                   (c.fraction > 0.0 && materials[std::size_t(c.material)].role == Role::active);
    if (!any_active && !s.components.empty())
      node.error("loading", show(*node.raw("loading")),
                 "a component of an active material (loading is AM mass per area)");
  }
  if (generate && !s.components.empty()) {
    const double n = expected_particle_count(s, materials);
    if (s.target != SizeTarget::count && !(n <= kMaxParticles)) {
      const char* key = s.target == SizeTarget::thickness ? "thickness" : "loading";
      node.error(
          key, show(*node.raw(key)),
          "a size that needs at most " + num(kMaxParticles) + " particles (needs ~" + num(n) + ")");
    }
    // A particle wider than half the footprint would touch its own periodic image.
    const double half = 0.5 * std::min(s.footprint[0], s.footprint[1]);
    for (std::size_t i = 0; i < s.components.size(); ++i) {
      const auto m = diameter_moments(s.components[i].diameter);
      if (s.components[i].fraction > 0.0 && m.mean > half)
        node.error("footprint", num(s.footprint[0]) + " m x " + num(s.footprint[1]) + " m",
                   "a footprint at least twice the mean diameter of component " +
                       std::to_string(i) + " (" + num(m.mean) +
                       " m); 10 diameters or more is advisable");
    }
  }
  return s;
}

double expected_particle_count(const PackingSpec& s, const MaterialSet& materials) {
  if (s.target == SizeTarget::count) return static_cast<double>(s.count);
  // Per unit of the fraction basis (volume or mass), how much solid volume,
  // AM mass and how many particles each component brings.
  double vol = 0.0, am_mass = 0.0, count = 0.0;
  for (const auto& c : s.components) {
    if (c.fraction <= 0.0) continue;
    const auto& mat = materials[std::size_t(c.material)];
    const double v1 = kPi / 6.0 * diameter_moments(c.diameter).mean_cube;  // mean particle volume
    const double v =
        s.fraction_kind == FractionKind::volume ? c.fraction : c.fraction / mat.density;
    vol += v;
    count += v / v1;
    if (mat.role == Role::active) am_mass += v * mat.density;
  }
  const double area = s.footprint[0] * s.footprint[1];
  const double scale = s.target == SizeTarget::thickness
                           ? s.thickness * area * s.target_relative_density / vol
                           : (am_mass > 0.0 ? s.loading * area / am_mass : 0.0);
  return count * scale;
}

}  // namespace electrodem::dem
