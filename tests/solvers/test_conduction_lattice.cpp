// Exact network results: simple-cubic lattice, series and parallel layers,
// two spheres between the walls (docs/conductance.md).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "../network/lattice.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/network/conductance.hpp"
#include "electrodem/solvers/conduction.hpp"

using namespace electrodem;
using namespace electrodem::network;
using namespace electrodem::solvers;

namespace {

// Materials 0 and 1: electron conductors with conductivities s0, s1.
dem::MaterialSet two_conductors(double s0, double s1) {
  dem::MaterialSet m;
  for (double s : {s0, s1}) {
    dem::Material am;
    am.role = dem::Role::active;
    am.electronic_conductivity = s;
    m.materials.push_back(am);
  }
  return m;
}

double sigma_eff(const ContactGraph& g, const dem::MaterialSet& m, LinearOptions opt = {}) {
  const auto net = build_phase_network(g, m, Phase::electronic);
  const auto conn = analyse_connectivity(g, net, particle_solid_volume(g));
  return solve_conduction(g, net, conn, 1.0, opt).conductivity;
}

LinearOptions method(LinearMethod m, Preconditioner p = Preconditioner::incomplete_cholesky) {
  LinearOptions o;
  o.method = m;
  o.preconditioner = p;
  return o;
}

constexpr double r = 2e-6, a = 0.3e-6;

// Contacts of a particle in column (ix, iy) of sc_lattice: one below (or the
// bottom wall), one above (or the top wall) and its lateral neighbours.
int sc_coordination(int ix, int iy, int nx, int ny) {
  return 2 + (ix > 0) + (ix < nx - 1) + (iy > 0) + (iy < ny - 1);
}

}  // namespace

TEST(ConductionLattice, SimpleCubicMatchesNetworkAnalyticValue) {
  // Each column: (nz - 1) links and two wall half-links in series, 2 nz halves
  // of the column's flux-tube share (Z = 2 + lateral neighbours: 6 inside, 5 on
  // a side face, 4 on an edge). With a_wall = a every half of a column is the
  // same, so every layer is an equipotential and no current flows sideways:
  // sigma_eff = I H / (A dV) = (2 r nz) / (4 r^2 nx ny) sum_columns 1 / (2 nz R_half(Z)).
  const int nx = 7, ny = 6, nz = 9;
  const double sigma = 0.37;
  const auto g = testlattice::sc_lattice(nx, ny, nz, r, a, a, [](int, int, int) { return 0; });
  double columns = 0;
  for (int iy = 0; iy < ny; ++iy)
    for (int ix = 0; ix < nx; ++ix)
      columns +=
          1.0 / (2 * nz * half_link_resistance(sigma, r, sc_coordination(ix, iy, nx, ny), a));
  const double exact = 2 * r * nz / (4 * r * r * nx * ny) * columns;
  for (const auto& opt :
       {method(LinearMethod::cg), method(LinearMethod::cg, Preconditioner::amg),
        method(LinearMethod::cg, Preconditioner::diagonal), method(LinearMethod::cholmod)}) {
    const double s = sigma_eff(g, two_conductors(sigma, sigma), opt);
    EXPECT_NEAR(s / exact, 1.0, 1e-8)
        << to_string(opt.method) << " " << to_string(opt.preconditioner);
  }
}

TEST(ConductionLattice, SimpleCubicDenseLimitIsVolumeBound) {
  // a = R everywhere: no constriction, every half is its flux tube,
  // R_half = Z / (4 pi sigma R), so sigma_eff = pi sigma / (nx ny) sum_columns 1/Z.
  // Inside an infinite lattice (Z = 6) that is (pi/6) sigma, the sphere volume
  // fraction times sigma (Wiener bound); the old full-cross-section cylinders
  // gave (pi/4) sigma. The free side faces (Z = 4, 5) raise the finite value.
  const double sigma = 2.0;
  const int nx = 4, ny = 4;
  const auto g = testlattice::sc_lattice(nx, ny, 6, r, r, r, [](int, int, int) { return 0; });
  double inv_z = 0;
  for (int iy = 0; iy < ny; ++iy)
    for (int ix = 0; ix < nx; ++ix) inv_z += 1.0 / sc_coordination(ix, iy, nx, ny);
  const double exact = M_PI * sigma / (nx * ny) * inv_z;
  EXPECT_NEAR(sigma_eff(g, two_conductors(sigma, sigma)) / exact, 1.0, 1e-9);
  EXPECT_LT(exact, sigma);
}

TEST(ConductionLattice, DenseFccPackStaysBelowBulk) {
  // FCC lattice of touching spheres (Z = 12 inside, phi = pi/(3 sqrt 2) = 0.74)
  // with large contacts: the pack must conduct less than the bulk solid. With
  // a = R (no constriction) the interior of an infinite lattice gives exactly
  // phi sigma (affine potential, docs/conductance.md §2); the old model ~2.2 sigma.
  const double sigma = 0.2;
  for (double ar : {0.3, 0.6, 1.0}) {
    const auto g = testlattice::fcc_lattice(8, 8, 10, r, ar * r, ar * r);
    const double s = sigma_eff(g, two_conductors(sigma, sigma));
    std::printf("FCC a/R = %.1f: sigma_eff / sigma_bulk = %.4f\n", ar, s / sigma);
    EXPECT_LT(s, sigma) << "a/R = " << ar;
    EXPECT_GT(s, 0.0);
  }
}

