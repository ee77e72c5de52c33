// Conductance model: Holm limit, flux-tube limit, per-contact share of the
// particle, closed form of a two-sphere link, and a dense FCC pack whose
// effective conductivity is bounded below the bulk value (docs/conductance.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "electrodem/network/conductance.hpp"
#include "electrodem/network/phase_network.hpp"
#include "lattice.hpp"

using namespace electrodem;
using namespace electrodem::network;

namespace {
// The model's closed form, written out independently of the implementation:
// tube radius b = R min(1, 2/sqrt(Z)), R_half = psi(a/b)/(4 sigma a) + R/(sigma pi b^2).
double half(double sigma, double r, int z, double a) {
  const double b = r * std::min(1.0, 2.0 / std::sqrt(double(z)));
  a = std::min(a, b);
  return std::pow(1.0 - a / b, 1.5) / (4.0 * sigma * a) + r / (std::numbers::pi * sigma * b * b);
}
}  // namespace

TEST(Conductance, HolmModelIsTheHalfSpaceConstriction) {
  // Holm (1967): R = 1/(4 sigma a) per side of a circular spot, whatever Z.
  EXPECT_DOUBLE_EQ(half_link_resistance(2.0, 1e-6, 7, 1e-7, ContactModel::holm),
                   1.0 / (4 * 2.0 * 1e-7));
  EXPECT_DOUBLE_EQ(link_conductance(2.0, 1e-6, 3, 2.0, 3e-6, 12, 1e-7, ContactModel::holm),
                   4 * 2.0 * 1e-7 / 2);
}

TEST(Conductance, FluxTubeTendsToHolmForSmallContacts) {
  // R_half = 1/(4 sigma a) (1 + c e + O(e^2)), e = a/R, beta = b/R:
  // c = -3/(2 beta) + 4/(pi beta^2), second order 3/8 e^2/beta^2.
  const double sigma = 0.3, r = 4e-6;
  for (int z : {2, 6, 12}) {
    const double beta = std::min(1.0, 2.0 / std::sqrt(double(z)));
    const double c = -1.5 / beta + 4.0 / (std::numbers::pi * beta * beta);
    for (double e : {1e-3, 1e-4, 1e-5}) {
      const double holm = 1.0 / (4 * sigma * e * r);
      const double rel = half_link_resistance(sigma, r, z, e * r) / holm - 1.0;
      EXPECT_NEAR(rel / e, c, e / (beta * beta)) << "Z = " << z << ", a/R = " << e;
    }
  }
}

TEST(Conductance, FluxTubeTendsToTubeWhenContactFillsIt) {
  // a >= b: no constriction left, the half is the tube, R/(sigma A_c) with
  // A_c = 4 pi R^2 / Z (Z >= 4) or pi R^2 (Z <= 4, the old cylinder value).
  const double sigma = 1.7, r = 2e-6;
  EXPECT_DOUBLE_EQ(half_link_resistance(sigma, r, 1, r), 1.0 / (std::numbers::pi * sigma * r));
  EXPECT_DOUBLE_EQ(half_link_resistance(sigma, r, 4, 1.5 * r),
                   1.0 / (std::numbers::pi * sigma * r));
  for (int z : {6, 9, 12, 14}) {
    const double b = flux_tube_radius(r, z);
    EXPECT_NEAR(b / r, 2.0 / std::sqrt(double(z)), 1e-15);
    EXPECT_NEAR(half_link_resistance(sigma, r, z, b) * 4 * std::numbers::pi * sigma * r / z, 1.0,
                1e-14);
    EXPECT_NEAR(
        half_link_resistance(sigma, r, z, (1 - 1e-9) * b) / half_link_resistance(sigma, r, z, b),
        1.0, 1e-9);
  }
}

