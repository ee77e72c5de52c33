#pragma once
// Half kick of one particle (velocity Verlet), with optional Cundall local damping of its force
// and torque, and pass A of a step for one particle; inlined into the fused per-particle passes
// of step() and run(). Internal header of src/dem.
#include <algorithm>
#include <cmath>

#include "electrodem/core/constants.hpp"
#include "electrodem/dem/contact/local_damping.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

// Half kick of particle i by its force f and torque t; im = hdt / m_i, ii = hdt / I_i: the fused
// pass divides once for both half kicks around a force evaluation and passes the force it just
// summed (the same numbers as through p.fx etc.).
inline void System::kick_particle(long i, V3 f, V3 t, double im, double ii) {
  const double alpha = params.local_damping;
  if (alpha > 0.0) {
    f = {local_damping(f.x, p.vx[i], alpha), local_damping(f.y, p.vy[i], alpha),
         local_damping(f.z, p.vz[i], alpha)};
    t = {local_damping(t.x, p.wx[i], alpha), local_damping(t.y, p.wy[i], alpha),
         local_damping(t.z, p.wz[i], alpha)};
  }
  p.vx[i] += im * f.x, p.vy[i] += im * f.y, p.vz[i] += im * f.z;
  p.wx[i] += ii * t.x, p.wy[i] += ii * t.y, p.wz[i] += ii * t.z;
}

// Pass A for particle i: first half kick, drift (z through the affine remap), radius growth, its
// packed kernel copy, and its terms of the rebuild criterion off the affine map since the last
// rebuild.
// Solid volume conservation (DESIGN.md §3.1): the apparent radius r grows so that the sphere
// volume minus the lens (cap) volumes cut by its contacts equals the solid volume,
//   4/3 pi r^3 - V_lens(r) = 4/3 pi r_s^3  ->  r = cbrt(r_s^3 + 3 V_lens / (4 pi)),
// relaxed towards its target by a fraction `volume_relaxation` per step with V_lens from the last
// force evaluation. The fixed point contracts (the summed cap areas stay below the sphere's
// surface); the relaxation keeps the radius from following contact vibrations within one step,
// which would act as a lagged extra stiffness and pump energy into the packing.
// A particle whose contact caps cover nearly its whole surface cannot give the volume back (the
// fixed point runs away): the growth is capped (kGrowthCap).
inline void System::drift_particle(long i, const DriftParams& c, Moved& moved) {
  kick_particle(i, {p.fx[i], p.fy[i], p.fz[i]}, {p.tx[i], p.ty[i], p.tz[i]}, c.hdt / p.mass[i],
                c.hdt / p.inertia[i]);
  move_particle(i, c, p.lens_volume[i], moved);
}

// Pass A after the first half kick (the fused pass divides once for both kicks).
inline void System::move_particle(long i, const DriftParams& c, double lens, Moved& moved) {
  p.x[i] += c.dt * p.vx[i];
  p.y[i] += c.dt * p.vy[i];
  p.z[i] = c.remap * (p.z[i] + c.dt * p.vz[i]);
  if (c.grow) {
    const double rs = p.solid_radius[i];
    const double target =
        std::min(kGrowthCap * rs, std::cbrt(rs * rs * rs + 3.0 * lens / (4.0 * constants::pi)));
    p.radius[i] += c.relaxation * (target - p.radius[i]);
  }
  pack_particle(i);
  if (c.track) {
    const double dx = p.x[i] - x0_[i], dy = p.y[i] - y0_[i], dz = p.z[i] - c.affine * z0_[i];
    displacement_max(dx * dx + dy * dy + dz * dz, p.radius[i] - r0_[i], moved.d2, moved.dg);
    moved.r = std::max(moved.r, p.radius[i]);
  }
}

}  // namespace electrodem::dem
