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

// Half kick of a particle by its force f and torque t; im = hdt / m, ii = hdt / I: the fused
// pass divides once for both half kicks around a force evaluation and passes the force it just
// summed (the same numbers as through p.fx etc.).
template <bool Damping>
inline void System::kick_particle(Body& b, V3 f, V3 t, double im, double ii) const {
  const double alpha = params.local_damping;
  if (Damping && alpha > 0.0) {
    f = {local_damping(f.x, b.vx, alpha), local_damping(f.y, b.vy, alpha),
         local_damping(f.z, b.vz, alpha)};
    t = {local_damping(t.x, b.wx, alpha), local_damping(t.y, b.wy, alpha),
         local_damping(t.z, b.wz, alpha)};
  }
  b.vx += im * f.x, b.vy += im * f.y, b.vz += im * f.z;
  b.wx += ii * t.x, b.wy += ii * t.y, b.wz += ii * t.z;
}

// Pass A for particle i on its own (step(), drift_all): p, kicked and moved, and its packed copy.
inline void System::drift_particle(long i, const DriftParams& c, Moved& moved) {
  Body b = body_from_state(i);
  kick_particle(b, {p.fx[i], p.fy[i], p.fz[i]}, {p.tx[i], p.ty[i], p.tz[i]}, c.hdt / p.mass[i],
                c.hdt / p.inertia[i]);
  move_particle(i, b, c, p.lens_volume[i], moved);
  store_state(i, b);
  store_packed(i, b);
}

// Pass A after the first half kick: drift (z through the affine remap), radius growth, and the
// particle's terms of the rebuild criterion off the affine map since the last rebuild.
// Solid volume conservation (DESIGN.md §3.1): the apparent radius r grows so that the sphere
// volume minus the lens (cap) volumes cut by its contacts equals the solid volume,
//   4/3 pi r^3 - V_lens(r) = 4/3 pi r_s^3  ->  r = cbrt(r_s^3 + 3 V_lens / (4 pi)),
// relaxed towards its target by a fraction `volume_relaxation` per step with V_lens from the last
// force evaluation. The fixed point contracts (the summed cap areas stay below the sphere's
// surface); the relaxation keeps the radius from following contact vibrations within one step,
// which would act as a lagged extra stiffness and pump energy into the packing.
// A particle whose contact caps cover nearly its whole surface cannot give the volume back (the
// fixed point runs away): the growth is capped (kGrowthCap).
template <bool Grow>
inline void System::move_particle(long i, Body& b, const DriftParams& c, double lens,
                                  Moved& moved) const {
  b.x += c.dt * b.vx;
  b.y += c.dt * b.vy;
  b.z = c.remap * (b.z + c.dt * b.vz);
  if (Grow && c.grow) {
    const double rs = p.solid_radius[i];
    const double target =
        std::min(kGrowthCap * rs, std::cbrt(rs * rs * rs + 3.0 * lens / (4.0 * constants::pi)));
    b.r += c.relaxation * (target - b.r);
  }
  if (c.track) {
    const double dx = b.x - x0_[i], dy = b.y - y0_[i], dz = b.z - c.affine * z0_[i];
    displacement_max(dx * dx + dy * dy + dz * dz, b.r - r0_[i], moved.d2, moved.dg);
    moved.r = std::max(moved.r, b.r);
  }
}

}  // namespace electrodem::dem
