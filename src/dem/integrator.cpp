// Velocity Verlet (kick-drift-kick) for translation and rotation of spheres (isotropic inertia,
// orientation not tracked), with optional Cundall local damping applied to the forces and
// torques at both half kicks.
//
// One step makes two passes over the particles (issue 8: fewer passes over memory, fewer
// OpenMP fork/joins): pass A = first half kick, drift, radius growth, the copy into the pair
// kernel's packed arrays and the Verlet-list displacement check; pass B (evaluate_forces) = the
// force sum and the second half kick of each particle. run() goes further: pass B of a step also
// does pass A of the next step for each particle right after its second half kick (a particle's
// pass A needs only its own force), so a step is one parallel pass, over the force pass's
// balanced ranges. Every particle's arithmetic is the same sequence of operations as in separate
// kick / drift / grow / check loops, so results are bitwise those of the unfused loops, for any
// thread count and whether steps are taken by step() or run().
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include <omp.h>

#include "electrodem/dem/system.hpp"
#include "kick.hpp"

namespace electrodem::dem {

System::DriftParams System::drift_params(double affine) const {
  // displacement off the affine map since the last rebuild (see needs_rebuild)
  const bool track = !need_rebuild_ && x0_.size() == p.size();
  return {dt_,
          0.5 * dt_,
          1.0 - affine_strain_,
          params.volume_relaxation,
          affine,
          params.conserve_volume,
          track};
}

void System::begin_step() {
  const double remap = 1.0 - affine_strain_;
  punch.z = remap * (punch.z + dt_ * punch.v);
  affine_since_rebuild_ *= remap;
  geo_.resize(packed_size());
  dyn_.resize(packed_size());
}

void System::drift_all(const DriftParams& c, Moved& moved) {
  const long n = static_cast<long>(p.size());
  const int threads = omp_get_max_threads();
  double d2 = 0.0, dg = 0.0, r = 0.0;
  if (threads > 1 && n > kParallelMin) {
    // over its own balanced thread ranges (partition.cpp); the max reductions are exact in any
    // order
    if (!drift_.valid(threads, static_cast<int>(n)) || drift_.rebalance_due(kRebalanceSteps / 4))
      split_drift(threads);
    const int* start = drift_.start().data();
#pragma omp parallel reduction(max : d2, dg, r)
    {
      const int nt = omp_get_num_threads();
      for (int part = omp_get_thread_num(); part < threads; part += nt) {
        const double t0 = omp_get_wtime();
        Moved m;  // in registers, not through the reduction variables
        for (long i = start[part]; i < start[part + 1]; ++i) drift_particle(i, c, m);
        d2 = std::max(d2, m.d2), dg = std::max(dg, m.dg), r = std::max(r, m.r);
        drift_.add_busy(part, omp_get_wtime() - t0);
      }
    }
    drift_.end_step();
  } else {
    Moved m;
    for (long i = 0; i < n; ++i) drift_particle(i, c, m);
    d2 = m.d2, dg = m.dg, r = m.r;
  }
  moved = {d2, dg, r};
}

namespace {
// A barrier for the threads of one parallel region, reused step after step: each thread counts
// its rounds, and round r is over once the counter has reached r times the team size. libgomp's
// `omp barrier` costs ~1.5 us on this 2-core machine and a fork and join ~3 us; this ~0.25 us,
// one cache-line handoff each way (bench/core_latency). Yields the core after a while in case
// threads outnumber cores.
class SpinBarrier {
 public:
  void wait(int threads, long& round) {
    const long target = ++round * threads;
    arrived_.fetch_add(1, std::memory_order_acq_rel);
    for (int spins = 0; arrived_.load(std::memory_order_acquire) < target; ++spins)
      if (spins > 4096) std::this_thread::yield();
  }

