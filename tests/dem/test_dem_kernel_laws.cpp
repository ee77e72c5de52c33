// The pair kernel is chosen once per force evaluation from the materials that have particles
// (PairTable::pair_kernel, issue 8). These tests check the choice, and that a specialised kernel
// gives bitwise the results of the general one on the same contact states, so that choosing it
// cannot change a simulation.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <random>

#include "dem_test_util.hpp"
// the internal contact kernel, to compare its specialisations contact by contact
#include "../../src/dem/contact_kernel.hpp"

namespace electrodem::dem {
namespace {

using testing::elastic_material;

Material yielding(const std::string& name) {
  Material m = elastic_material(name, 22e9, 1640.0, 0.5, 0.3);
  m.yield_pressure = 0.3e9;
  return m;
}

PairTable table_of(const std::vector<Material>& materials) {
  MaterialSet set;
  set.materials = materials;
  return {set, WallMaterial{}, "", true};
}

constexpr std::uint64_t kAll = ~std::uint64_t{0};
std::uint64_t only(int m) {
  return PairTable::material_bit(m);
}

TEST(PairKernel, OneLawWithoutExtrasGetsItsKernel) {
  const Material a = elastic_material("A", 20e9, 2000.0, 0.5, 0.3);
  const Material b = elastic_material("B", 150e9, 4800.0, 0.5, 0.3);
  EXPECT_EQ(table_of({a, b}).pair_kernel(kAll), KernelLaws::hertz);  // two elastic solids
  EXPECT_EQ(table_of({yielding("S"), yielding("T")}).pair_kernel(kAll), KernelLaws::thornton_ning);
}

TEST(PairKernel, MixedLawsOrExtrasNeedTheGeneralKernel) {
  const Material a = elastic_material("A", 20e9, 2000.0, 0.5, 0.3);
  EXPECT_EQ(table_of({a, yielding("S")}).pair_kernel(kAll), KernelLaws::any);
  Material rolling = a;
  rolling.rolling_friction = 0.05;
  EXPECT_EQ(table_of({rolling}).pair_kernel(kAll), KernelLaws::any);
  Material sticky = a;
  sticky.surface_energy = 0.1;
  EXPECT_EQ(table_of({sticky}).pair_kernel(kAll), KernelLaws::any);
  Material welding = yielding("W");
  welding.weld_strength = 370e6;
  welding.weld_shear_strength = 370e6;
  EXPECT_EQ(table_of({welding}).pair_kernel(kAll), KernelLaws::any);
}

TEST(PairKernel, MaterialsWithoutParticlesDoNotCount) {
  // a config's material set also holds library materials that no particle uses
  const PairTable t = table_of({elastic_material("A"), yielding("S")});
  EXPECT_EQ(t.pair_kernel(only(0)), KernelLaws::hertz);
  EXPECT_EQ(t.pair_kernel(only(1)), KernelLaws::thornton_ning);
  EXPECT_EQ(t.pair_kernel(only(0) | only(1)), KernelLaws::any);
  EXPECT_EQ(t.pair_kernel(0), KernelLaws::any);
}

TEST(PairKernel, MaterialsFromSixtyThreeOnShareTheLastBit) {
  EXPECT_EQ(PairTable::material_bit(63), PairTable::material_bit(200));
  EXPECT_NE(PairTable::material_bit(62), PairTable::material_bit(63));
}

bool same_bits(double x, double y) {
  return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
}

bool same_bits(V3 a, V3 b) {
  return same_bits(a.x, b.x) && same_bits(a.y, b.y) && same_bits(a.z, b.z);
}

// Random contact states over loading, unloading, sliding and separation; every output and the
// history must match bit for bit.
template <KernelLaws L>
void expect_same_as_general(const PairParams& pp) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  const double r_eff = 2.5e-6, m_eff = 1e-12, dt = 2e-9;
  int loaded = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    V3 n{u(rng), u(rng), u(rng)};
    n = (1.0 / norm(n)) * n;
    const double delta = 0.02 * r_eff * u(rng);  // < 0: apart
    const V3 v{u(rng), u(rng), u(rng)}, w{1e5 * u(rng), 1e5 * u(rng), 1e5 * u(rng)};
    detail::ContactState h_any{{1e-8 * u(rng), 1e-8 * u(rng), 1e-8 * u(rng)},
                               {},
                               std::max(0.0, 0.02 * r_eff * u(rng)),
                               WeldState::unbonded};
    detail::ContactState h_spec = h_any;
    const detail::ContactOut a =
        detail::contact<KernelLaws::any>(pp, n, delta, r_eff, m_eff, v, w, dt, h_any);
    const detail::ContactOut s = detail::contact<L>(pp, n, delta, r_eff, m_eff, v, w, dt, h_spec);
    ASSERT_TRUE(same_bits(a.force, s.force)) << "trial " << trial;
    ASSERT_TRUE(same_bits(a.roll_torque, s.roll_torque)) << "trial " << trial;
    ASSERT_TRUE(same_bits(a.fn, s.fn) && same_bits(a.a, s.a)) << "trial " << trial;
    ASSERT_EQ(a.plastic, s.plastic) << "trial " << trial;
    ASSERT_TRUE(same_bits(h_any.xi, h_spec.xi) && same_bits(h_any.mr, h_spec.mr)) << trial;
    ASSERT_TRUE(same_bits(h_any.delta_max, h_spec.delta_max)) << "trial " << trial;
    loaded += a.fn > 0.0;
  }
  EXPECT_GT(loaded, 500);  // the comparison covered loaded contacts, not only separations
}

TEST(PairKernel, HertzKernelMatchesTheGeneralOneBitForBit) {
  const PairTable t = table_of({elastic_material("A", 20e9, 2000.0, 0.5, 0.3)});
  ASSERT_EQ(t.pair_kernel(kAll), KernelLaws::hertz);
  expect_same_as_general<KernelLaws::hertz>(t(0, 0));
}

TEST(PairKernel, ThorntonNingKernelMatchesTheGeneralOneBitForBit) {
  const PairTable t = table_of({yielding("S")});
  ASSERT_EQ(t.pair_kernel(kAll), KernelLaws::thornton_ning);
  expect_same_as_general<KernelLaws::thornton_ning>(t(0, 0));
}

}  // namespace
}  // namespace electrodem::dem
