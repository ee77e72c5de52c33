// Conductance model: Holm limit, flux-tube/cylinder limit, closed form of a
// two-sphere link (docs/conductance.md).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "electrodem/network/conductance.hpp"

using namespace electrodem::network;

namespace {
// The model's closed form, written out independently of the implementation.
double half(double sigma, double r, double a) {
  return std::pow(1.0 - a / r, 1.5) / (4.0 * sigma * a) + 1.0 / (std::numbers::pi * sigma * r);
}
}  // namespace

TEST(Conductance, HolmModelIsTheHalfSpaceConstriction) {
  // Holm (1967): R = 1/(4 sigma a) per side of a circular spot.
  EXPECT_DOUBLE_EQ(half_link_resistance(2.0, 1e-6, 1e-7, ContactModel::holm),
                   1.0 / (4 * 2.0 * 1e-7));
  EXPECT_DOUBLE_EQ(link_conductance(2.0, 1e-6, 2.0, 3e-6, 1e-7, ContactModel::holm),
                   4 * 2.0 * 1e-7 / 2);
}

TEST(Conductance, FluxTubeTendsToHolmForSmallContacts) {
  // R_half = 1/(4 sigma a) (1 + O(a/R)): the relative difference shrinks like a/R.
  const double sigma = 0.3, r = 4e-6;
  for (double e : {1e-3, 1e-4, 1e-5}) {
    const double holm = 1.0 / (4 * sigma * e * r);
    const double rel = half_link_resistance(sigma, r, e * r) / holm - 1.0;
    EXPECT_LT(std::abs(rel), 0.3 * e) << "a/R = " << e;  // -3/2 e + 4/pi e = -0.227 e
  }
}

TEST(Conductance, FluxTubeTendsToCylinderWhenContactFillsParticle) {
  // a -> R: no constriction left, the half is a cylinder of radius R, length R.
  const double sigma = 1.7, r = 2e-6;
  EXPECT_DOUBLE_EQ(half_link_resistance(sigma, r, r), 1.0 / (std::numbers::pi * sigma * r));
  EXPECT_DOUBLE_EQ(half_link_resistance(sigma, r, 1.5 * r), 1.0 / (std::numbers::pi * sigma * r));
  EXPECT_NEAR(half_link_resistance(sigma, r, (1 - 1e-9) * r) * std::numbers::pi * sigma * r, 1.0,
              1e-12);
}

TEST(Conductance, TwoSphereLinkEqualsClosedForm) {
  const double si = 0.23, sj = 5.0, ri = 3e-6, rj = 1e-6;
  for (double a : {1e-9, 1e-8, 1e-7, 5e-7, 9e-7}) {
    const double expected = 1.0 / (half(si, ri, a) + half(sj, rj, a));
    EXPECT_NEAR(link_conductance(si, ri, sj, rj, a) / expected, 1.0, 1e-14) << "a = " << a;
    EXPECT_NEAR(terminal_conductance(si, ri, a) * half(si, ri, a), 1.0, 1e-14);
  }
}

TEST(Conductance, NonConductingOrOpenContactsGiveZero) {
  EXPECT_EQ(link_conductance(0.0, 1e-6, 1.0, 1e-6, 1e-7), 0.0);
  EXPECT_EQ(link_conductance(1.0, 1e-6, 1.0, 1e-6, 0.0), 0.0);
  EXPECT_EQ(terminal_conductance(0.0, 1e-6, 1e-7), 0.0);
  EXPECT_EQ(terminal_conductance(1.0, 1e-6, -1e-7), 0.0);
}

TEST(Conductance, GrowsMonotonicallyWithContactRadius) {
  double last = 0.0;
  for (int k = 1; k <= 100; ++k) {
    const double gk = link_conductance(1.0, 1.0, 1.0, 1.0, k / 100.0);
    EXPECT_GT(gk, last) << "a/R = " << k / 100.0;
    last = gk;
  }
}
