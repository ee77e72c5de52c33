// Finite-volume sphere diffusion: mesh, exact conservation, late-time
// constant-flux profile (Carslaw & Jaeger: c_surf - c_mean -> -J R / (5 D)).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "electrodem/solvers/diffusion.hpp"

namespace electrodem::solvers {
namespace {

dem::ElectrochemParams params(double d) {
  dem::ElectrochemParams p;
  p.max_concentration = 5e4;
  p.diffusivity = d;
  return p;
}

TEST(DiffusionSphere, MeshIsRefinedTowardTheSurfaceAndFillsTheSphere) {
  const SphereMesh m(20, 8.0);
  double v = 0.0;
  for (int k = 0; k < m.size(); ++k) {
    v += m.volume(k);
    if (k > 0) {
      EXPECT_GT(m.face(k), m.face(k - 1));
    }
  }
  EXPECT_NEAR(v, 1.0, 1e-14);
  EXPECT_DOUBLE_EQ(m.face(m.size() - 1), 1.0);
  const double inner = m.face(0), outer = 1.0 - m.face(m.size() - 2);
  EXPECT_NEAR(inner / outer, 8.0, 1e-9);
}

TEST(DiffusionSphere, LiContentChangesByExactlyTheSurfaceOutflow) {
  const SphereMesh m(16, 5.0);
  auto p = params(1e-14);
  p.diffusivity_vs_x.x = {0.0, 1.0};  // x-dependent D, lagged within the step
  p.diffusivity_vs_x.y = {1e-15, 3e-14};
  std::vector<double> x(16);
  for (int k = 0; k < 16; ++k) x[k] = 0.3 + 0.4 * std::sin(0.7 * k) * std::sin(0.7 * k);
  DiffusionStep s;
  for (double q : {-3e-4, 0.0, 2e-3}) {
    for (double dt : {0.1, 10.0, 1e4}) {
      diffusion_step(m, p, 4e-6, dt, x.data(), s);
      std::vector<double> xn(16);
      for (int k = 0; k < 16; ++k) xn[k] = s.x0[k] + q * s.x1[k];
      const double change = mean_lithiation(m, xn.data()) - mean_lithiation(m, x.data());
      EXPECT_NEAR(change, -q * dt, 1e-15 * (1.0 + std::abs(q * dt))) << "q=" << q << " dt=" << dt;
    }
  }
}

TEST(DiffusionSphere, LateTimeConstantFluxProfileMatchesAnalytic) {
  // For a constant outflow rate q (per site) the surface lies below the mean by
  // J R / (5 D c_max) = q R^2 / (15 D) once the transient has decayed.
  const double r = 5e-6, d = 4e-15, q = 1e-5;
  const SphereMesh m(20, 8.0);
  const auto p = params(d);
  std::vector<double> x(20, 0.9);
  DiffusionStep s;
  double surf = 0.0;
  const double dt = 5.0;
  for (int n = 0; n < 4000; ++n) {  // 20000 s = 3.2 R^2/D
    diffusion_step(m, p, r, dt, x.data(), s);
    for (int k = 0; k < 20; ++k) x[k] = s.x0[k] + q * s.x1[k];
    surf = s.surf0 + q * s.surf1;
  }
  const double offset = mean_lithiation(m, x.data()) - surf;
  EXPECT_NEAR(offset, q * r * r / (15.0 * d), 0.005 * q * r * r / (15.0 * d));
}

}  // namespace
}  // namespace electrodem::solvers
