// Neighbour search: linked cells + Verlet list with a skin (Allen & Tildesley §5.3), rebuilt when
// 2 * max(displacement + radius growth) exceeds the skin (or a wall moved by more than it allows).
// Polydispersity: the cell size follows the small particles; every pair is found by its larger
// particle only (owner), which searches the range 2 r_owner + skin. Small particles therefore scan
// ~27 cells and the cost does not blow up with the size ratio (the LAMMPS "multi" idea).
// Pairs are stored sorted by (i < j); history is carried over by merging old and new lists.
#include <algorithm>
#include <cmath>

#include <omp.h>

#include "electrodem/core/error.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

namespace {

inline std::int64_t key(int a, int b) {
  return (static_cast<std::int64_t>(a) << 32) | static_cast<std::uint32_t>(b);
}

void copy_history(const ContactList& from, std::size_t k, ContactList& to, std::size_t m) {
  to.xi_x[m] = from.xi_x[k];
  to.xi_y[m] = from.xi_y[k];
  to.xi_z[m] = from.xi_z[k];
  if (to.rolling) {
    to.mr_x[m] = from.mr_x[k];
    to.mr_y[m] = from.mr_y[k];
    to.mr_z[m] = from.mr_z[k];
  }
  to.delta_max[m] = from.delta_max[k];
  to.plastic[m] = from.plastic[k];
  to.bond[m] = from.bond[k];
}

void zero_history(ContactList& to, std::size_t m) {
  to.xi_x[m] = to.xi_y[m] = to.xi_z[m] = 0.0;
  if (to.rolling) to.mr_x[m] = to.mr_y[m] = to.mr_z[m] = 0.0;
  to.delta_max[m] = 0.0;
  to.plastic[m] = 0;
  to.bond[m] = 0;
}

// Builds `out` from sorted keys, carrying history from the sorted list `old`.
void merge(const std::vector<std::int64_t>& keys, const WallContacts& old, WallContacts& out) {
  out.resize(keys.size());
  std::size_t k = 0;
  for (std::size_t m = 0; m < keys.size(); ++m) {
    out.i[m] = static_cast<int>(keys[m] >> 32);
    out.j[m] = static_cast<int>(keys[m] & 0xffffffff);
    while (k < old.size() && key(old.i[k], old.j[k]) < keys[m]) ++k;
    if (k < old.size() && key(old.i[k], old.j[k]) == keys[m])
      copy_history(old, k, out, m);
    else
      zero_history(out, m);
    out.overlap[m] = out.fn[m] = out.a[m] = 0.0;
    out.f_x[m] = out.f_y[m] = out.f_z[m] = 0.0;
  }
}

}  // namespace

// Under an affine height remap (set_affine_punch) only the displacement off the affine map counts
// per particle; the remap itself changes a pair's separation by at most (1 - f)(2 r_max + skin)
// and a particle's gap to the punch by at most (1 - f)(r_max + skin), f = accumulated factor.
bool System::needs_rebuild() const {
  if (need_rebuild_ || x0_.size() != p.size()) return true;
  const long n = static_cast<long>(p.size());
  const double f = affine_since_rebuild_;
  double d2max = 0.0, dgmax = 0.0, rmax = 0.0;
#pragma omp parallel for reduction(max : d2max, dgmax, rmax) schedule(static) if (n > kParallelMin)
  for (long i = 0; i < n; ++i) {
    const double dx = p.x[i] - x0_[i], dy = p.y[i] - y0_[i], dz = p.z[i] - f * z0_[i];
    displacement_max(dx * dx + dy * dy + dz * dz, p.radius[i] - r0_[i], d2max, dgmax);
    rmax = std::max(rmax, p.radius[i]);
  }
  return rebuild_due(std::max(std::sqrt(d2max), dgmax), rmax);
}

