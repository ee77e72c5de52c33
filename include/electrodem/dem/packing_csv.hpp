#pragma once
// Packings as CSV (x, y, z, radius[, material]), so users can bring structures
// from other tools and take ours elsewhere.
//
// Format: '#' starts a comment line; blank lines are skipped; fields are
// separated by commas (or whitespace). An optional header line names the
// columns (x, y, z, radius or diameter, material; any order, case-insensitive)
// and may carry a unit in brackets, "x [um]"; without a unit, or without a
// header (then the order is x,y,z,radius[,material]), values are metres.
// Materials are given by name or by index into the MaterialSet.
#include <array>
#include <filesystem>
#include <optional>
#include <vector>

#include "electrodem/dem/material.hpp"
#include "electrodem/dem/packing.hpp"

namespace electrodem::dem {

// x and y are wrapped into the periodic footprint. Without a height the box
// top is the top of the highest sphere. Errors (InputError) name file:line,
// the value and what was expected: unreadable numbers, radius <= 0, unknown
// material, a sphere below z = 0 or above the height, a sphere wider than
// half the footprint, a missing material column with several materials.
Packing read_packing_csv(const std::filesystem::path& file, std::array<double, 2> footprint,
                         std::optional<double> height, const MaterialSet& materials);

// Header "x [m],y [m],z [m],radius [m],material" (material by name), values
// with max_digits10 digits so read_packing_csv gives back the same bits.
// Footprint and height go into '#' comment lines. Written atomically.
void write_packing_csv(const std::filesystem::path& file, const Packing& p,
                       const MaterialSet& materials);

// The box recorded in the '#' comments that write_packing_csv writes
// ("# footprint [m]: Lx Ly", "# height [m]: H"); empty fields if absent or
// unreadable (never throws), so files from other tools simply have none.
struct PackingCsvBox {
  std::optional<std::array<double, 2>> footprint;
  std::optional<double> height;
};
PackingCsvBox read_packing_csv_box(const std::filesystem::path& file);

// A one-column list of diameters (optional header with a unit, "d [um]";
// metres otherwise), for the "csv" size distribution.
std::vector<double> read_diameter_csv(const std::filesystem::path& file);

}  // namespace electrodem::dem
