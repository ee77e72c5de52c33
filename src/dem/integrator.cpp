// Velocity Verlet (kick-drift-kick) for translation and rotation of spheres (isotropic inertia,
// orientation not tracked), with optional Cundall local damping applied to the forces and
// torques at both half kicks.
//
// One step makes two passes over the particles (issue 8: fewer passes over memory, fewer
// OpenMP fork/joins): pass A = first half kick, drift, radius growth, the copy into the pair
// kernel's packed arrays and the Verlet-list displacement check; pass B (evaluate_forces) = the
// force sum and the second half kick of each particle. Every particle's arithmetic is the same
// sequence of operations as in separate kick / drift / grow / check loops, so results are
// bitwise those of the unfused loops, for any thread count.
#include <algorithm>
#include <cmath>

#include <omp.h>

#include "electrodem/core/constants.hpp"
#include "electrodem/dem/system.hpp"
#include "kick.hpp"

namespace electrodem::dem {

// Solid volume conservation (DESIGN.md §3.1): the apparent radius r grows so that the sphere
// volume minus the lens (cap) volumes cut by its contacts equals the solid volume,
//   4/3 pi r^3 - V_lens(r) = 4/3 pi r_s^3  ->  r = cbrt(r_s^3 + 3 V_lens / (4 pi)),
// relaxed towards its target by a fraction `volume_relaxation` per step with V_lens from the last
// force evaluation. The fixed point contracts (the summed cap areas stay below the sphere's
// surface); the relaxation keeps the radius from following contact vibrations within one step,
// which would act as a lagged extra stiffness and pump energy into the packing.
// A particle whose contact caps cover nearly its whole surface cannot give the volume back (the
// fixed point runs away): the growth is capped (kGrowthCap).
void System::step() {
  if (!forces_valid_) compute_forces();
  const double dt = dt_, hdt = 0.5 * dt;
  const long n = static_cast<long>(p.size());
  const double remap = 1.0 - affine_strain_;
  const bool grow = params.conserve_volume;
  const double w = params.volume_relaxation;
  geo_.resize(p.size());
  dyn_.resize(p.size());
  punch.z = remap * (punch.z + dt * punch.v);
  affine_since_rebuild_ *= remap;
  // displacement off the affine map since the last rebuild (see needs_rebuild)
  const bool track = !need_rebuild_ && x0_.size() == p.size();
  const double f = affine_since_rebuild_;
  double d2max = 0.0, dgmax = 0.0, rmax = 0.0;
  auto pass_a = [&](long i0, long i1, double& d2_out, double& dg_out, double& r_out) {
    double d2m = 0.0, dgm = 0.0, rm = 0.0;  // in registers, not through the references
    for (long i = i0; i < i1; ++i) {
      kick_particle(i, hdt);
      p.x[i] += dt * p.vx[i];
      p.y[i] += dt * p.vy[i];
      p.z[i] = remap * (p.z[i] + dt * p.vz[i]);
      if (grow) {
        const double rs = p.solid_radius[i];
        const double target =
            std::min(kGrowthCap * rs,
                     std::cbrt(rs * rs * rs + 3.0 * p.lens_volume[i] / (4.0 * constants::pi)));
        p.radius[i] += w * (target - p.radius[i]);
      }
      pack_particle(i);
      if (track) {
        const double dx = p.x[i] - x0_[i], dy = p.y[i] - y0_[i], dz = p.z[i] - f * z0_[i];
        displacement_max(dx * dx + dy * dy + dz * dz, p.radius[i] - r0_[i], d2m, dgm);
        rm = std::max(rm, p.radius[i]);
      }
    }
    d2_out = std::max(d2_out, d2m), dg_out = std::max(dg_out, dgm), r_out = std::max(r_out, rm);
  };
  const int threads = omp_get_max_threads();
  if (threads > 1 && n > kParallelMin) {
    // over its own balanced thread ranges (partition.cpp); the max reductions are exact in any
    // order
    if (!drift_.valid(threads, static_cast<int>(n)) || drift_.rebalance_due(kRebalanceSteps / 4))
      split_drift(threads);
    const int* start = drift_.start().data();
#pragma omp parallel reduction(max : d2max, dgmax, rmax)
    {
      const int nt = omp_get_num_threads();
      for (int part = omp_get_thread_num(); part < threads; part += nt) {
        const double t0 = omp_get_wtime();
        pass_a(start[part], start[part + 1], d2max, dgmax, rmax);
        drift_.add_busy(part, omp_get_wtime() - t0);
      }
    }
    drift_.end_step();
  } else {
    pass_a(0, n, d2max, dgmax, rmax);
  }
  if (!track || rebuild_due(std::max(std::sqrt(d2max), dgmax), rmax))
    rebuild_neighbours();  // repacks
  evaluate_forces(true, hdt);
  forces_valid_ = true;
  check_faults();
  time_ += dt;
  ++step_;
}

}  // namespace electrodem::dem