TEST(Conductance, TubesOfAParticleDissipateLikeItsVolumeInAnAffineField) {
  // The share's defining property (conductance.cpp): with a >= b, the Z tubes of
  // a particle with isotropic/cubic contact normals dissipate in a uniform field
  // exactly what its volume does, sum_c g_c (R n_c.e)^2 = sigma (4/3 pi R^3),
  // and their conductances sum to 4 pi sigma R whatever Z >= 4.
  const double sigma = 0.2, r = 3e-6;
  const double s2 = 1.0 / std::sqrt(2.0);
  const std::vector<Eigen::Vector3d> fcc = {{s2, s2, 0}, {s2, -s2, 0}, {-s2, s2, 0}, {-s2, -s2, 0},
                                            {s2, 0, s2}, {s2, 0, -s2}, {-s2, 0, s2}, {-s2, 0, -s2},
                                            {0, s2, s2}, {0, s2, -s2}, {0, -s2, s2}, {0, -s2, -s2}};
  const std::vector<Eigen::Vector3d> sc = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                           {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
  for (const auto* normals : {&fcc, &sc}) {
    const int z = static_cast<int>(normals->size());
    const double gc = 1.0 / half_link_resistance(sigma, r, z, r);
    EXPECT_NEAR(z * gc / (4 * std::numbers::pi * sigma * r), 1.0, 1e-14);
    for (const Eigen::Vector3d& e :
         {Eigen::Vector3d(0, 0, 1), Eigen::Vector3d(1, 2, 3).normalized()}) {
      double p = 0;
      for (const auto& n : *normals) p += gc * std::pow(r * n.dot(e), 2);
      EXPECT_NEAR(p / (sigma * 4.0 / 3.0 * std::numbers::pi * r * r * r), 1.0, 1e-13)
          << "Z = " << z;
    }
  }
}

TEST(Conductance, TwoSphereLinkEqualsClosedForm) {
  const double si = 0.23, sj = 5.0, ri = 3e-6, rj = 1e-6;
  for (int zi : {1, 6, 12})
    for (double a : {1e-9, 1e-8, 1e-7, 5e-7, 9e-7}) {
      const int zj = 13 - zi;
      const double expected = 1.0 / (half(si, ri, zi, a) + half(sj, rj, zj, a));
      EXPECT_NEAR(link_conductance(si, ri, zi, sj, rj, zj, a) / expected, 1.0, 1e-14)
          << "a = " << a;
      EXPECT_NEAR(terminal_conductance(si, ri, zi, a) * half(si, ri, zi, a), 1.0, 1e-14);
    }
}

TEST(Conductance, NonConductingOrOpenContactsGiveZero) {
  EXPECT_EQ(link_conductance(0.0, 1e-6, 6, 1.0, 1e-6, 6, 1e-7), 0.0);
  EXPECT_EQ(link_conductance(1.0, 1e-6, 6, 1.0, 1e-6, 6, 0.0), 0.0);
  EXPECT_EQ(terminal_conductance(0.0, 1e-6, 6, 1e-7), 0.0);
  EXPECT_EQ(terminal_conductance(1.0, 1e-6, 6, -1e-7), 0.0);
}

TEST(Conductance, GrowsMonotonicallyWithContactRadiusAndFallsWithCoordination) {
  for (int z : {2, 6, 12}) {
    double last = 0.0;
    for (int k = 1; k <= 100; ++k) {
      const double gk = link_conductance(1.0, 1.0, z, 1.0, 1.0, z, k / 100.0);
      EXPECT_GE(gk, last) << "a/R = " << k / 100.0;
      if (k / 100.0 < flux_tube_radius(1.0, z)) {
        EXPECT_GT(gk, last) << "a/R = " << k / 100.0;
      }
      last = gk;
    }
  }
  EXPECT_GT(link_conductance(1.0, 1.0, 6, 1.0, 1.0, 6, 0.5),
            link_conductance(1.0, 1.0, 12, 1.0, 1.0, 12, 0.5));
}

TEST(Conductance, ContactCountsIncludeWallsAndSkipOpenContacts) {
  ContactGraph g;
  g.radius = {1, 1, 1};
  g.edges = {{0, 1, 0.1, 2}, {1, 2, 0.1, 2}, {0, 2, 0.0, 2}};
  g.bottom = {{0, 0.2}};
  g.top = {{2, 0.0}};
  EXPECT_EQ(contact_counts(g), (std::vector<int>{2, 2, 1}));
}

TEST(Conductance, DenseFccPackStaysBelowBulk) {
  // FCC lattice of touching spheres (Z = 12 inside, phi = 0.74) with large
  // contacts. By Thomson's principle the dissipation of the affine potential
  // (0 at the bottom wall, dV at the top) bounds the network's:
  // sigma_eff = I H / (A dV) <= H / (A dV^2) sum g (dphi_affine)^2.
  // The old full-cross-section bulk term gave ~2.2 sigma here.
  const double r = 2e-6, sigma = 0.2, dv = 1.0;
  dem::MaterialSet m;
  dem::Material se;
  se.role = dem::Role::electrolyte;
  se.ionic_conductivity = sigma;
  m.materials.push_back(se);
  for (double a : {0.3 * r, 0.6 * r, r}) {
    const auto g = testlattice::fcc_lattice(8, 8, 10, r, a, a);
    const auto net = build_phase_network(g, m, Phase::ionic);
    const double h = g.thickness;
    auto phi = [&](int k) { return dv * g.position[static_cast<std::size_t>(k)].z() / h; };
    double p = 0;
    for (std::size_t e = 0; e < g.edges.size(); ++e)
      p += net.edge_g[e] * std::pow(phi(g.edges[e].i) - phi(g.edges[e].j), 2);
    for (std::size_t t = 0; t < g.bottom.size(); ++t)
      p += net.bottom_g[t] * std::pow(phi(g.bottom[t].node), 2);
    for (std::size_t t = 0; t < g.top.size(); ++t)
      p += net.top_g[t] * std::pow(dv - phi(g.top[t].node), 2);
    const double bound = p * h / (g.area * dv * dv);
    std::printf("FCC a/R = %.1f: sigma_eff / sigma_bulk <= %.4f\n", a / r, bound / sigma);
    EXPECT_LT(bound, sigma) << "a/R = " << a / r;
  }
}

namespace {
// Constriction parameter of a circular spot of radius a = eps b at the end of a
// semi-infinite insulated circular flux tube of radius b, from the Fourier-Bessel
// series of the tube (separation of variables), normalised to Holm's half-space
// value (psi -> 1 as eps -> 0). The spot carries the flux distribution of an
// equipotential spot on a half-space, q ~ (a^2 - r^2)^-1/2, and R is taken from
// the flux-weighted mean spot potential:
//   psi(eps) = 4/(pi eps) sum_n sin^2(d_n eps) / (d_n^3 J0(d_n)^2),  J1(d_n) = 0.
// By Thomson's principle this is an upper bound of the exact equipotential-spot
// value. Roots by Newton from McMahon's estimate for the first 2000 terms, the
// tail with the asymptotic d_n and J0(d_n)^2 = 2/(pi d_n).
double psi_series(double eps) {
  const double pi = std::numbers::pi;
  double sum = 0;
  for (int n = 1; n <= 1000000; ++n) {
    const double m = (n + 0.25) * pi;
    double d = m - 3.0 / (8.0 * m);
    double j0sq = 2.0 / (pi * d);
    if (n <= 2000) {
      for (int it = 0; it < 20; ++it) {
        const double j1 = std::cyl_bessel_j(1.0, d), j0 = std::cyl_bessel_j(0.0, d);
        const double step = j1 / (j0 - j1 / d);  // J1' = J0 - J1/x
        d -= step;
        if (std::abs(step) < 1e-14 * d) break;
      }
      const double j0 = std::cyl_bessel_j(0.0, d);
      j0sq = j0 * j0;
    }
    const double s = std::sin(d * eps);
    sum += s * s / (d * d * d * j0sq);
  }
  return 4.0 / (pi * eps) * sum;
}
}  // namespace

TEST(Conductance, FluxTubeFactorAgainstTheTubeSeries) {
  // psi(e) = (1 - e)^1.5 (flux_tube_factor) against the series solution above;
  // measured ratios (1 - e)^1.5 / psi_series: 0.993-0.999 for e <= 0.3, 1.013
  // (0.4), 1.040 (0.5), 1.08 (0.6), 1.14 (0.7, 0.8) -- docs/conductance.md §10.
  EXPECT_NEAR(psi_series(1e-3), 1.0, 2e-3);  // Holm's half-space limit
  for (double e : {0.1, 0.2, 0.3, 0.4}) {
    const double ratio = flux_tube_factor(e) / psi_series(e);
    std::printf("a/b = %.1f: (1 - a/b)^1.5 / psi_series = %.3f\n", e, ratio);
    EXPECT_NEAR(ratio, 1.0, 0.015) << "e = " << e;
  }
  EXPECT_NEAR(flux_tube_factor(0.5) / psi_series(0.5), 1.0, 0.05);
  for (double e : {0.6, 0.7, 0.8}) {
    const double ratio = flux_tube_factor(e) / psi_series(e);
    std::printf("a/b = %.1f: (1 - a/b)^1.5 / psi_series = %.3f\n", e, ratio);
    EXPECT_GT(ratio, 1.0) << "e = " << e;
    EXPECT_LT(ratio, 1.16) << "e = " << e;
  }
}
