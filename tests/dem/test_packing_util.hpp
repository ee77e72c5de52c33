#pragma once
// Shared helpers for the packing tests.
#include <cmath>
#include <filesystem>
#include <string>

#include "electrodem/dem/material.hpp"
#include "electrodem/dem/packing.hpp"

namespace electrodem::dem::testing {

// Two materials with the densities of NCM811 and Li6PS5Cl (values only matter
// for mass fractions and loading).
inline MaterialSet two_materials() {
  MaterialSet m;
  Material am;
  am.name = "AM";
  am.role = Role::active;
  am.density = 4800.0;
  Material se;
  se.name = "SE";
  se.role = Role::electrolyte;
  se.density = 1900.0;
  m.materials = {am, se};
  return m;
}

struct Stats {
  double mean = 0.0, std = 0.0;
};
inline Stats stats(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  const double mean = s / static_cast<double>(v.size());
  double q = 0.0;
  for (double x : v) q += (x - mean) * (x - mean);
  return {mean, std::sqrt(q / static_cast<double>(v.size() - 1))};
}

// Fresh empty directory under the system temp dir for one test.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() / ("electrodem_packing_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline double sphere_volume(double r) {
  return 4.0 / 3.0 * M_PI * r * r * r;
}

}  // namespace electrodem::dem::testing
