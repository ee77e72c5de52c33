#pragma once
// Splits particle indices [0, n) into contiguous ranges, one per thread, of equal cost, where the
// cost is a model (per-particle work units) times a correction measured at run time: the busy
// seconds of each range since the last learning split (barrier waits excluded), divided by the
// modelled work it did in those steps, is the range's actual cost per unit, and its particles are
// weighted by the damped ratio of that to the mean (square root per split: converges geometrically,
// halves timer noise). This is measured-time rebalancing as in LAMMPS's `balance`/`fix balance`
// with `weight time` (LAMMPS manual; Thompson et al., Comput. Phys. Commun. 271 (2022) 108171),
// applied along the particle index. Only the speed depends on the split: callers keep results
// independent of it (partition.cpp).
#include <vector>

namespace electrodem::dem {

class RangeBalancer {
 public:
  // New ranges for `parts` parts from the modelled work of each particle (work[i] > 0),
  // first folding the busy times measured since the last learning split into the correction
  // when they cover at least a few steps with the same part count and particle count (earlier
  // splits, e.g. at every neighbour rebuild, keep measuring).
  void split(int parts, const std::vector<double>& work);
  // Busy time of `part` (only its own thread calls this; one cache line per part).
  void add_busy(int part, double seconds) {
    busy_[static_cast<std::size_t>(part)].seconds += seconds;
  }
  void end_step();
  // True after `min_steps` steps if the busiest part ran `tolerance` longer than the mean.
  bool rebalance_due(long min_steps, double tolerance = 0.03) const;
  bool valid(int parts, int n) const {
    return parts_ == parts && start_.size() == static_cast<std::size_t>(parts) + 1 &&
           start_.back() == n;
  }
  int parts() const { return parts_; }
  // Particles of part t: [start()[t], start()[t + 1]).
  const std::vector<int>& start() const { return start_; }
  std::size_t memory_bytes() const;

 private:
  void learn();
  void resplit(const std::vector<double>& work);
  struct alignas(64) Busy {
    double seconds = 0.0;
  };
  std::vector<int> start_;
  std::vector<Busy> busy_;
  std::vector<double> part_work_;  // modelled (scaled) work of each part at the split
  std::vector<double> work_done_;  // part_work_ summed over the steps measured in busy_
  std::vector<float> scale_;       // measured correction of the modelled work, per particle
  long steps_ = 0;
  int parts_ = 0;
};

}  // namespace electrodem::dem
