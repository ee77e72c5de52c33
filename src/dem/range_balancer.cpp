#include "electrodem/dem/range_balancer.hpp"

#include <algorithm>
#include <cmath>

namespace electrodem::dem {

namespace {
constexpr long kMinLearnSteps = 8;                 // fewer steps: timer noise dominates
constexpr double kMaxStep = 2.0, kMaxScale = 8.0;  // bounds of the correction per split, overall
}  // namespace

void RangeBalancer::learn() {
  const int n = start_.empty() ? 0 : start_.back();
  if (parts_ < 2 || scale_.size() != static_cast<std::size_t>(n)) return;
  double busy = 0.0, work = 0.0;
  for (int t = 0; t < parts_; ++t) {
    if (!(busy_[t].seconds > 0.0) || !(work_done_[t] > 0.0)) return;
    busy += busy_[t].seconds, work += work_done_[t];
  }
  for (int t = 0; t < parts_; ++t) {
    const double ratio = (busy_[t].seconds / work_done_[t]) / (busy / work);
    const double step = std::clamp(std::sqrt(ratio), 1.0 / kMaxStep, kMaxStep);
    for (int i = start_[t]; i < start_[t + 1]; ++i)
      scale_[i] = static_cast<float>(std::clamp(scale_[i] * step, 1.0 / kMaxScale, kMaxScale));
  }
}

void RangeBalancer::split(int parts, const std::vector<double>& work) {
  const int n = static_cast<int>(work.size());
  parts = std::max(parts, 1);
  const bool same = parts == parts_ && !start_.empty() && start_.back() == n;
  // a split before kMinLearnSteps (e.g. after every neighbour rebuild of a fast compression)
  // keeps the busy times and the work done so far: they measure each part's cost per unit
  // whatever its range was in those steps
  if (same && steps_ < kMinLearnSteps) return resplit(work);
  if (same)
    learn();
  else
    scale_.assign(work.size(), 1.0f);
  busy_.assign(static_cast<std::size_t>(parts), Busy{});
  work_done_.assign(static_cast<std::size_t>(parts), 0.0);
  steps_ = 0;
  parts_ = parts;
  resplit(work);
}

// New ranges of equal scaled work for parts_ parts (the measurement is left alone).
void RangeBalancer::resplit(const std::vector<double>& work) {
  const int n = static_cast<int>(work.size());
  const int parts = parts_;
  double total = 0.0;
  for (int i = 0; i < n; ++i) total += scale_[i] * work[i];
  // part of a particle: where the middle of its work falls in the total (non-decreasing in i)
  start_.assign(static_cast<std::size_t>(parts) + 1, n);
  start_[0] = 0;
  part_work_.assign(static_cast<std::size_t>(parts), 0.0);
  double before = 0.0;
  for (int i = 0, t = 0; i < n; ++i) {
    const double w = scale_[i] * work[i];
    const double mid = total > 0.0 ? (before + 0.5 * w) / total : 0.0;
    const int ti = std::min(parts - 1, static_cast<int>(mid * parts));
    while (t < ti) start_[++t] = i;
    part_work_[ti] += w;
    before += w;
  }
}

void RangeBalancer::end_step() {
  for (int t = 0; t < parts_; ++t) work_done_[t] += part_work_[t];
  ++steps_;
}

bool RangeBalancer::rebalance_due(long min_steps, double tolerance) const {
  if (steps_ < min_steps || parts_ < 2) return false;
  double hi = 0.0, sum = 0.0;
  for (const Busy& b : busy_) hi = std::max(hi, b.seconds), sum += b.seconds;
  return hi > (1.0 + tolerance) * sum / parts_;
}

std::size_t RangeBalancer::memory_bytes() const {
  return start_.capacity() * sizeof(int) + busy_.capacity() * sizeof(Busy) +
         (part_work_.capacity() + work_done_.capacity()) * sizeof(double) +
         scale_.capacity() * sizeof(float);
}

}  // namespace electrodem::dem
