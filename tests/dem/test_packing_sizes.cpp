// Size distributions and composition of generated packings.
//
// Tolerances: the issue asks for mean and std of radii within 2 % for
// N >= 5000. We draw N = 50 000 so that 2 % is several standard errors (the
// relative standard error of a sample std is sqrt((kurtosis - 1) / 4N), 0.3 %
// for a normal, 0.6 % for the lognormal used here): a pass is not luck of the
// seed, and a wrong transform (e.g. gsd used as sigma) fails by far.
#include <fstream>

#include <gtest/gtest.h>

#include "electrodem/dem/packing_csv.hpp"
#include "electrodem/dem/packing_generate.hpp"
#include "test_packing_util.hpp"

namespace electrodem::dem {
namespace {
using testing::stats;
using testing::two_materials;

constexpr long long kN = 50000;

PackingSpec single(DiameterSpec d, long long n = kN) {
  PackingSpec s;
  s.footprint = {200e-6, 200e-6};
  s.count = n;
  s.components = {{0, 1.0, std::move(d)}};
  return s;
}

void expect_radii(const Packing& p, double mean_d, double std_d, const char* what) {
  const auto st = stats(p.radius);
  EXPECT_NEAR(st.mean, 0.5 * mean_d, 0.02 * 0.5 * mean_d) << what << " mean";
  EXPECT_NEAR(st.std, 0.5 * std_d, 0.02 * 0.5 * std_d) << what << " std";
}

TEST(PackingSizes, Normal) {
  DiameterSpec d;
  d.kind = SizeDistribution::normal;
  d.mean = 5e-6;
  d.std = 0.8e-6;
  const auto p = draw_particles(single(d), two_materials(), 11);
  ASSERT_EQ(p.size(), std::size_t(kN));
  expect_radii(p, 5e-6, 0.8e-6, "normal");
}

TEST(PackingSizes, Lognormal) {
  DiameterSpec d;
  d.kind = SizeDistribution::lognormal;
  d.median = 4e-6;
  d.gsd = 1.3;
  // Closed form: mean = median exp(s^2/2), std = mean sqrt(exp(s^2) - 1), s = ln gsd.
  const double s = std::log(1.3);
  const double mean = 4e-6 * std::exp(0.5 * s * s);
  const double sd = mean * std::sqrt(std::exp(s * s) - 1.0);
  const auto m = diameter_moments(d);
  EXPECT_NEAR(m.mean, mean, 1e-9 * mean);
  EXPECT_NEAR(m.std, sd, 1e-8 * sd);
  EXPECT_NEAR(m.mean_cube, std::pow(4e-6, 3) * std::exp(4.5 * s * s), 1e-9 * m.mean_cube);
  expect_radii(draw_particles(single(d), two_materials(), 12), mean, sd, "lognormal");
}

TEST(PackingSizes, Uniform) {
  DiameterSpec d;
  d.kind = SizeDistribution::uniform;
  d.min = 2e-6;
  d.max = 6e-6;
  const auto p = draw_particles(single(d), two_materials(), 13);
  expect_radii(p, 4e-6, 4e-6 / std::sqrt(12.0), "uniform");
  for (double r : p.radius) {
    ASSERT_GE(r, 1e-6);
    ASSERT_LE(r, 3e-6);
  }
}

TEST(PackingSizes, DiscreteList) {
  DiameterSpec d;
  d.kind = SizeDistribution::list;
  d.values = {2e-6, 5e-6, 8e-6};
  d.weights = {1.0, 2.0, 1.0};
  // mean = (2 + 10 + 8)/4 = 5 um; var = (9 + 0 + 9)/4 = 4.5 um^2.
  expect_radii(draw_particles(single(d), two_materials(), 14), 5e-6, std::sqrt(4.5) * 1e-6, "list");
}

TEST(PackingSizes, CsvFile) {
  const auto dir = testing::scratch_dir("sizes_csv");
  {
    std::ofstream os(dir / "d.csv");
    os << "# measured\ndiameter [um]\n";
    for (int k = 1; k <= 10; ++k) os << k << "\n";
  }
  DiameterSpec d;
  d.kind = SizeDistribution::csv;
  d.values = read_diameter_csv(dir / "d.csv");
  ASSERT_EQ(d.values.size(), 10u);
  EXPECT_DOUBLE_EQ(d.values[9], 10e-6);
  // Equal weights on 1..10 um: mean 5.5 um, population std sqrt(8.25) um.
  expect_radii(draw_particles(single(d), two_materials(), 15), 5.5e-6, std::sqrt(8.25) * 1e-6,
               "csv");
}

TEST(PackingSizes, TruncatedNormalMomentsMatchClosedForm) {
  DiameterSpec d;
  d.kind = SizeDistribution::normal;
  d.mean = 5e-6;
  d.std = 2e-6;
  d.min = 3e-6;
  d.max = 9e-6;
  // Truncated normal (Johnson, Kotz & Balakrishnan 1994, ch. 13):
  // mean = mu + s (phi(a) - phi(b)) / Z,
  // var = s^2 [1 + (a phi(a) - b phi(b))/Z - ((phi(a) - phi(b))/Z)^2].
  const double a = (3.0 - 5.0) / 2.0, b = (9.0 - 5.0) / 2.0;
  auto phi = [](double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI); };
  auto Phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double Z = Phi(b) - Phi(a);
  const double mean = 5e-6 + 2e-6 * (phi(a) - phi(b)) / Z;
  const double var =
      4e-12 * (1 + (a * phi(a) - b * phi(b)) / Z - std::pow((phi(a) - phi(b)) / Z, 2));
  const auto m = diameter_moments(d);
  EXPECT_NEAR(m.mean, mean, 1e-9 * mean);
  EXPECT_NEAR(m.std, std::sqrt(var), 1e-8 * std::sqrt(var));
  EXPECT_NEAR(m.kept_probability, Z, 1e-9);
  const auto p = draw_particles(single(d), two_materials(), 16);
  expect_radii(p, mean, std::sqrt(var), "truncated normal");
  for (double r : p.radius) {
    ASSERT_GE(2 * r, 3e-6);
    ASSERT_LE(2 * r, 9e-6);
  }
}

TEST(PackingSizes, TruncatedLognormalWithinBounds) {
  DiameterSpec d;
  d.kind = SizeDistribution::lognormal;
  d.median = 3e-6;
  d.gsd = 1.6;
  d.min = 1.5e-6;
  d.max = 6e-6;
  const auto m = diameter_moments(d);
  const auto p = draw_particles(single(d), two_materials(), 17);
  expect_radii(p, m.mean, m.std, "truncated lognormal");
  EXPECT_LT(m.std, diameter_moments(DiameterSpec::lognormal(3e-6, 1.6)).std);
}

// Composition: AM 8 um and SE 3 um (lognormal), 60/40 by volume, N = 5000.
// About 370 AM particles carry 60 % of the volume, so drawing counts from the
// expected particle volume alone would miss by ~3 %; the deficit rule keeps
// the error below one particle volume (~0.2 %).
PackingSpec binary(FractionKind kind, double f_am) {
  PackingSpec s;
  s.footprint = {100e-6, 100e-6};
  s.count = 5000;
  s.fraction_kind = kind;
  auto am = DiameterSpec::lognormal(8e-6, 1.2);
  auto se = DiameterSpec::lognormal(3e-6, 1.3);
  s.components = {{0, f_am, am}, {1, 1.0 - f_am, se}};
  return s;
}

std::array<double, 2> fractions(const Packing& p, const MaterialSet& m, FractionKind kind) {
  std::array<double, 2> w{};
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double v = testing::sphere_volume(p.radius[i]);
    w[std::size_t(p.material[i])] +=
        kind == FractionKind::volume ? v : v * m[std::size_t(p.material[i])].density;
  }
  const double t = w[0] + w[1];
  return {w[0] / t, w[1] / t};
}

