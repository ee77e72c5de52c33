// Thread partition of the step's work (issue 8): with several threads the particles are split
// into contiguous index ranges, one per thread, for the force pass (forces_) and, separately, for
// pass A of step() (drift_), each balanced by RangeBalancer on its own measured busy time: the
// two passes are separated by barriers, so each must be balanced by itself (a range of the
// packing can cost twice the mean per particle in pass A and less than it in the pair loop).
//
// Force pass. Pairs are sorted by their first index (i < j), so a range of particles owns a
// contiguous range of pair rows. Thread t runs the one-thread kernel over its rows, restricted to
// the pairs with j in its own range, adding both sides straight into the particles' sums. A
// cross pair (j in a higher range) is evaluated by j's range, before its own pairs: every term
// of j from a lower range comes before its other terms in pair order, so j's side goes straight
// into j's sum too; i's side goes into the pair's result slot (side_), which i's range adds after
// its own pairs, since a row's cross pairs are its last ones (j ascending). Every particle
// therefore adds the same terms in the same (pair) order for any thread count and any split, so
// results stay bitwise those of one thread. The lower range's boundary particles are read from
// copies (halo_src_), and the cross pairs' history lives apart while the threads run
// (cross_history_): both keep the two threads off each other's cache lines.
//
// Index ranges are spatial slabs because particles are numbered in (z, y, x) cell order
// (packing.order "spatial", packing_order.cpp) and a compression keeps that order in z; with
// another numbering the results are the same, only more particles are boundary ones (slower).
// An earlier version cut z slabs out of arbitrary index sets and walked them through an index
// list: the extra indirection made its pair loop ~28 % slower per pair than the one-thread loop.
#include <algorithm>
#include <cmath>

#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

namespace {
// Modelled cost of the force pass, in units of one listed pair that is apart: a touching pair
// or wall contact runs the contact law (~8 units), a particle's force sum and kick ~2. The
// measured correction (RangeBalancer) takes care of the rest.
constexpr double kParticleCost = 2.0, kListedCost = 1.0, kContactCost = 8.0;
}  // namespace

