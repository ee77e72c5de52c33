// Random sequential addition: no overlaps, walls respected, loose solid
// fraction, reproducibility.
#include <cstring>

#include <gtest/gtest.h>

#include "electrodem/core/error.hpp"
#include "electrodem/dem/packing_generate.hpp"
#include "test_packing_util.hpp"

namespace electrodem::dem {
namespace {
using testing::two_materials;

PackingSpec bidisperse(long long n, double ratio = 8.0 / 3.0) {
  PackingSpec s;
  s.footprint = {60e-6, 60e-6};
  s.count = n;
  auto am = DiameterSpec::lognormal(3e-6 * ratio, 1.2);
  auto se = DiameterSpec::lognormal(3e-6, 1.3);
  am.max = 3e-6 * ratio * 1.5;
  s.components = {{0, 0.6, am}, {1, 0.4, se}};
  return s;
}

// Brute force over all pairs with the minimum image in x and y: independent of
// both grids in the library.
std::size_t brute_force_overlaps(const Packing& p) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j < p.size(); ++j) {
      double dx = p.position[i].x() - p.position[j].x();
      double dy = p.position[i].y() - p.position[j].y();
      dx -= p.footprint[0] * std::round(dx / p.footprint[0]);
      dy -= p.footprint[1] * std::round(dy / p.footprint[1]);
      const double dz = p.position[i].z() - p.position[j].z();
      const double s = p.radius[i] + p.radius[j];
      if (dx * dx + dy * dy + dz * dz < s * s) ++n;
    }
  return n;
}

TEST(PackingGenerate, NoOverlapsInsideBox) {
  const auto mats = two_materials();
  GenerationReport rep;
  const auto p = generate_packing(bidisperse(5000), mats, 7, &rep);
  ASSERT_EQ(p.size(), 5000u);
  EXPECT_EQ(brute_force_overlaps(p), 0u);
  const auto chk = check_overlaps(p);
  EXPECT_EQ(chk.pair_overlaps, 0u);
  EXPECT_EQ(chk.wall_overlaps, 0u);
  for (std::size_t i = 0; i < p.size(); ++i) {
    ASSERT_GE(p.position[i].x(), 0.0);
    ASSERT_LT(p.position[i].x(), p.footprint[0]);
    ASSERT_GE(p.position[i].y(), 0.0);
    ASSERT_LT(p.position[i].y(), p.footprint[1]);
    ASSERT_GE(p.position[i].z() - p.radius[i], 0.0);
    ASSERT_LE(p.position[i].z() + p.radius[i], p.height);
  }
  // Loose packing at the requested solid fraction (no growth needed at 0.3).
  EXPECT_EQ(rep.height_growths, 0);
  EXPECT_NEAR(rep.solid_fraction, 0.3, 1e-12);
  double v = 0.0;
  for (double r : p.radius) v += testing::sphere_volume(r);
  EXPECT_NEAR(v / (p.footprint[0] * p.footprint[1] * p.height), 0.3, 1e-12);
}

TEST(PackingGenerate, WideSizeRatioNoOverlaps) {
  // Size ratio 10 in diameter: big spheres span many grid cells.
  auto s = bidisperse(4000, 10.0);
  s.footprint = {150e-6, 150e-6};
  const auto p = generate_packing(s, two_materials(), 8);
  EXPECT_EQ(brute_force_overlaps(p), 0u);
}

TEST(PackingGenerate, UsesTheDrawnRadii) {
  const auto mats = two_materials();
  const auto s = bidisperse(3000);
  const auto drawn = draw_particles(s, mats, 9);
  const auto p = generate_packing(s, mats, 9);
  EXPECT_EQ(drawn.radius, p.radius);
  EXPECT_EQ(drawn.material, p.material);
}

