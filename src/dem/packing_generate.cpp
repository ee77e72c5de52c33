// Loose packings by random sequential addition (RSA, e.g. Feder 1980; Torquato,
// Random Heterogeneous Materials, 2002, sec. 3.4): spheres are placed one at a
// time at uniformly random positions and rejected if they overlap anything.
// Placing the largest first keeps polydisperse mixtures from jamming early.
#include "electrodem/dem/packing_generate.hpp"
#include "electrodem/dem/packing_order.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "electrodem/core/error.hpp"
#include "electrodem/dem/packing_csv.hpp"
#include "electrodem/dem/packing_random.hpp"

namespace electrodem::dem {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxParticles = 2.0e7;
constexpr int kAttemptsBeforeGrowth = 20000;
constexpr double kGrowthFactor = 1.05;

double sphere_volume(double r) {
  return 4.0 / 3.0 * kPi * r * r * r;
}

std::string num(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

// SplitMix64 (Steele, Lea & Flood 2014): a second, independent stream from the
// seed for positions, so drawing sizes and placing them do not share a stream.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

double min_image(double d, double L) {
  return d - L * std::floor(d / L + 0.5);
}

struct Drawn {
  Packing packing;             // radius and material, sorted by decreasing radius
  std::vector<int> component;  // per particle
};

// Component choice: the one furthest below its target fraction of the
// running total (volume or mass). Sizes of each component remain i.i.d. draws
// of its distribution (the choice depends only on earlier draws), while the
// achieved fractions are within one particle of the targets for any N.
Drawn draw(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed) {
  if (spec.components.empty()) throw InputError("packing.components", "", "at least one component");
  const std::size_t K = spec.components.size();
  std::vector<double> w(K, 0.0);
  double w_tot = 0.0, v_tot = 0.0, am_mass = 0.0;
  const double area = spec.footprint[0] * spec.footprint[1];
  const double v_target = spec.thickness * area * spec.target_relative_density;
  const double m_target = spec.loading * area;
  auto done = [&](std::size_t n) {
    switch (spec.target) {
      case SizeTarget::count:
        return n >= static_cast<std::size_t>(spec.count);
      case SizeTarget::thickness:
        return v_tot >= v_target;
      case SizeTarget::loading:
        return am_mass >= m_target;
    }
    return true;
  };
  PackingRng rng(seed);
  std::vector<double> radius;
  std::vector<int> comp;
  while (!done(radius.size())) {
    if (static_cast<double>(radius.size()) >= kMaxParticles)
      throw InputError("packing", num(kMaxParticles) + " particles",
                       "a packing of fewer particles");
    std::size_t best = K;
    double best_deficit = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < K; ++i) {
      const double f = spec.components[i].fraction;
      if (f <= 0.0) continue;
      const double deficit = w_tot > 0.0 ? f - w[i] / w_tot : f;
      if (deficit > best_deficit) best_deficit = deficit, best = i;
    }
    if (best == K)
      throw InputError("packing.components", "", "a component with a positive fraction");
    const auto& c = spec.components[best];
    const auto& mat = materials[std::size_t(c.material)];
    const double r = 0.5 * sample_diameter(c.diameter, rng);
    const double v = sphere_volume(r);
    const double wt = spec.fraction_kind == FractionKind::volume ? v : mat.density * v;
    w[best] += wt;
    w_tot += wt;
    v_tot += v;
    if (mat.role == Role::active) am_mass += mat.density * v;
    radius.push_back(r);
    comp.push_back(static_cast<int>(best));
  }
  // Largest first (stable: equal radii keep their draw order).
  std::vector<std::size_t> order(radius.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return radius[a] > radius[b]; });
  Drawn d;
  d.packing.footprint = spec.footprint;
  d.packing.radius.reserve(order.size());
  d.packing.material.reserve(order.size());
  d.component.reserve(order.size());
  for (const auto k : order) {
    d.packing.radius.push_back(radius[k]);
    d.packing.material.push_back(spec.components[std::size_t(comp[k])].material);
    d.component.push_back(comp[k]);
  }
  d.packing.position.assign(order.size(), Eigen::Vector3d::Zero());
  return d;
}