void System::build_partition(int threads) {
  sync_cross_history();  // the history in `pairs` is current again (read below)
  const int n = static_cast<int>(p.size());
  const int t_max = std::clamp(threads, 1, 255);
  std::vector<double> work(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (int i = 0; i < n; ++i) {
    double w = kParticleCost + kContactCost * (wall_start_[i + 1] - wall_start_[i]);
    for (int k = row_start_[i]; k < row_start_[i + 1]; ++k)
      w += pairs.delta_max[k] != 0.0 ? kContactCost : kListedCost;
    work[i] = w;
  }
  forces_.split(t_max, work);
  const std::vector<int>& start = forces_.start();
  std::vector<unsigned char> owner(static_cast<std::size_t>(n), 0);
  for (int t = 0; t < t_max; ++t)
    std::fill(owner.begin() + start[t], owner.begin() + start[t + 1],
              static_cast<unsigned char>(t));
  // cross pairs (i and j in different parts; with i < j, j's part is the higher one): their
  // count per evaluating part, and the boundary particles
  edge_.assign(static_cast<std::size_t>(n), 0);
  cross_part_.assign(static_cast<std::size_t>(t_max) + 1, 0);
  const int m = static_cast<int>(pairs.size());
  for (int k = 0; k < m; ++k) {
    const int i = pairs.i[k], j = pairs.j[k];
    if (owner[i] != owner[j]) ++cross_part_[owner[j] + 1], edge_[i] = 1;
  }
  for (int t = 0; t < t_max; ++t) cross_part_[t + 1] += cross_part_[t];
  build_halo();
  // the slots in pair order (a boundary particle's are consecutive: its row's last pairs), each
  // cross pair filed under its part
  const int slots = cross_part_[t_max];
  cross_.resize(static_cast<std::size_t>(slots));
  cross_history_.resize(static_cast<std::size_t>(slots));
  cross_active_.resize(static_cast<std::size_t>(slots));
  side_.assign(static_cast<std::size_t>(slots), Side{});  // right until cross_forces writes it
  count_.assign(cross_part_.begin(), cross_part_.end() - 1);
  edge_slot_.assign(halo_src_.size() + 1, slots);
  for (int k = 0, s = 0, q = -1; k < m; ++k) {
    const int i = pairs.i[k], j = pairs.j[k];
    if (owner[i] == owner[j]) continue;
    if (q < 0 || halo_src_[q] != i) edge_slot_[++q] = s;
    const int at = count_[owner[j]]++;
    cross_[at] = {k, static_cast<int>(p.size() + halo_pad_) + q, s++};
    cross_history_[at] = {pairs.xi_x[k], pairs.xi_y[k],      pairs.xi_z[k],    0.0,          0.0,
                          0.0,           pairs.delta_max[k], pairs.plastic[k], pairs.bond[k]};
    if (pairs.rolling) {
      cross_history_[at].mr_x = pairs.mr_x[k];
      cross_history_[at].mr_y = pairs.mr_y[k];
      cross_history_[at].mr_z = pairs.mr_z[k];
    }
  }
  halo_part_.assign(static_cast<std::size_t>(t_max) + 1, static_cast<int>(halo_src_.size()));
  for (int part = 0; part < t_max; ++part)
    halo_part_[part] = static_cast<int>(
        std::lower_bound(halo_src_.begin(), halo_src_.end(), start[part]) - halo_src_.begin());
  part_threads_ = t_max;
}

// The copies of the boundary particles' records that higher parts gather (see halo_src_), in
// index order, after a gap that starts them on a fresh 4 KB stretch of dyn_.
void System::build_halo() {
  const int n = static_cast<int>(p.size());
  constexpr int kPageRecords = 4096 / sizeof(PackDyn);
  halo_pad_ = static_cast<std::size_t>((kPageRecords - n % kPageRecords) % kPageRecords);
  halo_src_.clear();
  for (int i = 0; i < n; ++i)
    if (edge_[i]) halo_src_.push_back(i);
  // the packed arrays' capacity: the copies and some headroom, not the library's doubling
  // (memory per particle, issue 8)
  const std::size_t need = packed_size();
  if (geo_.capacity() < need) geo_.reserve(need + halo_src_.size() / 4);
  if (dyn_.capacity() < need) dyn_.reserve(need + halo_src_.size() / 4);
  geo_.resize(need);
  dyn_.resize(need);
  refresh_halo();
}

void System::refresh_halo() {
  const std::size_t h0 = p.size() + halo_pad_;
  for (std::size_t h = 0; h < halo_src_.size(); ++h) {
    geo_[h0 + h] = geo_[halo_src_[h]];
    dyn_[h0 + h] = dyn_[halo_src_[h]];
  }
  halo_stale_ = false;
}

void System::sync_cross_history() {
  if (!history_behind_) return;
  for (std::size_t q = 0; q < cross_.size(); ++q) {
    const std::size_t k = static_cast<std::size_t>(cross_[q].k);
    const CrossHistory& h = cross_history_[q];
    pairs.xi_x[k] = h.xi_x, pairs.xi_y[k] = h.xi_y, pairs.xi_z[k] = h.xi_z;
    if (pairs.rolling) pairs.mr_x[k] = h.mr_x, pairs.mr_y[k] = h.mr_y, pairs.mr_z[k] = h.mr_z;
    pairs.delta_max[k] = h.delta_max;
    pairs.plastic[k] = h.plastic;
    pairs.bond[k] = h.bond;
  }
  history_behind_ = false;
}

std::pair<long, long> System::own_particles(int t, int nt) const {
  const int n = static_cast<int>(p.size());
  if (forces_.valid(nt, n)) return {forces_.start()[t], forces_.start()[t + 1]};
  const long share = (static_cast<long>(n) + nt - 1) / nt;
  return {std::min<long>(n, t * share), std::min<long>(n, (t + 1) * share)};
}

std::pair<long, long> System::own_pairs(int t, int nt, const std::vector<int>& rows) const {
  const auto [i0, i1] = own_particles(t, nt);
  return {rows[i0], rows[i1]};
}

// Pass A costs the same model work per particle; the measured correction does the rest.
void System::split_drift(int threads) {
  drift_.split(std::clamp(threads, 1, 255), std::vector<double>(p.size(), 1.0));
}

}  // namespace electrodem::dem
