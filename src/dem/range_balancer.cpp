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
  if (steps_ < kMinLearnSteps || parts_ < 2 || scale_.size() != static_cast<std::size_t>(n)) return;
  double busy = 0.0, work = 0.0;
  for (int t = 0; t < parts_; ++t) {
    if (!(busy_[t].seconds > 0.0) || !(part_work_[t] > 0.0)) return;
    busy += busy_[t].seconds, work += part_work_[t];
  }
  for (int t = 0; t < parts_; ++t) {
    const double ratio = (busy_[t].seconds / part_work_[t]) / (busy / work);
    const double step = std::clamp(std::sqrt(ratio), 1.0 / kMaxStep, kMaxStep);
    for (int i = start_[t]; i < start_[t + 1]; ++i)
      scale_[i] = static_cast<float>(std::clamp(scale_[i] * step, 1.0 / kMaxScale, kMaxScale));
  }
}

void RangeBalancer::split(int parts, const std::vector<double>& work) {
  const int n = static_cast<int>(work.size());
  parts = std::max(parts, 1);
  if (parts == parts_ && !start_.empty() && start_.back() == n)
    learn();
  else
    scale_.assign(work.size(), 1.0f);
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
  busy_.assign(static_cast<std::size_t>(parts), Busy{});
  steps_ = 0;
  parts_ = parts;
}

bool RangeBalancer::rebalance_due(long min_steps, double tolerance) const {
  if (steps_ < min_steps || parts_ < 2) return false;
  double hi = 0.0, sum = 0.0;
  for (const Busy& b : busy_) hi = std::max(hi, b.seconds), sum += b.seconds;
  return hi > (1.0 + tolerance) * sum / parts_;
}

std::size_t RangeBalancer::memory_bytes() const {
  return start_.capacity() * sizeof(int) + busy_.capacity() * sizeof(Busy) +
         part_work_.capacity() * sizeof(double) + scale_.capacity() * sizeof(float);
}

}  // namespace electrodem::dem