// dmax: largest displacement (off the affine map) plus radius growth since the last rebuild;
// rmax: largest radius.
bool System::rebuild_due(double dmax, double rmax) const {
  const double f = affine_since_rebuild_;
  const double strain = 1.0 - f;
  return 2.0 * dmax + strain * (2.0 * rmax + skin_) > skin_ ||
         dmax + std::fabs(punch.z - f * punch_z0_) + strain * (rmax + skin_) > skin_;
}

namespace {

// Cell edge for the owner search: the owner of a pair (its larger particle, search range
// R_i = 2 r_i + skin) scans (2 ceil(R_i/h) + 1)^3 cells. Small cells waste little volume but cost
// a visit each; a cell edge just below R_i scans ~100 R_i^3 (5^3 cells), one just above it
// 27 R_i^3. The edge is the cheapest of a few candidates by the estimated count of candidate
// checks plus cell visits (the pairs found do not depend on it).
double pick_cell_edge(const std::vector<double>& radius, double skin, double rsmall, double rmax,
                      double lx, double ly, double lz, bool periodic, double hmin) {
  const double rs = 2.0 * rsmall + skin, rb = 2.0 * rmax + skin;
  const double cand[] = {rs, rb, rb / 2.0, rb / 3.0, rs / 2.0};
  const double n = static_cast<double>(radius.size());
  const double density = n / (lx * ly * std::max(lz, 1e-300));
  constexpr double kCellVisit = 0.5;  // cost of visiting a cell, in candidate checks
  const std::size_t stride = std::max<std::size_t>(1, radius.size() / 512);  // sample
  double best = rs, best_cost = HUGE_VAL;
  for (double h0 : cand) {
    const double h = std::max(h0, hmin);
    const int nx = std::max(1, static_cast<int>(lx / h)),
              ny = std::max(1, static_cast<int>(ly / h));
    const int nz = std::max(1, static_cast<int>(lz / h) + 1);
    const double hx = lx / nx, hy = ly / ny;
    double cost = 0.0;
    for (std::size_t i = 0; i < radius.size(); i += stride) {
      const double range = 2.0 * radius[i] + skin;
      auto span = [&](double e, int nn) {
        const int s = 2 * static_cast<int>(std::ceil(range / e)) + 1;
        return static_cast<double>(periodic ? std::min(s, nn) : std::min(s, nn));
      };
      const double cells = span(hx, nx) * span(hy, ny) * span(h, nz);
      cost += cells * (density * hx * hy * h + kCellVisit);
    }
    if (cost < best_cost) best_cost = cost, best = h;
  }
  return best;
}

// Row starts (CSR) of a contact list sorted by its first index `first`: the contacts of particle
// i are [rows[i], rows[i + 1]).
void row_starts(const std::vector<int>& first, int n, std::vector<int>& rows) {
  rows.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const int i : first) ++rows[i + 1];
  for (int i = 0; i < n; ++i) rows[i + 1] += rows[i];
}

// Inserts each bucket [start, end) of keys (at most a few dozen) into order.
template <class T>
void sort_small(T* first, T* last) {
  for (T* a = first + 1; a < last; ++a) {
    const T v = *a;
    T* b = a;
    for (; b > first && *(b - 1) > v; --b) *b = *(b - 1);
    *b = v;
  }
}

}  // namespace