// Cell grid in which every sphere is listed in each cell its bounding box
// touches. Two overlapping spheres share a point, and the cell holding that
// point is in both bounding boxes, so a candidate only needs the cells of its
// own bounding box. This keeps the cells small (about one particle each) even
// for size ratios of 10 or more: big spheres are listed in many cells instead
// of small ones being compared with many neighbours.
class RsaGrid {
 public:
  RsaGrid(std::array<double, 2> L, double height, double cell) : L_(L) {
    nx_ = std::max(1, static_cast<int>(std::floor(L[0] / cell)));
    ny_ = std::max(1, static_cast<int>(std::floor(L[1] / cell)));
    cx_ = L[0] / nx_;
    cy_ = L[1] / ny_;
    cz_ = cell;
    grow(height);
  }
  // Cells are z-major, so a taller box only appends cells.
  void grow(double height) {
    nz_ = std::max(1, static_cast<int>(std::ceil(height / cz_)));
    head_.resize(static_cast<std::size_t>(nx_) * ny_ * nz_, -1);
  }
  template <class F>
  void for_cells(double x, double y, double z, double r, F&& f) const {
    auto span = [](double lo, double hi, double c, int n) {
      int a = static_cast<int>(std::floor(lo / c)), b = static_cast<int>(std::floor(hi / c));
      if (b - a + 1 >= n) a = 0, b = n - 1;
      return std::pair<int, int>{a, b};
    };
    const auto [x0, x1] = span(x - r, x + r, cx_, nx_);
    const auto [y0, y1] = span(y - r, y + r, cy_, ny_);
    // Clamped (not cut) in z: anything below the floor or above the top
    // lands in the first or last layer, so the shared-cell argument holds for
    // spheres outside the box too (check_overlaps on arbitrary input).
    auto layer = [&](double v) {
      return static_cast<int>(std::clamp(std::floor(v / cz_), 0.0, static_cast<double>(nz_ - 1)));
    };
    const int z0 = layer(z - r), z1 = layer(z + r);
    for (int iz = z0; iz <= z1; ++iz)
      for (int iy = y0; iy <= y1; ++iy) {
        const int wy = ((iy % ny_) + ny_) % ny_;
        for (int ix = x0; ix <= x1; ++ix) {
          const int wx = ((ix % nx_) + nx_) % nx_;
          if (!f((static_cast<std::size_t>(iz) * ny_ + wy) * nx_ + wx)) return;
        }
      }
  }
  void insert(int id, double x, double y, double z, double r) {
    for_cells(x, y, z, r, [&](std::size_t c) {
      pool_.push_back({id, head_[c]});
      head_[c] = static_cast<int>(pool_.size() - 1);
      return true;
    });
  }
  // Calls f(j) for every sphere listed in a cell of the bounding box of
  // (x, y, z, r), possibly more than once; f returns false to stop.
  template <class F>
  void for_neighbours(double x, double y, double z, double r, F&& f) const {
    for_cells(x, y, z, r, [&](std::size_t c) {
      for (int e = head_[c]; e >= 0; e = pool_[std::size_t(e)].next)
        if (!f(std::size_t(pool_[std::size_t(e)].id))) return false;
      return true;
    });
  }
  bool overlaps(double x, double y, double z, double r, const std::vector<double>& px,
                const std::vector<double>& py, const std::vector<double>& pz,
                const std::vector<double>& pr) const {
    bool hit = false;
    for_cells(x, y, z, r, [&](std::size_t c) {
      for (int e = head_[c]; e >= 0; e = pool_[std::size_t(e)].next) {
        const auto j = std::size_t(pool_[std::size_t(e)].id);
        const double dx = min_image(x - px[j], L_[0]), dy = min_image(y - py[j], L_[1]),
                     dz = z - pz[j];
        const double s = r + pr[j];
        if (dx * dx + dy * dy + dz * dz < s * s) {
          hit = true;
          return false;
        }
      }
      return true;
    });
    return hit;
  }

 private:
  struct Entry {
    int id, next;
  };
  std::array<double, 2> L_;
  int nx_ = 1, ny_ = 1, nz_ = 1;
  double cx_ = 0, cy_ = 0, cz_ = 0;
  std::vector<int> head_;
  std::vector<Entry> pool_;
};

}  // namespace

Packing draw_particles(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed) {
  return draw(spec, materials, seed).packing;
}