bool bitwise_equal(const Packing& a, const Packing& b) {
  if (a.size() != b.size() || a.height != b.height) return false;
  return std::memcmp(a.position.data(), b.position.data(), a.size() * sizeof(Eigen::Vector3d)) ==
             0 &&
         std::memcmp(a.radius.data(), b.radius.data(), a.size() * sizeof(double)) == 0 &&
         a.material == b.material;
}

TEST(PackingGenerate, SameSeedBitwiseIdenticalOtherSeedDifferent) {
  const auto mats = two_materials();
  const auto s = bidisperse(3000);
  const auto a = generate_packing(s, mats, 42);
  const auto b = generate_packing(s, mats, 42);
  const auto c = generate_packing(s, mats, 43);
  EXPECT_TRUE(bitwise_equal(a, b));
  EXPECT_FALSE(bitwise_equal(a, c));
  EXPECT_NE(a.position[0], c.position[0]);
}

TEST(PackingGenerate, GrowsTheBoxWhenJammed) {
  // Monodisperse RSA jams near a solid fraction of 0.38 (Torquato 2002), so
  // asking for 0.5 must make the box taller, and still leave no overlap.
  PackingSpec s;
  s.footprint = {30e-6, 30e-6};
  s.count = 1500;
  s.initial_solid_fraction = 0.5;
  s.components = {{1, 1.0, DiameterSpec::normal(3e-6, 0.0)}};
  GenerationReport rep;
  const auto p = generate_packing(s, two_materials(), 3, &rep);
  EXPECT_GT(rep.height_growths, 0);
  EXPECT_GT(rep.height, rep.initial_height);
  EXPECT_LT(rep.solid_fraction, 0.5);
  EXPECT_EQ(brute_force_overlaps(p), 0u);
  EXPECT_EQ(check_overlaps(p).wall_overlaps, 0u);
}

TEST(PackingGenerate, OverlapCheckFindsPlantedOverlaps) {
  Packing p;
  p.footprint = {10e-6, 10e-6};
  p.height = 10e-6;
  p.radius = {1e-6, 1e-6, 1e-6};
  p.material = {0, 0, 0};
  // 0 and 1 overlap across the periodic x boundary; 2 pokes through the floor.
  p.position = {{0.5e-6, 5e-6, 5e-6}, {9.0e-6, 5e-6, 5e-6}, {5e-6, 5e-6, 0.5e-6}};
  const auto c = check_overlaps(p);
  EXPECT_EQ(c.pair_overlaps, 1u);
  EXPECT_EQ(c.wall_overlaps, 1u);
  EXPECT_NEAR(c.max_relative_overlap, 0.25, 1e-9);
  // Outside the box (below the floor) overlaps are still found.
  p.position[0].z() = p.position[1].z() = -5e-6;
  EXPECT_EQ(check_overlaps(p).pair_overlaps, 1u);
  EXPECT_EQ(check_overlaps(p).wall_overlaps, 3u);
}

TEST(PackingGenerate, OverlapCheckAgreesWithBruteForce) {
  // Shrink the box of a generated packing so that many pairs overlap, some
  // across the periodic boundary, then compare with the all-pairs count.
  auto s = bidisperse(2000, 10.0);
  s.footprint = {150e-6, 150e-6};
  auto p = generate_packing(s, two_materials(), 4);
  for (auto& x : p.position) x *= 0.8;
  p.footprint[0] *= 0.8, p.footprint[1] *= 0.8, p.height *= 0.8;
  const std::size_t expected = brute_force_overlaps(p);
  EXPECT_GT(expected, 100u);
  EXPECT_EQ(check_overlaps(p).pair_overlaps, expected);
}

TEST(PackingGenerate, FootprintTooSmallIsInputError) {
  PackingSpec s;
  s.footprint = {10e-6, 10e-6};
  s.count = 10;
  s.components = {{0, 1.0, DiameterSpec::normal(8e-6, 0.0)}};
  try {
    generate_packing(s, two_materials(), 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).path, "packing.footprint");
  }
}

}  // namespace
}  // namespace electrodem::dem
