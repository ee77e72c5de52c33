// One-way cache-line handoff latency between two CPUs (issue 8): two threads, each pinned to one
// CPU, take turns incrementing a counter on one cache line, so every increment waits for the line
// to travel from the other core. On this project's 2-vCPU host the figure switches between
// ~55 ns (both vCPUs on one core complex) and ~240 ns (on two), often within minutes, and a
// two-thread DEM step depends on it: each step hands the boundary particles, their force slots
// and the closing barrier from one core to the other. bench/run_compress.py measures it before
// and after every multi-thread run so that the speed-ups can be read per placement.
//   build/bench/core_latency [CPU_A CPU_B] [ROUNDS]   (default: the first two CPUs it may use)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "cpu_pinning.hpp"

namespace {

using electrodem::bench::allowed_cpus;
using electrodem::bench::pin;

// Seconds for `rounds` handoffs: thread A moves the counter from even to odd, thread B back.
double ping_pong(int cpu_a, int cpu_b, long rounds) {
  alignas(64) std::atomic<long> turn{0};
  bool pinned_b = false;
  std::thread b([&] {
    pinned_b = pin(cpu_b);
    for (long k = 1; k < rounds; k += 2) {
      while (turn.load(std::memory_order_acquire) != k) {
      }
      turn.store(k + 1, std::memory_order_release);
    }
  });
  const bool pinned_a = pin(cpu_a);
  const auto t0 = std::chrono::steady_clock::now();
  for (long k = 0; k < rounds; k += 2) {
    while (turn.load(std::memory_order_acquire) != k) {
    }
    turn.store(k + 1, std::memory_order_release);
  }
  b.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!pinned_a || !pinned_b) {
    std::fprintf(stderr, "core_latency: cannot pin to CPUs %d and %d\n", cpu_a, cpu_b);
    std::exit(2);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<int> cpus = allowed_cpus();
  int a = cpus.size() > 0 ? cpus[0] : 0, b = cpus.size() > 1 ? cpus[1] : -1;
  if (argc > 2) a = std::atoi(argv[1]), b = std::atoi(argv[2]);
  const long rounds = argc > 3 ? std::atol(argv[3]) : 2000000;
  if (b < 0 || a == b || rounds < 2) {
    std::fprintf(stderr, "usage: %s [CPU_A CPU_B] [ROUNDS >= 2]: two different CPUs needed\n",
                 argv[0]);
    return 2;
  }
  ping_pong(a, b, rounds / 10);  // warm-up: both threads running, the line in use
  const double s = ping_pong(a, b, rounds);
  std::printf("core handoff latency [ns]: %.1f  (cpu %d <-> cpu %d, %ld handoffs)\n",
              1e9 * s / static_cast<double>(rounds), a, b, rounds);
  return 0;
}