Packing generate_packing(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed,
                         GenerationReport* report) {
  Drawn drawn = draw(spec, materials, seed);
  Packing& p = drawn.packing;
  const std::size_t n = p.size();
  const auto L = spec.footprint;
  const double r_max = p.radius.front();
  if (4.0 * r_max > std::min(L[0], L[1]))
    throw InputError("packing.footprint", num(L[0]) + " m x " + num(L[1]) + " m",
                     "a footprint at least twice the largest drawn diameter (" + num(2 * r_max) +
                         " m); enlarge it or truncate the size distribution with \"max\"");
  double v_solid = 0.0;
  for (const double r : p.radius) v_solid += sphere_volume(r);
  const double area = L[0] * L[1];
  const double h0 = std::max(v_solid / (area * spec.initial_solid_fraction), 2.02 * r_max);
  double h = h0;

  // Cells of about one particle each (box volume / N).
  const double cell = std::min({std::cbrt(area * h0 / static_cast<double>(n)), L[0], L[1]});
  RsaGrid grid(L, h, cell);
  std::vector<double> px(n), py(n), pz(n);
  PackingRng rng(splitmix64(seed));
  int growths = 0;
  long long attempts = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = p.radius[i];
    for (int tries = 0;; ++tries) {
      if (tries == kAttemptsBeforeGrowth) {
        // Jammed at this height: make the box taller (new space at the top).
        h *= kGrowthFactor;
        grid.grow(h);
        ++growths;
        tries = 0;
      }
      ++attempts;
      const double x = L[0] * rng.uniform(), y = L[1] * rng.uniform();
      const double z = r + (h - 2.0 * r) * rng.uniform();
      if (grid.overlaps(x, y, z, r, px, py, pz, p.radius)) continue;
      px[i] = x, py[i] = y, pz[i] = z;
      grid.insert(static_cast<int>(i), x, y, z, r);
      break;
    }
  }
  for (std::size_t i = 0; i < n; ++i) p.position[i] = {px[i], py[i], pz[i]};
  p.height = h;

  if (report) {
    GenerationReport& rep = *report;
    rep = GenerationReport{};
    rep.count = n;
    rep.initial_height = h0;
    rep.height = h;
    rep.height_growths = growths;
    rep.attempts = attempts;
    rep.solid_fraction = v_solid / (area * h);
    const std::size_t K = spec.components.size();
    rep.fractions.assign(K, 0.0);
    rep.counts.assign(K, 0);
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = std::size_t(drawn.component[i]);
      const double v = sphere_volume(p.radius[i]);
      const double wt = spec.fraction_kind == FractionKind::volume
                            ? v
                            : materials[std::size_t(p.material[i])].density * v;
      rep.fractions[c] += wt;
      total += wt;
      ++rep.counts[c];
    }
    for (auto& f : rep.fractions) f /= total;
  }
  return p;
}

namespace {
Packing build_unordered(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed,
                        GenerationReport* report) {
  if (!spec.import_file) return generate_packing(spec, materials, seed, report);
  Packing p = read_packing_csv(*spec.import_file, spec.footprint, spec.import_height, materials);
  if (report) {
    *report = GenerationReport{};
    report->count = p.size();
    report->initial_height = report->height = p.height;
    double v = 0.0;
    for (const double r : p.radius) v += sphere_volume(r);
    report->solid_fraction = v / (spec.footprint[0] * spec.footprint[1] * p.height);
    const auto overlaps = check_overlaps(p);
    report->overlapping_pairs = overlaps.pair_overlaps;
    report->max_relative_overlap = overlaps.max_relative_overlap;
  }
  return p;
}
}  // namespace

Packing build_packing(const PackingSpec& spec, const MaterialSet& materials, std::uint64_t seed,
                      GenerationReport* report) {
  Packing p = build_unordered(spec, materials, seed, report);
  if (spec.spatial_order) order_spatially(p);
  return p;
}

// All pairs closer than (1 - tolerance)(r_i + r_j), with the same
// bounding-box grid as generation (fast for any size ratio; a stamp per
// particle skips partners met again in another cell). The tests check it
// against a brute-force all-pairs search.
OverlapCheck check_overlaps(const Packing& p, double tolerance) {
  OverlapCheck out;
  const std::size_t n = p.size();
  if (n == 0) return out;
  const auto L = p.footprint;
  const double h = std::max(p.height, 1e-300);
  const double cell = std::min({std::cbrt(L[0] * L[1] * h / static_cast<double>(n)), L[0], L[1]});
  RsaGrid grid(L, h, cell);
  std::vector<double> px(n), py(n), pz(n);
  for (std::size_t i = 0; i < n; ++i) {
    px[i] = p.position[i].x(), py[i] = p.position[i].y(), pz[i] = p.position[i].z();
    const double r = p.radius[i];
    if (pz[i] - r < -tolerance * r || pz[i] + r > p.height + tolerance * r) ++out.wall_overlaps;
    grid.insert(static_cast<int>(i), px[i], py[i], pz[i], r);
  }
  std::vector<std::size_t> stamp(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    const double r = p.radius[i];
    grid.for_neighbours(px[i], py[i], pz[i], r, [&](std::size_t j) {
      if (j <= i || stamp[j] == i) return true;
      stamp[j] = i;
      const double dx = min_image(px[i] - px[j], L[0]), dy = min_image(py[i] - py[j], L[1]),
                   dz = pz[i] - pz[j];
      const double s = r + p.radius[j];
      const double dist = std::sqrt(dx * dx + dy * dy + dz * dz);
      if (dist < s * (1.0 - tolerance)) {
        ++out.pair_overlaps;
        out.max_relative_overlap = std::max(out.max_relative_overlap, (s - dist) / s);
      }
      return true;
    });
  }
  return out;
}

}  // namespace electrodem::dem
