// Spatial ordering of packings (packing_order.hpp, issue 8): a permutation, sorted by (z, y, x)
// cells of edge 2 r_max, idempotent, and off with packing.order = "input".
#include <algorithm>
#include <cmath>
#include <fstream>
#include <tuple>

#include <gtest/gtest.h>

#include "electrodem/core/config_node.hpp"
#include "electrodem/dem/packing_csv.hpp"
#include "electrodem/dem/packing_generate.hpp"
#include "electrodem/dem/packing_order.hpp"
#include "test_packing_util.hpp"

namespace electrodem::dem {
namespace {

Packing loose(std::uint64_t seed) {
  PackingSpec spec;
  spec.footprint = {40e-6, 40e-6};
  spec.count = 400;
  spec.components = {{0, 1.0, DiameterSpec::lognormal(4e-6, 1.3)}};
  return generate_packing(spec, testing::two_materials(), seed);
}

std::vector<std::tuple<double, double, double, double, int>> particles(const Packing& p) {
  std::vector<std::tuple<double, double, double, double, int>> v;
  for (std::size_t i = 0; i < p.size(); ++i)
    v.emplace_back(p.position[i].x(), p.position[i].y(), p.position[i].z(), p.radius[i],
                   p.material[i]);
  std::sort(v.begin(), v.end());
  return v;
}

TEST(PackingOrder, IsAPermutationSortedByCellsInZThenYThenX) {
  const Packing before = loose(5);
  Packing p = before;
  order_spatially(p);
  EXPECT_EQ(particles(p), particles(before));  // the same particles, bitwise
  EXPECT_EQ(p.footprint, before.footprint);
  EXPECT_EQ(p.height, before.height);
  const double h = 2.0 * *std::max_element(p.radius.begin(), p.radius.end());
  auto cell = [h](const Eigen::Vector3d& x) {
    return std::make_tuple(std::floor(x.z() / h), std::floor(x.y() / h), std::floor(x.x() / h));
  };
  for (std::size_t i = 1; i < p.size(); ++i)
    ASSERT_LE(cell(p.position[i - 1]), cell(p.position[i])) << "particle " << i;
  // the generator places the largest first, at random heights: the order really changed
  EXPECT_NE(p.position, before.position);
}

TEST(PackingOrder, IsIdempotent) {
  Packing p = loose(6);
  order_spatially(p);
  Packing q = p;
  order_spatially(q);
  EXPECT_EQ(q.position, p.position);
  EXPECT_EQ(q.radius, p.radius);
  EXPECT_EQ(q.material, p.material);
}

TEST(PackingOrder, InputOrderKeepsTheCsvRows) {
  const auto mats = testing::two_materials();
  const Packing p = loose(7);
  const auto dir = testing::scratch_dir("order_input");
  write_packing_csv(dir / "p.csv", p, mats);
  for (const char* order : {"input", "spatial"}) {
    ConfigReader r(
        Json::parse(std::string(R"({"packing": {"import": "p.csv", "order": ")") + order + "\"}}"));
    const auto s = parse_packing(r.root().child("packing"), mats, dir);
    ASSERT_NO_THROW(r.finish());
    const Packing q = build_packing(s, mats, 0);
    if (std::string(order) == "input")
      EXPECT_EQ(q.position, p.position);
    else
      EXPECT_NE(q.position, p.position);
    EXPECT_EQ(particles(q), particles(p));
  }
}

TEST(PackingOrder, UnknownOrderIsAnInputError) {
  ConfigReader r(Json::parse(R"({"packing": {"count": 10, "order": "hilbert"}})"));
  parse_packing(r.root().child("packing"), testing::two_materials());
  try {
    r.finish();
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("packing.order"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace electrodem::dem
