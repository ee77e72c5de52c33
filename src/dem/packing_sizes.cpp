// Particle size distributions: moments (for expected counts and tests) and
// sampling (for generation).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "electrodem/core/error.hpp"
#include "electrodem/dem/packing_random.hpp"
#include "electrodem/dem/packing_spec.hpp"

namespace electrodem::dem {

std::string to_string(SizeDistribution d) {
  switch (d) {
    case SizeDistribution::normal:
      return "normal";
    case SizeDistribution::lognormal:
      return "lognormal";
    case SizeDistribution::uniform:
      return "uniform";
    case SizeDistribution::list:
      return "list";
    case SizeDistribution::csv:
      return "csv";
  }
  return "?";
}

namespace {

// Moments E[g(t)^k], k = 1..3, of t ~ N(m, s^2) truncated to [lo, hi], plus
// the probability kept, by composite Simpson's rule. The integrand is smooth
// and decays like a Gaussian, so 20000 panels over +-12 s (+3 s^2 for the
// e^{3t} weight of the lognormal third moment) give ~1e-12 relative error.
struct GaussMoments {
  double kept = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
};

template <class G>
GaussMoments truncated_gaussian(double m, double s, double lo, double hi, double upper_shift, G g) {
  GaussMoments r;
  const double a = std::max(lo, m - 12.0 * s);
  const double b = std::min(hi, m + 12.0 * s + upper_shift);
  if (!(b > a)) return r;
  const int n = 20000;
  const double h = (b - a) / n;
  double z = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double t = a + h * i;
    const double w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    const double x = (t - m) / s;
    const double p = w * std::exp(-0.5 * x * x);
    const double gv = g(t);
    z += p;
    s1 += p * gv;
    s2 += p * gv * gv;
    s3 += p * gv * gv * gv;
  }
  const double norm = h / 3.0 / (s * std::sqrt(2.0 * M_PI));
  r.kept = z * norm;
  if (z > 0.0) {
    r.m1 = s1 / z;
    r.m2 = s2 / z;
    r.m3 = s3 / z;
  }
  return r;
}

DiameterMoments from_raw(double m1, double m2, double m3, double lo, double hi, double kept) {
  DiameterMoments r;
  r.mean = m1;
  r.std = std::sqrt(std::max(0.0, m2 - m1 * m1));
  r.mean_cube = m3;
  r.min = lo;
  r.max = hi;
  r.kept_probability = kept;
  return r;
}

DiameterMoments discrete_moments(const std::vector<double>& v, const std::vector<double>& w) {
  double sw = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    sw += wi;
    s1 += wi * v[i];
    s2 += wi * v[i] * v[i];
    s3 += wi * v[i] * v[i] * v[i];
  }
  if (sw <= 0.0) return {};
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return from_raw(s1 / sw, s2 / sw, s3 / sw, *lo, *hi, 1.0);
}

}  // namespace

DiameterMoments diameter_moments(const DiameterSpec& d) {
  switch (d.kind) {
    case SizeDistribution::normal: {
      const double lo = std::max(d.min, 0.0);
      if (d.std == 0.0)
        return from_raw(d.mean, d.mean * d.mean, std::pow(d.mean, 3), d.mean, d.mean, 1.0);
      const auto g = truncated_gaussian(d.mean, d.std, lo, d.max, 0.0, [](double t) { return t; });
      return from_raw(g.m1, g.m2, g.m3, std::max(lo, d.mean - 12 * d.std),
                      std::min(d.max, d.mean + 12 * d.std), g.kept);
    }
    case SizeDistribution::lognormal: {
      const double m = std::log(d.median), s = std::log(d.gsd);
      if (s == 0.0)
        return from_raw(d.median, d.median * d.median, std::pow(d.median, 3), d.median, d.median,
                        1.0);
      const double lo = d.min > 0.0 ? std::log(d.min) : -std::numeric_limits<double>::infinity();
      const double hi = std::log(d.max);  // +inf for no truncation
      const auto g =
          truncated_gaussian(m, s, lo, hi, 3.0 * s * s, [](double t) { return std::exp(t); });
      return from_raw(g.m1, g.m2, g.m3, std::max(d.min, std::exp(m - 12 * s)),
                      std::min(d.max, std::exp(m + 12 * s)), g.kept);
    }
    case SizeDistribution::uniform: {
      const double a = d.min, b = d.max;
      const double m3 =
          b > a ? (std::pow(b, 4) - std::pow(a, 4)) / (4.0 * (b - a)) : std::pow(a, 3);
      const double var = (b - a) * (b - a) / 12.0;
      return from_raw(0.5 * (a + b), var + 0.25 * (a + b) * (a + b), m3, a, b, 1.0);
    }
    case SizeDistribution::list:
    case SizeDistribution::csv:
      return discrete_moments(d.values, d.weights);
  }
  return {};
}

double sample_diameter(const DiameterSpec& d, PackingRng& rng) {
  switch (d.kind) {
    case SizeDistribution::normal:
    case SizeDistribution::lognormal: {
      const double lo = d.kind == SizeDistribution::normal ? std::max(d.min, 0.0) : d.min;
      for (int tries = 0; tries < 1000000; ++tries) {
        const double z = rng.normal();
        const double v = d.kind == SizeDistribution::normal
                             ? d.mean + d.std * z
                             : d.median * std::exp(std::log(d.gsd) * z);
        // A normal is truncated to d > 0 (open); explicit bounds are closed.
        if (v >= lo && v <= d.max && v > 0.0) return v;
      }
      throw NumericalError("diameter truncation to [" + std::to_string(d.min) + ", " +
                           std::to_string(d.max) + "] m rejected 10^6 draws of the " +
                           to_string(d.kind) + " distribution");
    }
    case SizeDistribution::uniform:
      return d.min + (d.max - d.min) * rng.uniform();
    case SizeDistribution::list:
    case SizeDistribution::csv: {
      // Inverse CDF of the number weights (linear scan of a short list or
      // binary search of the cumulative sums would both do; lists are short,
      // csv lists are sampled with equal weights).
      if (d.weights.empty()) {
        const auto k =
            static_cast<std::size_t>(rng.uniform() * static_cast<double>(d.values.size()));
        return d.values[std::min(k, d.values.size() - 1)];
      }
      const double total = std::accumulate(d.weights.begin(), d.weights.end(), 0.0);
      const double u = rng.uniform() * total;
      double acc = 0.0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        acc += d.weights[i];
        if (u < acc) return d.values[i];
      }
      // Round-off at the top end: the last value with a positive weight.
      for (std::size_t i = d.values.size(); i-- > 0;)
        if (d.weights[i] > 0.0) return d.values[i];
      return d.values.back();
    }
  }
  return 0.0;
}

}  // namespace electrodem::dem
