// Thread partition of the pair work (issue 8): with several threads the particles are split into
// contiguous index ranges of about equal pair work, one per thread. Pairs are sorted by their
// first index, so a range of particles owns a contiguous range of pair rows, and thread t runs
// the same kernel as one thread over its pair range [row_start_[first], row_start_[last + 1]).
// It adds both sides of each result straight into the per-particle sums of interior particles,
// exactly as one thread does; only boundary particles (with a listed pair in another range) get
// one result slot per incident pair (side_), summed in pair order by accumulate(). Every
// particle therefore adds the same terms in the same (pair) order for any thread count, so
// results stay bitwise those of one thread.
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

void System::build_partition(int threads) {
  const int n = static_cast<int>(p.size());
  const int t_max = std::clamp(threads, 1, 255);
  // pair work per particle: its row of pairs, a touching one (history) costing ~8 listed ones
  // (the contact law), +1 for its own per-particle work
  std::vector<long> work(static_cast<std::size_t>(n), 1);
  long total = 0;
  for (int i = 0; i < n; ++i) {
    for (int k = row_start_[i]; k < row_start_[i + 1]; ++k)
      work[i] += pairs.delta_max[k] != 0.0 ? 8 : 1;
    total += work[i];
  }
  // thread of a particle: where the middle of its work falls in the total (non-decreasing in i)
  std::vector<unsigned char> owner(static_cast<std::size_t>(n), 0);
  range_start_.assign(static_cast<std::size_t>(t_max) + 1, n);
  range_start_[0] = 0;
  long before = 0;
  for (int i = 0, t = 0; i < n; ++i) {
    const int ti = static_cast<int>(
        std::min<long>(t_max - 1, (2 * before + work[i]) * t_max / std::max(1L, 2 * total)));
    while (t < ti) range_start_[++t] = i;
    owner[i] = static_cast<unsigned char>(ti);
    before += work[i];
  }
  // boundary particles and their slots: one per incident listed pair, in increasing pair order
  std::vector<unsigned char> edge(static_cast<std::size_t>(n), 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const int i = pairs.i[k], j = pairs.j[k];
    if (owner[i] != owner[j]) edge[i] = edge[j] = 1;
  }
  bstart_.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (edge[pairs.i[k]]) ++bstart_[pairs.i[k] + 1];
    if (edge[pairs.j[k]]) ++bstart_[pairs.j[k] + 1];
  }
  for (int i = 0; i < n; ++i) bstart_[i + 1] += bstart_[i];
  const int slots = bstart_[n];
  binc_.resize(static_cast<std::size_t>(slots));
  count_.assign(bstart_.begin(), bstart_.end() - 1);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (edge[pairs.i[k]]) binc_[count_[pairs.i[k]]++] = static_cast<int>(2 * k);
    if (edge[pairs.j[k]]) binc_[count_[pairs.j[k]]++] = static_cast<int>(2 * k + 1);
  }
  side_.assign(static_cast<std::size_t>(slots), Side{});  // right until pair_forces writes it
  part_threads_ = t_max;
}

}  // namespace electrodem::dem