TEST(ConductionLattice, SeriesLayersGiveHarmonicMean) {
  // Layers normal to the current: sigma_eff / sigma_ref = harmonic mean of the
  // layer conductivities (each particle adds 2 R_half ~ 1/sigma in series).
  const double s0 = 0.5, s1 = 7.0;
  const int nz = 10, n0 = 3;  // 3 layers of s0, 7 of s1
  const auto g =
      testlattice::sc_lattice(5, 5, nz, r, a, a, [&](int, int, int iz) { return iz < n0 ? 0 : 1; });
  const auto ref = testlattice::sc_lattice(5, 5, nz, r, a, a, [](int, int, int) { return 0; });
  const double harmonic = 1.0 / ((n0 / s0 + (nz - n0) / s1) / nz);
  const double ratio = sigma_eff(g, two_conductors(s0, s1)) / sigma_eff(ref, two_conductors(1, 1));
  EXPECT_NEAR(ratio / harmonic, 1.0, 1e-8);
}

TEST(ConductionLattice, ParallelLayersGiveArithmeticMean) {
  const double s0 = 0.5, s1 = 7.0;
  const int nx = 8, n0 = 3;  // columns ix < 3 of s0
  const auto g =
      testlattice::sc_lattice(nx, 4, 7, r, a, a, [&](int ix, int, int) { return ix < n0 ? 0 : 1; });
  const auto ref = testlattice::sc_lattice(nx, 4, 7, r, a, a, [](int, int, int) { return 0; });
  // Columns are uniform and every layer an equipotential, so the ratio is the
  // arithmetic mean of the column conductivities weighted by each column's
  // conductance 1/R_half(Z) (equal weights inside an infinite lattice; the
  // side faces have Z = 4, 5 instead of 6).
  double num = 0, den = 0;
  for (int iy = 0; iy < 4; ++iy)
    for (int ix = 0; ix < nx; ++ix) {
      const double w = 1.0 / half_link_resistance(1.0, r, sc_coordination(ix, iy, nx, 4), a);
      num += w * (ix < n0 ? s0 : s1);
      den += w;
    }
  const double arithmetic = num / den;
  for (const auto& opt : {method(LinearMethod::cg), method(LinearMethod::cholmod)}) {
    const double ratio =
        sigma_eff(g, two_conductors(s0, s1), opt) / sigma_eff(ref, two_conductors(1, 1), opt);
    EXPECT_NEAR(ratio / arithmetic, 1.0, 1e-8);
  }
}

TEST(ConductionLattice, TwoSpheresBetweenWallsEqualClosedForm) {
  // wall - sphere 0 - sphere 1 - wall: R = R_half0(a_b) + R_half0(a) + R_half1(a) + R_half1(a_t).
  // Each sphere has Z = 2 contacts <= 4, so its flux tube is the whole
  // cross-section pi R^2 (b = R).
  ContactGraph g;
  const double r0 = 3e-6, r1 = 1e-6, ac = 0.4e-6, ab = 0.2e-6, at = 0.5e-6;
  const double s0 = 0.2, s1 = 3.0;
  g.position = {{0, 0, r0}, {0, 0, 2 * r0 + r1}};
  g.radius = {r0, r1};
  g.material = {0, 1};
  g.edges = {{0, 1, ac, r0 + r1}};
  g.bottom = {{0, ab}};
  g.top = {{1, at}};
  g.area = 1e-10;
  g.thickness = 2 * (r0 + r1);
  auto half = [](double s, double rr, double aa) {  // b = R
    return std::pow(1 - aa / rr, 1.5) / (4 * s * aa) + 1 / (M_PI * s * rr);
  };
  const double resistance =
      half(s0, r0, ab) + half(s0, r0, ac) + half(s1, r1, ac) + half(s1, r1, at);
  const double exact = g.thickness / (g.area * resistance);
  for (const auto& opt : {method(LinearMethod::cg), method(LinearMethod::cholmod)})
    EXPECT_NEAR(sigma_eff(g, two_conductors(s0, s1), opt) / exact, 1.0, 1e-12);
}

TEST(ConductionLattice, NoSpanningClusterGivesZeroConductivity) {
  // A lattice with an insulating middle layer (conductivity 0) does not percolate.
  auto m = two_conductors(1.0, 0.0);
  const auto g =
      testlattice::sc_lattice(3, 3, 5, r, a, a, [](int, int, int iz) { return iz == 2 ? 1 : 0; });
  EXPECT_EQ(sigma_eff(g, m), 0.0);
}
