#pragma once
// Half kick of one particle (velocity Verlet), with optional Cundall local damping of its force
// and torque; inlined into the fused per-particle passes of step(). Internal header of src/dem.
#include "electrodem/dem/contact/local_damping.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

inline void System::kick_particle(long i, double hdt) {
  const double alpha = params.local_damping;
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

}  // namespace electrodem::dem
