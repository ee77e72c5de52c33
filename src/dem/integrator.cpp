// Velocity Verlet (kick-drift-kick) for translation and rotation of spheres (isotropic inertia,
// orientation not tracked), with optional Cundall local damping applied to the forces and
// torques at both half kicks.
#include <cmath>

#include "electrodem/core/constants.hpp"
#include "electrodem/dem/contact/local_damping.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

void System::kick(double hdt) {
  const long n = static_cast<long>(p.size());
  const double alpha = params.local_damping;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (long i = 0; i < n; ++i) {
    double fx = p.fx[i], fy = p.fy[i], fz = p.fz[i];
    double tx = p.tx[i], ty = p.ty[i], tz = p.tz[i];
    if (alpha > 0.0) {
      fx = local_damping(fx, p.vx[i], alpha);
      fy = local_damping(fy, p.vy[i], alpha);
      fz = local_damping(fz, p.vz[i], alpha);
      tx = local_damping(tx, p.wx[i], alpha);
      ty = local_damping(ty, p.wy[i], alpha);
      tz = local_damping(tz, p.wz[i], alpha);
    }
    const double im = hdt / p.mass[i], ii = hdt / p.inertia[i];
    p.vx[i] += im * fx, p.vy[i] += im * fy, p.vz[i] += im * fz;
    p.wx[i] += ii * tx, p.wy[i] += ii * ty, p.wz[i] += ii * tz;
  }
}

// Solid volume conservation (DESIGN.md §3.1): the apparent radius r grows so that the sphere
// volume minus the lens (cap) volumes cut by its contacts equals the solid volume,
//   4/3 pi r^3 - V_lens(r) = 4/3 pi r_s^3  ->  r = cbrt(r_s^3 + 3 V_lens / (4 pi)),
// relaxed towards its target by a fraction `volume_relaxation` per step with V_lens from the last
// force evaluation. The fixed point contracts (the summed cap areas stay below the sphere's
// surface); the relaxation keeps the radius from following contact vibrations within one step,
// which would act as a lagged extra stiffness and pump energy into the packing.
void System::grow_radii() {
  const long n = static_cast<long>(p.size());
  const double w = params.volume_relaxation;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (long i = 0; i < n; ++i) {
    const double rs = p.solid_radius[i];
    // a particle whose contact caps cover nearly its whole surface cannot give the volume back
    // (the fixed point runs away): the growth is capped (kGrowthCap)
    const double target = std::min(
        kGrowthCap * rs, std::cbrt(rs * rs * rs + 3.0 * p.lens_volume[i] / (4.0 * constants::pi)));
    p.radius[i] += w * (target - p.radius[i]);
  }
}

void System::step() {
  if (!forces_valid_) compute_forces();
  const double dt = dt_;
  kick(0.5 * dt);
  const long n = static_cast<long>(p.size());
  const double remap = 1.0 - affine_strain_;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
  for (long i = 0; i < n; ++i) {
    p.x[i] += dt * p.vx[i];
    p.y[i] += dt * p.vy[i];
    p.z[i] = remap * (p.z[i] + dt * p.vz[i]);
  }
  punch.z = remap * (punch.z + dt * punch.v);
  affine_since_rebuild_ *= remap;
  if (params.conserve_volume) grow_radii();
  compute_forces();
  kick(0.5 * dt);
  time_ += dt;
  ++step_;
}

}  // namespace electrodem::dem
