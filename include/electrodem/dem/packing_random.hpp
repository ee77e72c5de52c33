#pragma once
// Random numbers for packing generation that are the same on every standard
// library: std::mt19937_64 is fully specified by the standard, but
// std::uniform_real_distribution and std::normal_distribution are not, so the
// transforms are written out here.
#include <cmath>
#include <cstdint>
#include <random>

#include "electrodem/dem/packing_spec.hpp"

namespace electrodem::dem {

class PackingRng {
 public:
  explicit PackingRng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Standard normal by Marsaglia's polar method (Marsaglia & Bray 1964); the
  // second variate is discarded so the state is just the engine.
  double normal() {
    for (;;) {
      const double u = 2.0 * uniform() - 1.0;
      const double v = 2.0 * uniform() - 1.0;
      const double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
    }
  }

 private:
  std::mt19937_64 engine_;
};

// One diameter [m] from d (truncation by rejection; list/csv by inverse CDF of
// the weights). Throws NumericalError if truncation rejects 10^6 draws in a row.
double sample_diameter(const DiameterSpec& d, PackingRng& rng);

}  // namespace electrodem::dem
