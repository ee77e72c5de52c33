// Neighbour search: linked cells + Verlet list with a skin (Allen & Tildesley §5.3), rebuilt when
// 2 * max(displacement + radius growth) exceeds the skin (or a wall moved by more than it allows).
// Polydispersity: the cell size follows the small particles; every pair is found by its larger
// particle only (owner), which searches the range 2 r_owner + skin. Small particles therefore scan
// ~27 cells and the cost does not blow up with the size ratio (the LAMMPS "multi" idea).
// Pairs are stored sorted by (i < j); history is carried over by merging old and new lists.
#include <algorithm>
#include <cmath>

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
  to.mr_x[m] = from.mr_x[k];
  to.mr_y[m] = from.mr_y[k];
  to.mr_z[m] = from.mr_z[k];
  to.delta_max[m] = from.delta_max[k];
  to.plastic[m] = from.plastic[k];
}

void zero_history(ContactList& to, std::size_t m) {
  to.xi_x[m] = to.xi_y[m] = to.xi_z[m] = 0.0;
  to.mr_x[m] = to.mr_y[m] = to.mr_z[m] = 0.0;
  to.delta_max[m] = 0.0;
  to.plastic[m] = 0;
}

// Builds `out` from sorted keys, carrying history from the sorted list `old`.
void merge(const std::vector<std::int64_t>& keys, const ContactList& old, ContactList& out) {
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
    out.ti_x[m] = out.ti_y[m] = out.ti_z[m] = 0.0;
    out.tj_x[m] = out.tj_y[m] = out.tj_z[m] = 0.0;
  }
}

}  // namespace

// Under an affine height remap (set_affine_punch) only the displacement off the affine map counts
// per particle; the remap itself changes a pair's separation by at most (1 - f)(2 r_max + skin)
// and a particle's gap to the punch by at most (1 - f)(r_max + skin), f = accumulated factor.
bool System::needs_rebuild() const {
  if (need_rebuild_) return true;
  const long n = static_cast<long>(p.size());
  const double f = affine_since_rebuild_;
  double dmax = 0.0, rmax = 0.0;
#pragma omp parallel for reduction(max : dmax, rmax) schedule(static) if (n > kParallelMin)
  for (long i = 0; i < n; ++i) {
    const double dx = p.x[i] - x0_[i], dy = p.y[i] - y0_[i], dz = p.z[i] - f * z0_[i];
    const double d = std::sqrt(dx * dx + dy * dy + dz * dz) + std::max(0.0, p.radius[i] - r0_[i]);
    dmax = std::max(dmax, d);
    rmax = std::max(rmax, p.radius[i]);
  }
  const double strain = 1.0 - f;
  return 2.0 * dmax + strain * (2.0 * rmax + skin_) > skin_ ||
         dmax + std::fabs(punch.z - f * punch_z0_) + strain * (rmax + skin_) > skin_;
}

