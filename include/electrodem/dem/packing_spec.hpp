#pragma once
// What packing to build: the "packing" object of the config, validated and in
// SI units. Either generated (components with size distributions, sized by a
// particle count, a pressed thickness or an AM loading) or imported from CSV.
#include <array>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "electrodem/dem/material.hpp"

namespace electrodem {
class ConfigNode;
}

namespace electrodem::dem {

enum class SizeDistribution { normal, lognormal, uniform, list, csv };
std::string to_string(SizeDistribution d);

// Number-weighted particle *diameter* distribution [m].
struct DiameterSpec {
  SizeDistribution kind = SizeDistribution::normal;
  double mean = 0.0, std = 0.0;    // normal
  double median = 0.0, gsd = 1.0;  // lognormal: ln d ~ N(ln median, ln gsd)
  // uniform bounds, or optional truncation of normal/lognormal (rejection
  // sampling); a normal is always truncated to d > 0.
  double min = 0.0;
  double max = std::numeric_limits<double>::infinity();
  std::vector<double> values;   // list / csv: the diameters
  std::vector<double> weights;  // list / csv: number weights (need not sum to 1)
  std::string file;             // csv: where the values came from

  static DiameterSpec normal(double mean, double std) {
    DiameterSpec d;
    d.kind = SizeDistribution::normal, d.mean = mean, d.std = std;
    return d;
  }
  static DiameterSpec lognormal(double median, double gsd) {
    DiameterSpec d;
    d.kind = SizeDistribution::lognormal, d.median = median, d.gsd = gsd;
    return d;
  }
  static DiameterSpec uniform(double min, double max) {
    DiameterSpec d;
    d.kind = SizeDistribution::uniform, d.min = min, d.max = max;
    return d;
  }
  static DiameterSpec list(std::vector<double> values, std::vector<double> weights = {}) {
    DiameterSpec d;
    d.kind = SizeDistribution::list, d.values = std::move(values), d.weights = std::move(weights);
    return d;
  }
};

// Moments of a diameter distribution including its truncation [m, m, m^3].
struct DiameterMoments {
  double mean = 0.0;
  double std = 0.0;
  double mean_cube = 0.0;  // E[d^3], gives the expected particle volume pi/6 E[d^3]
  double min = 0.0;        // support of the (truncated) distribution
  double max = 0.0;
  double kept_probability = 1.0;  // mass of the untruncated pdf inside [min, max]
};
// Exact for list/csv/uniform/untruncated normal and lognormal; truncated
// normal/lognormal by adaptive Simpson quadrature of the pdf (rel. error < 1e-9).
DiameterMoments diameter_moments(const DiameterSpec& d);

struct ComponentSpec {
  int material = 0;       // index into the MaterialSet
  double fraction = 0.0;  // volume or mass fraction of the solid [-]
  DiameterSpec diameter;
};

enum class FractionKind { volume, mass };
enum class SizeTarget { count, thickness, loading };

struct PackingSpec {
  std::array<double, 2> footprint{50e-6, 50e-6};  // periodic box size in x, y [m]
  SizeTarget target = SizeTarget::count;
  long long count = 0;                   // target == count
  double thickness = 0.0;                // target == thickness: pressed thickness [m]
  double target_relative_density = 0.8;  // solid fraction assumed at that thickness [-]
  double loading = 0.0;                  // target == loading: AM mass per area [kg/m^2]
  FractionKind fraction_kind = FractionKind::volume;
  std::vector<ComponentSpec> components;
  double initial_solid_fraction = 0.3;  // loose RSA packing [-]
  // Import instead of generating: CSV path and box height (nullopt: top of the
  // highest sphere).
  std::optional<std::filesystem::path> import_file;
  std::optional<double> import_height;
  // "spatial" (default): particle indices follow space (packing_order.hpp), for the DEM's speed;
  // "input": the generation or CSV order is kept (particle i is CSV row i).
  bool spatial_order = true;
};

// Reads the "packing" object. Every default is written to the resolved config;
// problems are collected in the node's ConfigReader (they throw at finish()).
// Relative file names ("import", diameter "file") are resolved against base_dir
// (the config file's directory; empty = current directory).
PackingSpec parse_packing(ConfigNode node, const MaterialSet& materials,
                          const std::filesystem::path& base_dir = {});

// Expected number of particles for a generated spec (from the distributions'
// moments); used to size buffers and refuse absurd requests.
double expected_particle_count(const PackingSpec& spec, const MaterialSet& materials);

}  // namespace electrodem::dem
