#pragma once
// Loose initial packings by random sequential addition (RSA): spheres are
// drawn per component so that the volume (or mass) fractions are met, then
// placed one by one, largest first, at uniformly random non-overlapping
// positions in a box periodic in x and y with walls at z = 0 and z = height.
#include <cstdint>
#include <vector>

#include "electrodem/dem/packing.hpp"
#include "electrodem/dem/packing_spec.hpp"

namespace electrodem::dem {

// What generation did, for the log and the summary.
struct GenerationReport {
  std::size_t count = 0;
  double initial_height = 0.0;      // solid volume / (footprint area * initial solid fraction) [m]
  double height = 0.0;              // final box height [m]
  int height_growths = 0;           // times RSA got stuck and the box was made taller
  long long attempts = 0;           // random positions tried in total
  double solid_fraction = 0.0;      // solid volume / box volume [-]
  std::vector<double> fractions;    // achieved volume (or mass) fraction per component [-]
  std::vector<std::size_t> counts;  // particles per component
  // Imported packings only (generated ones have none): overlapping pairs and
  // the largest (r_i + r_j - d) / (r_i + r_j), worth a warning before the DEM.
  std::size_t overlapping_pairs = 0;
  double max_relative_overlap = 0.0;
};

// Draws the radii and component of each particle (deterministic in seed).
// radius and material of the returned packing are set, positions are not.
// Particles come sorted by decreasing radius.
Packing draw_particles(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed);

// Generates a packing; bitwise reproducible for a given spec and seed on a
// given platform (std::mt19937_64 and our own uniform/normal transforms; no
// threads). Throws InputError if a particle cannot fit the footprint.
Packing generate_packing(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed,
                         GenerationReport* report = nullptr);

// generate_packing, or read_packing_csv when spec.import_file is set; then, unless
// spec.spatial_order is off, order_spatially (packing_order.hpp).
Packing build_packing(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed,
                      GenerationReport* report = nullptr);

// Pairs of overlapping spheres (minimum image in x, y; tolerance as a fraction
// of r_i + r_j) and spheres crossing a wall; for tests and import checks.
struct OverlapCheck {
  std::size_t pair_overlaps = 0;
  std::size_t wall_overlaps = 0;
  double max_relative_overlap = 0.0;  // max (r_i + r_j - d) / (r_i + r_j)
};
OverlapCheck check_overlaps(const Packing& p, double tolerance = 0.0);

}  // namespace electrodem::dem