// One parallel pass before the search: every position and radius finite, positions wrapped into
// the periodic box, the largest radius and the z range; the wall candidates (within the skin of
// a wall) into per-thread buffers, which the threads' own contiguous ranges (own_particles) fill
// in increasing particle order.
System::RebuildExtent System::scan_particles() {
  const int n = static_cast<int>(p.size());
  const bool periodic = box.lateral == Lateral::periodic;
  const int nbuf = std::max(1, omp_get_max_threads());
  thread_keys_.resize(static_cast<std::size_t>(nbuf));
  for (auto& b : thread_keys_) b.clear();
  int bad = n;  // first particle with a non-finite position or radius
  double rmax = 0.0, zlo = HUGE_VAL, zhi = -HUGE_VAL;
  std::uint64_t present = 0;  // materials with particles (PairTable::pair_kernel)
  // (clang-format would break the reduction clauses apart)
  // clang-format off
#pragma omp parallel if (n > kParallelMin) \
    reduction(min : bad, zlo) reduction(max : rmax, zhi) reduction(| : present)
  // clang-format on
  {
    auto& walls_near = thread_keys_[static_cast<std::size_t>(omp_get_thread_num())];
    const auto [i0, i1] = own_particles(omp_get_thread_num(), omp_get_num_threads());
    for (int i = static_cast<int>(i0); i < static_cast<int>(i1); ++i) {
      if (!std::isfinite(p.x[i] + p.y[i] + p.z[i] + p.radius[i])) {
        bad = std::min(bad, i);
        continue;
      }
      if (periodic) {  // wrap into [0, L) so cells index directly
        p.x[i] -= box.lx * std::floor(p.x[i] / box.lx);
        p.y[i] -= box.ly * std::floor(p.y[i] / box.ly);
      }
      rmax = std::max(rmax, p.radius[i]);
      zlo = std::min(zlo, p.z[i]), zhi = std::max(zhi, p.z[i]);
      present |= PairTable::material_bit(p.material[i]);
      const double r = p.radius[i] + skin_;
      auto add = [&](int w) { walls_near.push_back(key(i, w)); };
      if (p.z[i] < r) add(WallId::bottom);
      if (punch.z - p.z[i] < r) add(WallId::top);
      if (!periodic) {
        if (p.x[i] < r) add(WallId::x_lo);
        if (box.lx - p.x[i] < r) add(WallId::x_hi);
        if (p.y[i] < r) add(WallId::y_lo);
        if (box.ly - p.y[i] < r) add(WallId::y_hi);
      }
    }
  }
  if (bad < n)
    throw NumericalError("particle " + std::to_string(bad) + " has a non-finite position or " +
                         "radius at step " + std::to_string(step_) +
                         ": the simulation blew up (time step too large?)");
  // walls confine every particle to 0 < z < H: far outside the run has blown up, and a cell
  // grid spanning the stray particle would exhaust the memory
  if (n > 0 && !(zlo > -punch.z && zhi < 2.0 * punch.z)) {
    const auto [lo, hi] = std::minmax_element(p.z.begin(), p.z.end());
    throw NumericalError(
        "particle " + std::to_string(zhi >= 2.0 * punch.z ? hi - p.z.begin() : lo - p.z.begin()) +
        " escaped the box (z range " + std::to_string(zlo) + " .. " + std::to_string(zhi) +
        " m, punch at " + std::to_string(punch.z) + " m) at step " + std::to_string(step_) +
        ": the simulation blew up (time step too large or punch too fast?)");
  }
  materials_present_ = present;
  return {small_radius(), rmax, n > 0 ? zlo : 0.0, n > 0 ? zhi : 0.0};
}

// The 5th-percentile radius (the cell size follows the small particles), recomputed only when a
// radius changed since the last rebuild (r0_): an O(N) selection on one thread otherwise.
double System::small_radius() {
  const std::size_t n = p.size();
  if (n == 0) return 0.0;
  if (rsmall_ > 0.0 && r0_.size() == n && std::equal(r0_.begin(), r0_.end(), p.radius.begin()))
    return rsmall_;
  std::vector<double>& scratch = x0_;  // reassigned at the end of the rebuild
  scratch.assign(p.radius.begin(), p.radius.end());
  const auto q = scratch.begin() + static_cast<long>(n / 20);
  std::nth_element(scratch.begin(), q, scratch.end());
  rsmall_ = *q;
  return rsmall_;
}

