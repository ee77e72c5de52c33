// Time the host takes away from a busy vCPU (issue 8): one thread per CPU, pinned, reads the
// steady clock in a tight loop for a few seconds and counts every gap between two readings longer
// than 2 us (an interrupt, the hypervisor running something else on that core). On this
// project's 2-vCPU host each vCPU loses 2-3 % of its time in ~1000 gaps per second, a third of
// them 20-50 us long, whether the other vCPU is busy or not (session 21). A one-thread run pays
// that share once; threads that meet at a barrier every step wait for whichever CPU was hit, so
// at a ~250 us step each thread's share is paid about twice: a bound on the two-thread speed-up
// of any code that synchronises every step, near 2 (1 + h) / (1 + 2 h) for a share h.
//   build/bench/host_hiccups [SECONDS] [CPU ...]   (default: 2 s on every CPU it may use, at once)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "cpu_pinning.hpp"

namespace {

using electrodem::bench::allowed_cpus;
using electrodem::bench::pin;

using Clock = std::chrono::steady_clock;

struct Gaps {
  int cpu = -1;
  bool pinned = false;
  std::vector<double> us;  // gaps longer than kMinGap [us]
};

constexpr double kMinGap = 2.0;  // [us]; a reading of the clock takes tens of ns

void watch(Gaps& g, double seconds) {
  g.pinned = pin(g.cpu);
  g.us.reserve(1 << 16);
  const Clock::time_point start = Clock::now(),
                          end = start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(seconds));
  for (Clock::time_point prev = start, t = start; t < end; prev = t) {
    t = Clock::now();
    const double gap = std::chrono::duration<double, std::micro>(t - prev).count();
    if (gap > kMinGap) g.us.push_back(gap);
  }
}

void report(Gaps g, double seconds) {
  std::sort(g.us.begin(), g.us.end());
  double total = 0.0;
  for (const double x : g.us) total += x;
  const auto count = [&](double lo, double hi) {
    return std::count_if(g.us.begin(), g.us.end(), [&](double x) { return x >= lo && x < hi; });
  };
  const auto pct = [&](double f) {
    return g.us.empty() ? 0.0 : g.us[static_cast<std::size_t>(f * (g.us.size() - 1))];
  };
  std::printf(
      "cpu %d: %.2f %% of the time in %.0f gaps/s > %.0f us (p50 %.1f, p90 %.1f, max %.1f us); "
      "per second: 2-10 us %.0f, 10-20 %.0f, 20-50 %.0f, 50-100 %.0f, > 100 %.0f\n",
      g.cpu, 100.0 * total * 1e-6 / seconds, static_cast<double>(g.us.size()) / seconds, kMinGap,
      pct(0.5), pct(0.9), pct(1.0), count(2, 10) / seconds, count(10, 20) / seconds,
      count(20, 50) / seconds, count(50, 100) / seconds, count(100, 1e300) / seconds);
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  std::vector<int> cpus;
  for (int k = 2; k < argc; ++k) cpus.push_back(std::atoi(argv[k]));
  if (cpus.empty()) cpus = allowed_cpus();
  if (!(seconds > 0.0) || cpus.empty()) {
    std::fprintf(stderr, "usage: %s [SECONDS > 0] [CPU ...]\n", argv[0]);
    return 2;
  }
  std::vector<Gaps> gaps(cpus.size());
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < cpus.size(); ++k) {
    gaps[k].cpu = cpus[k];
    threads.emplace_back(watch, std::ref(gaps[k]), seconds);
  }
  for (std::thread& t : threads) t.join();
  for (const Gaps& g : gaps) {
    if (!g.pinned) {
      std::fprintf(stderr, "host_hiccups: cannot pin to CPU %d\n", g.cpu);
      return 2;
    }
    report(g, seconds);
  }
  return 0;
}
