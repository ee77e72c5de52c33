// Thread partition of the step's work (issue 8): with several threads the particles are split
// into contiguous index ranges, one per thread, for the force pass (forces_) and, separately, for
// pass A of step() (drift_), each balanced by RangeBalancer on its own measured busy time: the
// two passes are separated by barriers, so each must be balanced by itself (a range of the
// packing can cost twice the mean per particle in pass A and less than it in the pair loop).
//
// Force pass. Pairs are sorted by their first index, so a range of particles owns a contiguous
// range of pair rows, and thread t runs the same kernel as one thread over its pair range
// [row_start_[first], row_start_[last + 1]). It adds both sides of each result straight into the
// per-particle sums of interior particles, exactly as one thread does; only boundary particles
// (those a pair of another range reaches: with i < j, the j of a pair whose i lies in a lower
// range) get one result slot per incident pair (side_), summed in pair order by accumulate(). Every
// particle therefore adds the same terms in the same (pair) order for any thread count and any
// split, so results stay bitwise those of one thread.
//
// Index ranges are spatial slabs because particles are numbered in (z, y, x) cell order
// (packing.order "spatial", packing_order.cpp) and a compression keeps that order in z; with
// another numbering the results are the same, only more particles are boundary ones (slower).
// An earlier version cut z slabs out of arbitrary index sets and walked them through an index
// list: the extra indirection made its pair loop ~28 % slower per pair than the one-thread loop.
#include <algorithm>
#include <atomic>
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
  // boundary particles and their slots: one per incident listed pair, in increasing pair order.
  // Pair k is evaluated by the part of its row particle i, so only j can receive a result from
  // another part; with i < j that part is a lower one (see evaluate_forces).
  edge_.assign(static_cast<std::size_t>(n), 0);
  const long m = static_cast<long>(pairs.size());
#pragma omp parallel for schedule(static) if (m > kParallelMin)
  for (long k = 0; k < m; ++k) {
    const int i = pairs.i[k], j = pairs.j[k];
    if (owner[i] != owner[j])  // several threads may mark a particle: relaxed atomic stores
      std::atomic_ref<unsigned char>(edge_[j]).store(1, std::memory_order_relaxed);
  }
  bstart_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (edge_[pairs.i[k]]) ++bstart_[pairs.i[k] + 1];
    if (edge_[pairs.j[k]]) ++bstart_[pairs.j[k] + 1];
  }
  for (int i = 0; i < n; ++i) bstart_[i + 1] += bstart_[i];
  const int slots = bstart_[n];
  // the slots in the order the pair loop writes them (pair k: side i, then side j), and where
  // each part's pair range starts in that sequence
  slot_seq_.resize(static_cast<std::size_t>(slots));
  seq_start_.assign(static_cast<std::size_t>(t_max), slots);
  count_.assign(bstart_.begin(), bstart_.end() - 1);
  int c = 0, t = 0;
  for (int k = 0; k < static_cast<int>(pairs.size()); ++k) {
    for (; t < t_max && row_start_[start[t]] <= k; ++t) seq_start_[t] = c;
    if (edge_[pairs.i[k]]) slot_seq_[c++] = count_[pairs.i[k]]++;
    if (edge_[pairs.j[k]]) slot_seq_[c++] = count_[pairs.j[k]]++;
  }
  side_.assign(static_cast<std::size_t>(slots), Side{});  // right until pair_forces writes it
  part_threads_ = t_max;
}

// Pass A costs the same model work per particle; the measured correction does the rest.
void System::split_drift(int threads) {
  drift_.split(std::clamp(threads, 1, 255), std::vector<double>(p.size(), 1.0));
}

}  // namespace electrodem::dem