// Counting sort of the candidate keys in the per-thread buffers by their first index into keys_
// (rows [count_[i], count_[i + 1])), then a small sort per row: the sorted list depends neither
// on the thread count nor on the schedule. Each buffer scatters its keys in parallel through its
// own slots in every row (bucket_slot_); the keys are held twice at the peak (8 B per listed pair
// more than the earlier in-place cycle-leader sort, which ran on one thread and was half of the
// rebuild's serial 3 % of a two-thread loose compression at N = 100 000).
void System::sort_pair_keys() {
  const int n = static_cast<int>(p.size());
  const int nbuf = static_cast<int>(thread_keys_.size());
  const auto at = [n](int t, std::int64_t k) {
    return static_cast<std::size_t>(t) * static_cast<std::size_t>(n) +
           static_cast<std::size_t>(k >> 32);
  };
  std::size_t total = 0;
  for (const auto& b : thread_keys_) total += b.size();
  keys_.resize(total);
  std::vector<int>& slot = bucket_slot_;  // slot[t * n + i]: next slot of buffer t in row i
  slot.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(nbuf), 0);
#pragma omp parallel for schedule(static, 1) if (n > kParallelMin)
  for (int t = 0; t < nbuf; ++t)
    for (const std::int64_t k : thread_keys_[t]) ++slot[at(t, k)];
  count_.resize(static_cast<std::size_t>(n) + 1);
  int next = 0;
  for (int i = 0; i < n; ++i) {
    count_[i] = next;
    for (int t = 0; t < nbuf; ++t) {
      const std::size_t ti = static_cast<std::size_t>(t) * static_cast<std::size_t>(n) + i;
      const int c = slot[ti];
      slot[ti] = next;
      next += c;
    }
  }
  count_[n] = next;
#pragma omp parallel for schedule(static, 1) if (n > kParallelMin)
  for (int t = 0; t < nbuf; ++t)
    for (const std::int64_t k : thread_keys_[t]) keys_[slot[at(t, k)]++] = k;
  peak_bytes_ = std::max(peak_bytes_, memory_bytes());  // the rebuild's high-water mark
  for (auto& b : thread_keys_) std::vector<std::int64_t>().swap(b);
  std::vector<int>().swap(slot);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int i = 0; i < n; ++i) sort_small(keys_.data() + count_[i], keys_.data() + count_[i + 1]);
}

