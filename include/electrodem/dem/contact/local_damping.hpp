#pragma once
// Local non-viscous damping (Cundall 1987; PFC/YADE "local damping"): each force component is
// reduced against the direction of the velocity,
//   F_k <- F_k - alpha |F_k| sign(v_k),   0 <= alpha < 1,
// which removes energy in proportion to the force, not the velocity, and so suits quasi-static
// stages (it does not slow down a uniform rigid motion under zero net force).
#include <cmath>

namespace electrodem::dem {

[[gnu::always_inline]] inline double local_damping(double f, double v, double alpha) {
  return v > 0.0 ? f - alpha * std::fabs(f) : (v < 0.0 ? f + alpha * std::fabs(f) : f);
}

}  // namespace electrodem::dem
