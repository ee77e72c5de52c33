// Exact network results: simple-cubic lattice, series and parallel layers,
// two spheres between the walls (docs/conductance.md).
#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace

TEST(ConductionLattice, SimpleCubicMatchesNetworkAnalyticValue) {
  // Each column: (nz - 1) links g and two wall half-links g_w in series;
  // nx ny columns in parallel. sigma_eff = I H / (A dV) = nz / (2 r R_column).
  const int nx = 7, ny = 6, nz = 9;
  const double sigma = 0.37, a_wall = 0.45e-6;
  const auto g = testlattice::sc_lattice(nx, ny, nz, r, a, a_wall, [](int, int, int) { return 0; });
  const double gl = link_conductance(sigma, r, sigma, r, a);
  const double gw = terminal_conductance(sigma, r, a_wall);
  const double column = (nz - 1) / gl + 2 / gw;
  const double exact = nz / (2 * r * column);
  for (const auto& opt :
       {method(LinearMethod::cg), method(LinearMethod::cg, Preconditioner::amg),
        method(LinearMethod::cg, Preconditioner::diagonal), method(LinearMethod::cholmod)}) {
    const double s = sigma_eff(g, two_conductors(sigma, sigma), opt);
    EXPECT_NEAR(s / exact, 1.0, 1e-8)
        << to_string(opt.method) << " " << to_string(opt.preconditioner);
  }
}

TEST(ConductionLattice, SimpleCubicDenseLimitIsCylinderBundle) {
  // a = R everywhere: every half is a cylinder of radius R and length R, so
  // the lattice is a bundle of touching cylinders, sigma_eff = pi/4 sigma.
  const double sigma = 2.0;
  const auto g = testlattice::sc_lattice(4, 4, 6, r, r, r, [](int, int, int) { return 0; });
  EXPECT_NEAR(sigma_eff(g, two_conductors(sigma, sigma)) / (M_PI / 4 * sigma), 1.0, 1e-9);
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
  const double arithmetic = (n0 * s0 + (nx - n0) * s1) / nx;
  for (const auto& opt : {method(LinearMethod::cg), method(LinearMethod::cholmod)}) {
    const double ratio =
        sigma_eff(g, two_conductors(s0, s1), opt) / sigma_eff(ref, two_conductors(1, 1), opt);
    EXPECT_NEAR(ratio / arithmetic, 1.0, 1e-8);
  }
}

TEST(ConductionLattice, TwoSpheresBetweenWallsEqualClosedForm) {
  // wall - sphere 0 - sphere 1 - wall: R = R_half0(a_b) + R_half0(a) + R_half1(a) + R_half1(a_t).
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
  auto half = [](double s, double rr, double aa) {
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