void System::rebuild_neighbours() {
  sync_particles();  // within run(), p lags the packed copies
  const int n = static_cast<int>(p.size());
  const bool periodic = box.lateral == Lateral::periodic;
  const auto [rsmall, rmax, zlo, zhi] = scan_particles();
  // wall candidates, sorted by (particle, wall)
  keys_.clear();
  for (const auto& b : thread_keys_) keys_.insert(keys_.end(), b.begin(), b.end());
  merge(keys_, walls, walls_spare_);
  std::swap(walls, walls_spare_);
  row_starts(walls.i, n, wall_start_);

  // at most ~2 cells per particle (memory)
  const double lz = std::max(zhi - zlo, 2.0 * rsmall + skin_);
  const double hmin = std::cbrt(box.lx * box.ly * lz / std::max(1.0, 2.0 * n));
  const double h =
      n > 0 ? pick_cell_edge(p.radius, skin_, rsmall, rmax, box.lx, box.ly, lz, periodic, hmin)
            : 1.0;
  const int nx = std::max(1, static_cast<int>(box.lx / h));
  const int ny = std::max(1, static_cast<int>(box.ly / h));
  const int nz = std::max(1, static_cast<int>((zhi - zlo) / h) + 1);
  const double hx = box.lx / nx, hy = box.ly / ny;
  const int ncell = nx * ny * nz;
  cell_start_.assign(static_cast<std::size_t>(ncell) + 1, 0);
  cell_of_.resize(n);
  cell_list_.resize(n);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int i = 0; i < n; ++i) {
    const int ix = std::clamp(static_cast<int>(std::floor(p.x[i] / hx)), 0, nx - 1);
    const int iy = std::clamp(static_cast<int>(std::floor(p.y[i] / hy)), 0, ny - 1);
    const int iz = std::clamp(static_cast<int>(std::floor((p.z[i] - zlo) / h)), 0, nz - 1);
    cell_of_[i] = (iz * ny + iy) * nx + ix;
  }
  for (int i = 0; i < n; ++i) ++cell_start_[cell_of_[i] + 1];
  for (int c = 0; c < ncell; ++c) cell_start_[c + 1] += cell_start_[c];
  count_.assign(cell_start_.begin(), cell_start_.end() - 1);
  for (int i = 0; i < n; ++i) cell_list_[count_[cell_of_[i]]++] = i;
  // the particles' positions and radii in cell order: a row of cells along x is one contiguous
  // run, which the search streams instead of gathering each candidate from four arrays
  cell_geo_.resize(n);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int s = 0; s < n; ++s) {
    const int j = cell_list_[s];
    cell_geo_[s] = {p.x[j], p.y[j], p.z[j], p.radius[j]};
  }
  // candidate pairs per owner (its larger particle), each found once
  // appends i's pairs to out[0, n_out), growing out (its size is the capacity) as needed
  auto visit = [&](int i, std::vector<std::int64_t>& out, std::size_t& n_out) {
    const double ri = p.radius[i];
    const double xi = p.x[i], yi = p.y[i], zi = p.z[i];
    const double range = 2.0 * ri + skin_;
    const int c = cell_of_[i];
    const int ix = c % nx, iy = (c / nx) % ny, iz = c / (nx * ny);
    const int rx = static_cast<int>(std::ceil(range / hx)),
              ry = static_cast<int>(std::ceil(range / hy));
    const int rz = static_cast<int>(std::ceil(range / h));
    auto span = [periodic](int i0, int r, int nn, int& lo, int& hi) {
      if (periodic && 2 * r + 1 >= nn) {
        lo = 0;
        hi = nn - 1;
      } else if (periodic) {
        lo = i0 - r;
        hi = i0 + r;
      } else {
        lo = std::max(0, i0 - r);
        hi = std::min(nn - 1, i0 + r);
      }
    };
    int xlo, xhi, ylo, yhi;
    span(ix, rx, nx, xlo, xhi);
    span(iy, ry, ny, ylo, yhi);
    const int zl = std::max(0, iz - rz), zh = std::min(nz - 1, iz + rz);
    const double lx = box.lx, ly = box.ly;
    // the x-range of cells as at most two contiguous runs of cell indices (a periodic wrap
    // splits it): a compare, not an integer division per cell (those were a fifth of the search).
    // A wrapped run or row holds periodic images: their separations take one shift by the box
    // length, exactly the correction minimum_image would make (a cell beyond the wrap lies more
    // than half a box away when the range spans fewer cells than the box); only a range that
    // spans the whole box along x or y needs minimum_image per candidate.
    struct Run {
      int lo, hi;
      double shift;
    };
    Run runs[2] = {{xlo, xhi, 0.0}, {0, -1, 0.0}};
    if (xlo < 0)
      runs[0] = {xlo + nx, nx - 1, -lx}, runs[1] = {0, xhi, 0.0};
    else if (xhi >= nx)
      runs[0] = {xlo, nx - 1, 0.0}, runs[1] = {0, xhi - nx, lx};
    const bool per_candidate = periodic && (2 * rx + 1 >= nx || 2 * ry + 1 >= ny);
    for (int cz = zl; cz <= zh; ++cz)
      for (int cy0 = ylo; cy0 <= yhi; ++cy0) {
        const int cy = cy0 < 0 ? cy0 + ny : (cy0 >= ny ? cy0 - ny : cy0);
        const double sy = cy0 < 0 ? -ly : (cy0 >= ny ? ly : 0.0);
        const int row = (cz * ny + cy) * nx;
        for (const Run& run : runs) {
          if (run.hi < run.lo) continue;
          const int s0 = cell_start_[row + run.lo], s1 = cell_start_[row + run.hi + 1];
          if (out.size() < n_out + static_cast<std::size_t>(s1 - s0))
            out.resize(2 * out.size() + static_cast<std::size_t>(s1 - s0));
          // branch-free: whether i owns a candidate and whether it lies within the cut change at
          // random from one candidate to the next (a mispredicted branch each, issue 8)
          for (int s = s0; s < s1; ++s) {
            const PackGeo& g = cell_geo_[s];
            const int j = cell_list_[s];
            // the larger particle owns the pair (bitwise operators: no short-circuit branch)
            const bool owns = (g.r < ri) | ((g.r == ri) & (j < i));
            V3 d{(g.x - xi) + run.shift, (g.y - yi) + sy, g.z - zi};  // separation(i, j)
            if (per_candidate) d = minimum_image(d, lx, ly);
            const double cut = ri + g.r + skin_;
            out[n_out] = key(std::min(i, j), std::max(i, j));
            n_out += owns & (dot(d, d) < cut * cut);
          }
        }
      }
  };
  // one pass into per-thread buffers, each sized for its share of the previous list (+1/8) so
  // it rarely grows by doubling; the search scratch is freed after the rebuild (memory, issue 8).
  // A buffer is sized (and cut to its pairs) by its own thread only: the team can be smaller than
  // the buffers (a serial region below kParallelMin), and an unused buffer must stay empty.
  const std::size_t guess = pairs.size() / thread_keys_.size();
  for (auto& b : thread_keys_) b.clear();