 private:
  alignas(64) std::atomic<long> arrived_{0};
};
}  // namespace

// Steps of run() in one parallel region (issue 8): at ~230 us per step at 5000 particles, the
// fork and join of a region per step and the serial code between them were ~5 us of it. Here two
// spin barriers separate the steps, and between them the master thread does the step's serial
// part as run() does: bookkeeping, the next pass A's constants and the rebuild check. The segment
// ends before a neighbour rebuild or a repartition, at a fault, or after max_steps steps (run()
// goes on from there), and every step is evaluate_forces's evaluation with `next`, so the
// results are those of single steps, bitwise.
long long System::run_segment(long long max_steps, DriftParams& c, Moved& moved, bool primed,
                              const BetweenSteps& between) {
  DriftParams next = drift_params(affine_since_rebuild_ * (1.0 - affine_strain_));
  ForcePass f = begin_forces(true, c.hdt, &next, primed);
  prepare_parts(primed);
  long long epoch = ++force_epoch_;
  struct alignas(64) ThreadMoved {
    Moved m;
  };
  std::vector<ThreadMoved> thread_moved(static_cast<std::size_t>(omp_get_max_threads()));
  SpinBarrier barrier;
  long long done = 0;
  bool stop = false;
#pragma omp parallel
  {
    const int me = omp_get_thread_num(), nt = omp_get_num_threads();
    long round = 0;
    while (!stop) {
      Moved m;
      part_pass(f, epoch, m);
      thread_moved[static_cast<std::size_t>(me)].m = m;
      barrier.wait(nt, round);
      if (me == 0) {
        forces_.end_step();
        if (fault_flag_ != 0) {
          stop = true;  // run() reports it
        } else {
          Moved all;
          for (int t = 0; t < nt; ++t) {
            const Moved& mt = thread_moved[static_cast<std::size_t>(t)].m;
            all = {std::max(all.d2, mt.d2), std::max(all.dg, mt.dg), std::max(all.r, mt.r)};
          }
          time_ += c.dt;
          ++step_;
          ++done;
          if (between) {  // every step of a segment has a next one (run() takes the last)
            const WallLoads loads = combined_wall_loads();
            punch.force = loads.top;
            bottom_force_ = loads.bottom;
            between(*this);
          }
          begin_step();
          c = next;
          moved = all;
          stop = done == max_steps || !c.track ||
                 rebuild_due(std::max(std::sqrt(all.d2), all.dg), all.r) ||
                 forces_.rebalance_due(kRebalanceSteps);
          if (!stop) {
            next = drift_params(affine_since_rebuild_ * (1.0 - affine_strain_));
            f.primed = true;
            epoch = ++force_epoch_;
          }
        }
      }
      barrier.wait(nt, round);
    }
  }
  end_forces(combined_wall_loads(), true, true);
  return done;
}

void System::step() {
  run(1);
}

void System::run(long long steps) {
  run(steps, BetweenSteps{});
}

// Each step: the rebuild check on pass A's displacements, then the force pass with the second
// half kick and, unless it is the last step of the run, the next step's pass A; the controller
// before each step moves the punch.
void System::run(long long steps, const BetweenSteps& between) {
  if (steps <= 0) return;
  if (!forces_valid_) compute_forces();
  if (between) between(*this);
  begin_step();
  DriftParams c = drift_params(affine_since_rebuild_);
  Moved moved;
  drift_all(c, moved);
  for (long long k = 0; k < steps; ++k) {
    if (!c.track || rebuild_due(std::max(std::sqrt(moved.d2), moved.dg), moved.r))
      rebuild_neighbours();  // repacks
    const bool last = k + 1 == steps;
    if (!last && parallel_forces()) {  // the steps up to the next rebuild, in one region
      forces_valid_ = false;
      k += run_segment(steps - 1 - k, c, moved, k > 0, between) - 1;
      if (fault_flag_ != 0) sync_particles();  // the state the error leaves is p's
      check_faults();
      forces_valid_ = true;
      continue;
    }
    // the next step's constants as begin_step() will leave them (the same product)
    const DriftParams next = drift_params(affine_since_rebuild_ * (1.0 - affine_strain_));
    Moved next_moved;
    forces_valid_ = false;  // until the step is through: p.fx etc. are stored by the last only
    evaluate_forces(true, c.hdt, last ? nullptr : &next, &next_moved, k > 0);
    if (fault_flag_ != 0) sync_particles();  // the state the error leaves is p's
    check_faults();
    forces_valid_ = true;
    time_ += c.dt;
    ++step_;
    if (last) break;
    if (between) between(*this);
    begin_step();
    c = next;
    moved = next_moved;
  }
}

}  // namespace electrodem::dem