TEST(PackingComposition, VolumeFractionsWithinOnePercent) {
  const auto mats = two_materials();
  for (const double f : {0.6, 0.3, 0.85}) {
    const auto p = draw_particles(binary(FractionKind::volume, f), mats, 21);
    ASSERT_EQ(p.size(), 5000u);
    const auto got = fractions(p, mats, FractionKind::volume);
    EXPECT_NEAR(got[0], f, 0.01 * f) << "AM volume fraction";
    EXPECT_NEAR(got[1], 1 - f, 0.01 * (1 - f)) << "SE volume fraction";
  }
}

TEST(PackingComposition, MassFractionsWithinOnePercent) {
  const auto mats = two_materials();
  const auto p = draw_particles(binary(FractionKind::mass, 0.75), mats, 22);
  const auto got = fractions(p, mats, FractionKind::mass);
  EXPECT_NEAR(got[0], 0.75, 0.0075);
  // Mass fractions are not volume fractions: 0.75 by mass of 4800 vs 1900 kg/m^3
  // is 0.75/4800 / (0.75/4800 + 0.25/1900) = 0.543 by volume.
  EXPECT_NEAR(fractions(p, mats, FractionKind::volume)[0], 0.543, 0.01);
}

TEST(PackingComposition, ReportMatchesPacking) {
  const auto mats = two_materials();
  GenerationReport rep;
  const auto p = generate_packing(binary(FractionKind::volume, 0.6), mats, 23, &rep);
  const auto got = fractions(p, mats, FractionKind::volume);
  ASSERT_EQ(rep.fractions.size(), 2u);
  EXPECT_NEAR(rep.fractions[0], got[0], 1e-12);
  EXPECT_EQ(rep.counts[0] + rep.counts[1], p.size());
}

TEST(PackingSizeTarget, ThicknessGivesSolidVolume) {
  const auto mats = two_materials();
  auto s = binary(FractionKind::volume, 0.6);
  s.target = SizeTarget::thickness;
  s.thickness = 40e-6;
  s.target_relative_density = 0.8;
  const auto p = draw_particles(s, mats, 24);
  double v = 0.0;
  for (double r : p.radius) v += testing::sphere_volume(r);
  const double target = 40e-6 * 100e-6 * 100e-6 * 0.8;
  // Stops at the first particle that reaches the target: overshoot < one particle.
  EXPECT_GE(v, target);
  EXPECT_LT(v - target, testing::sphere_volume(p.radius.front()));
  EXPECT_NEAR(expected_particle_count(s, mats), double(p.size()), 0.05 * double(p.size()));
}

TEST(PackingSizeTarget, LoadingGivesAmMassPerArea) {
  const auto mats = two_materials();
  auto s = binary(FractionKind::mass, 0.7);
  s.target = SizeTarget::loading;
  s.loading = 10e-6 / 1e-4 * 0.1;  // 1 mg/cm^2 in kg/m^2 keeps the test small
  const auto p = draw_particles(s, mats, 25);
  double am = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p.material[i] == 0) am += 4800.0 * testing::sphere_volume(p.radius[i]);
  const double area = 100e-6 * 100e-6;
  EXPECT_GE(am / area, s.loading);
  EXPECT_LT(am / area - s.loading, 4800.0 * testing::sphere_volume(p.radius.front()) / area);
}

}  // namespace
}  // namespace electrodem::dem