#pragma omp parallel if (n > kParallelMin)
  {
    auto& buf = thread_keys_[static_cast<std::size_t>(omp_get_thread_num())];
    buf.resize(guess + guess / 8 + 64);
    std::size_t n_buf = 0;
#pragma omp for schedule(dynamic, 64) nowait
    for (int i = 0; i < n; ++i) visit(i, buf, n_buf);
    buf.resize(n_buf);
  }
  // the search scratch (rebuilt every time) is at its largest here
  peak_bytes_ = std::max(peak_bytes_, memory_bytes());
  std::vector<int>().swap(cell_start_);
  std::vector<int>().swap(cell_list_);
  std::vector<int>().swap(cell_of_);
  std::vector<PackGeo>().swap(cell_geo_);
  sort_pair_keys();
  merge_pairs(count_);
  std::vector<std::int64_t>().swap(keys_);
  row_start_.swap(count_);  // the rows of the new list
  part_threads_ = 0;        // the thread partition follows the lists (evaluate_forces)
  halo_src_.clear(), halo_pad_ = 0, cross_.clear();

  x0_.resize(p.size()), y0_.resize(p.size()), z0_.resize(p.size()), r0_.resize(p.size());
  geo_.resize(p.size()), dyn_.resize(p.size());
#pragma omp parallel if (n > kParallelMin)
  {
    const auto [i0, i1] = own_particles(omp_get_thread_num(), omp_get_num_threads());
    for (long i = i0; i < i1; ++i) {
      x0_[i] = p.x[i], y0_[i] = p.y[i], z0_[i] = p.z[i], r0_[i] = p.radius[i];
      pack_particle(i);  // positions were wrapped
    }
  }
  punch_z0_ = punch.z;
  affine_since_rebuild_ = 1.0;
  need_rebuild_ = false;
  ++rebuilds_;
}

