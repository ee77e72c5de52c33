// Thread partition of the pair work (issue 8): with several threads the particles are split into
// z slabs of about equal pair work, one per thread. Thread t evaluates the pair rows of its
// particles (pair k belongs to the slab of pairs.i[k]) in increasing pair order and adds both
// sides of each result straight into the per-particle sums of interior particles, exactly as one
// thread does; only boundary particles (with a listed pair in another slab) get one result slot
// per incident pair (side_), summed in pair order by accumulate(). Every particle therefore adds
// the same terms in the same (pair) order for any thread count, so results stay bitwise those of
// one thread, while the slots, which used to cost 2 x 64 B per listed pair, are needed for the
// slab surfaces only. Slabs in z: the box is periodic in x and y, so z cuts give T - 1 surfaces.
#include <algorithm>
#include <cmath>

#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

void System::build_partition(int threads) {
  const int n = static_cast<int>(p.size());
  const int t_max = std::clamp(threads, 1, 255);
  // pair work per particle: its row of pairs, a touching one (history) costing ~8 listed ones
  // (the contact law), +1 for its own per-particle work
  constexpr int kBins = 1024;
  double zlo = HUGE_VAL, zhi = -HUGE_VAL;
  for (int i = 0; i < n; ++i) zlo = std::min(zlo, p.z[i]), zhi = std::max(zhi, p.z[i]);
  const double scale = zhi > zlo ? kBins / (zhi - zlo) : 0.0;
  auto bin = [&](int i) {
    return std::clamp(static_cast<int>((p.z[i] - zlo) * scale), 0, kBins - 1);
  };
  std::vector<long> work(kBins, 0);
  long total = 0;
  for (int i = 0; i < n; ++i) {
    long w = 1;
    for (int k = row_start_[i]; k < row_start_[i + 1]; ++k) w += pairs.delta_max[k] != 0.0 ? 8 : 1;
    work[bin(i)] += w;
    total += w;
  }
  std::vector<unsigned char> slab_of_bin(kBins, 0);
  long before = 0;
  for (int b = 0; b < kBins; ++b) {  // slab of a bin: where its middle falls in the total work
    const long mid2 = 2 * before + work[b];
    slab_of_bin[b] = static_cast<unsigned char>(
        std::min<long>(t_max - 1, mid2 * t_max / std::max(1L, 2 * total)));
    before += work[b];
  }
  slab_.resize(n);
  part_start_.assign(static_cast<std::size_t>(t_max) + 1, 0);
  for (int i = 0; i < n; ++i) {
    slab_[i] = slab_of_bin[bin(i)];
    ++part_start_[slab_[i] + 1];
  }
  for (int t = 0; t < t_max; ++t) part_start_[t + 1] += part_start_[t];
  part_.resize(n);
  count_.assign(part_start_.begin(), part_start_.end() - 1);
  for (int i = 0; i < n; ++i) part_[count_[slab_[i]]++] = i;  // increasing index per part
  // boundary particles and their slots: one per incident listed pair, in increasing pair order
  bstart_.assign(static_cast<std::size_t>(n) + 1, 0);
  std::vector<unsigned char> edge(static_cast<std::size_t>(n), 0);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const int i = pairs.i[k], j = pairs.j[k];
    if (slab_[i] != slab_[j]) edge[i] = edge[j] = 1;
  }
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