void System::rebuild_neighbours() {
  const int n = static_cast<int>(p.size());
  const bool periodic = box.lateral == Lateral::periodic;
  for (int i = 0; i < n; ++i)
    if (!std::isfinite(p.x[i] + p.y[i] + p.z[i] + p.radius[i]))
      throw NumericalError("particle " + std::to_string(i) + " has a non-finite position or " +
                           "radius at step " + std::to_string(step_) +
                           ": the simulation blew up (time step too large?)");
  if (periodic) {  // wrap into [0, L) so cells index directly
    for (int i = 0; i < n; ++i) {
      p.x[i] -= box.lx * std::floor(p.x[i] / box.lx);
      p.y[i] -= box.ly * std::floor(p.y[i] / box.ly);
    }
  }
  // cell size: small-particle diameter (5th percentile radius) + skin
  double rsmall = 0.0, rmax = 0.0, zlo = 0.0, zhi = 0.0;
  if (n > 0) {
    std::vector<double>& scratch = x0_;  // reused below anyway
    scratch.assign(p.radius.begin(), p.radius.end());
    auto q = scratch.begin() + static_cast<long>(scratch.size() / 20);
    std::nth_element(scratch.begin(), q, scratch.end());
    rsmall = *q;
    rmax = *std::max_element(p.radius.begin(), p.radius.end());
    const auto [lo, hi] = std::minmax_element(p.z.begin(), p.z.end());
    zlo = *lo, zhi = *hi;
    // walls confine every particle to 0 < z < H: far outside (or NaN) the run has blown up, and
    // a cell grid spanning the stray particle would exhaust the memory
    if (!(zlo > -punch.z && zhi < 2.0 * punch.z))
      throw NumericalError(
          "particle " + std::to_string(zhi >= 2.0 * punch.z ? hi - p.z.begin() : lo - p.z.begin()) +
          " escaped the box (z range " + std::to_string(zlo) + " .. " + std::to_string(zhi) +
          " m, punch at " + std::to_string(punch.z) + " m) at step " + std::to_string(step_) +
          ": the simulation blew up (time step too large or punch too fast?)");
  }
  double h = 2.0 * rsmall + skin_;
  // at most ~2 cells per particle (memory), at least the box divided into 1 cell
  const double vol = box.lx * box.ly * std::max(zhi - zlo, h);
  h = std::max(h, std::cbrt(vol / std::max(1.0, 2.0 * n)));
  const int nx = std::max(1, static_cast<int>(box.lx / h));
  const int ny = std::max(1, static_cast<int>(box.ly / h));
  const int nz = std::max(1, static_cast<int>((zhi - zlo) / h) + 1);
  const double hx = box.lx / nx, hy = box.ly / ny;
  const int ncell = nx * ny * nz;
  cell_start_.assign(static_cast<std::size_t>(ncell) + 1, 0);
  cell_of_.resize(n);
  cell_list_.resize(n);
  for (int i = 0; i < n; ++i) {
    const int ix = std::clamp(static_cast<int>(std::floor(p.x[i] / hx)), 0, nx - 1);
    const int iy = std::clamp(static_cast<int>(std::floor(p.y[i] / hy)), 0, ny - 1);
    const int iz = std::clamp(static_cast<int>(std::floor((p.z[i] - zlo) / h)), 0, nz - 1);
    cell_of_[i] = (iz * ny + iy) * nx + ix;
    ++cell_start_[cell_of_[i] + 1];
  }
  for (int c = 0; c < ncell; ++c) cell_start_[c + 1] += cell_start_[c];
  count_.assign(cell_start_.begin(), cell_start_.end() - 1);
  for (int i = 0; i < n; ++i) cell_list_[count_[cell_of_[i]]++] = i;

  // candidate pairs per owner; first count, then fill (deterministic for any thread count)
  auto visit = [&](int i, auto&& emit) {
    const double ri = p.radius[i];
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
    for (int cz = zl; cz <= zh; ++cz)
      for (int cy0 = ylo; cy0 <= yhi; ++cy0) {
        const int cy = (cy0 % ny + ny) % ny;
        for (int cx0 = xlo; cx0 <= xhi; ++cx0) {
          const int cx = (cx0 % nx + nx) % nx;
          const int cc = (cz * ny + cy) * nx + cx;
          for (int s = cell_start_[cc]; s < cell_start_[cc + 1]; ++s) {
            const int j = cell_list_[s];
            const double rj = p.radius[j];
            if (!(rj < ri || (rj == ri && j < i))) continue;  // the larger particle owns the pair
            const V3 d = separation(i, j);
            const double cut = ri + rj + skin_;
            if (dot(d, d) < cut * cut) emit(std::min(i, j), std::max(i, j));
          }
        }
      }
  };
  (void)rmax;
  count_.assign(static_cast<std::size_t>(n) + 1, 0);
#pragma omp parallel for schedule(dynamic, 64) if (n > kParallelMin)
  for (int i = 0; i < n; ++i) {
    int cnt = 0;
    visit(i, [&](int, int) { ++cnt; });
    count_[i + 1] = cnt;
  }
  for (int i = 0; i < n; ++i) count_[i + 1] += count_[i];
  keys_.resize(static_cast<std::size_t>(count_[n]));
#pragma omp parallel for schedule(dynamic, 64) if (n > kParallelMin)
  for (int i = 0; i < n; ++i) {
    int pos = count_[i];
    visit(i, [&](int a, int b) { keys_[pos++] = key(a, b); });
  }
  std::sort(keys_.begin(), keys_.end());
  merge(keys_, pairs, pairs_spare_);
  std::swap(pairs, pairs_spare_);

  // wall candidates, sorted by (particle, wall)
  keys_.clear();
  for (int i = 0; i < n; ++i) {
    const double r = p.radius[i] + skin_;
    auto add = [&](int w) { keys_.push_back(key(i, w)); };
    if (p.z[i] < r) add(WallId::bottom);
    if (punch.z - p.z[i] < r) add(WallId::top);
    if (!periodic) {
      if (p.x[i] < r) add(WallId::x_lo);
      if (box.lx - p.x[i] < r) add(WallId::x_hi);
      if (p.y[i] < r) add(WallId::y_lo);
      if (box.ly - p.y[i] < r) add(WallId::y_hi);
    }
  }
  merge(keys_, walls, walls_spare_);
  std::swap(walls, walls_spare_);
  rebuild_incidence();

  x0_.assign(p.x.begin(), p.x.end());
  y0_.assign(p.y.begin(), p.y.end());
  z0_.assign(p.z.begin(), p.z.end());
  r0_.assign(p.radius.begin(), p.radius.end());
  punch_z0_ = punch.z;
  affine_since_rebuild_ = 1.0;
  need_rebuild_ = false;
  ++rebuilds_;
}

void System::rebuild_incidence() {
  const int n = static_cast<int>(p.size());
  // incident list: pair indices per particle, in increasing pair order
  inc_start_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    ++inc_start_[pairs.i[k] + 1];
    ++inc_start_[pairs.j[k] + 1];
  }
  for (int i = 0; i < n; ++i) inc_start_[i + 1] += inc_start_[i];
  inc_.resize(2 * pairs.size());
  count_.assign(inc_start_.begin(), inc_start_.end() - 1);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    inc_[count_[pairs.i[k]]++] = static_cast<int>(2 * k);
    inc_[count_[pairs.j[k]]++] = static_cast<int>(2 * k + 1);
  }
  wall_start_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t k = 0; k < walls.size(); ++k) ++wall_start_[walls.i[k] + 1];
  for (int i = 0; i < n; ++i) wall_start_[i + 1] += wall_start_[i];
}

}  // namespace electrodem::dem