// The new pair list (keys_, sorted; row i at [new_rows[i], new_rows[i + 1])) in place of the old
// one, carrying the history of the old pairs that have any (all other history is zero) inside
// the list itself, without a copy aside (memory, issue 8). Both lists are sorted by (i, j), so the
// matches are found row by row (in parallel), and the old index match_[m] of a kept pair
// increases with its new index m: moving the pairs that go down (match_[m] > m) in increasing m,
// then those that go up in decreasing m, never overwrites a history still to be read.
void System::merge_pairs(const std::vector<int>& new_rows) {
  ContactList& c = pairs;
  const bool roll = c.rolling;
  const int n = static_cast<int>(p.size());
  const std::size_t n_old = c.size(), n_new = keys_.size();
  // rows of the old list, counted afresh: it may have changed since the last rebuild (e.g. a
  // checkpoint load); row_start_ is rebuilt for the new list below anyway
  std::vector<int>& old_rows = row_start_;
  row_starts(c.i, n, old_rows);
  match_.resize(n_new);
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int i = 0; i < n; ++i) {
    int k = old_rows[i];
    for (int m = new_rows[i]; m < new_rows[i + 1]; ++m) {
      while (k < old_rows[i + 1] && key(c.i[k], c.j[k]) < keys_[m]) ++k;
      const bool found = k < old_rows[i + 1] && key(c.i[k], c.j[k]) == keys_[m];
      const bool history =
          found && (c.delta_max[k] != 0.0 || c.plastic[k] != 0 || c.bond[k] != 0 ||
                    c.xi_x[k] != 0.0 || c.xi_y[k] != 0.0 || c.xi_z[k] != 0.0 ||
                    (roll && (c.mr_x[k] != 0.0 || c.mr_y[k] != 0.0 || c.mr_z[k] != 0.0)));
      match_[m] = history ? k : -1;
    }
  }
  const int nn = static_cast<int>(n_new);
  if (n_new > n_old) c.resize(n_new);
  if (n > kParallelMin && omp_get_max_threads() > 1) {
    gather_history(new_rows);
  } else {
    peak_bytes_ = std::max(peak_bytes_, memory_bytes());
    for (int m = 0; m < nn; ++m)
      if (match_[m] > m) copy_history(c, static_cast<std::size_t>(match_[m]), c, m);
    for (int m = nn - 1; m >= 0; --m)
      if (match_[m] >= 0 && match_[m] < m)
        copy_history(c, static_cast<std::size_t>(match_[m]), c, m);
    for (int m = 0; m < nn; ++m)
      if (match_[m] < 0) zero_history(c, m);
  }
  c.resize(n_new);
#pragma omp parallel if (nn > kParallelMin)
  {
    const auto [m0, m1] = own_pairs(omp_get_thread_num(), omp_get_num_threads(), new_rows);
    for (long m = m0; m < m1; ++m) {
      c.i[m] = static_cast<int>(keys_[m] >> 32);
      c.j[m] = static_cast<int>(keys_[m] & 0xffffffff);
    }
  }
  std::vector<int>().swap(match_);
}

// The history moves of merge_pairs on several threads: each column gathered into a scratch column
// (zero where match_ is -1) and copied back, every thread over the new pairs of its own rows
// (own_pairs); the columns keep their storage (memory per particle, issue 8). One thread keeps
// the in-place moves (two ordered passes that cannot be split; the gather is slower there:
// bench/RESULTS.md, session 20). On two threads those passes pulled the other core's half of the
// pairs across and back, which with the vCPUs far apart doubled the merge (session 23). The
// same values land in the same places.
void System::gather_history(const std::vector<int>& new_rows) {
  ContactList& c = pairs;
  const std::size_t nn = match_.size();
  std::vector<double> wide;
  std::vector<std::uint8_t> narrow;
  const auto gather = [&](auto& column, auto& scratch) {
    scratch.resize(nn);
    peak_bytes_ = std::max(peak_bytes_, memory_bytes() + wide.capacity() * sizeof(double) +
                                            narrow.capacity() * sizeof(std::uint8_t));
#pragma omp parallel
    {
      const auto [m0, m1] = own_pairs(omp_get_thread_num(), omp_get_num_threads(), new_rows);
      for (long m = m0; m < m1; ++m) scratch[m] = match_[m] >= 0 ? column[match_[m]] : 0;
#pragma omp barrier
      for (long m = m0; m < m1; ++m) column[m] = scratch[m];
    }
  };
  for (auto* column : {&c.xi_x, &c.xi_y, &c.xi_z, &c.delta_max}) gather(*column, wide);
  if (c.rolling)
    for (auto* column : {&c.mr_x, &c.mr_y, &c.mr_z}) gather(*column, wide);
  gather(c.plastic, narrow);
  gather(c.bond, narrow);
}

void System::rebuild_incidence() {
  const int n = static_cast<int>(p.size());
  row_starts(walls.i, n, wall_start_);
  row_starts(pairs.i, n, row_start_);
  part_threads_ = 0;  // the thread partition follows the lists (evaluate_forces)
}

}  // namespace electrodem::dem
