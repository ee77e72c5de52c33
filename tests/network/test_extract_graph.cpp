// Contact graph extraction from a pressed DEM state.
#include <gtest/gtest.h>

#include <cstdlib>

#include "../dem/dem_test_util.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/dem/compaction.hpp"
#include "electrodem/network/extract_graph.hpp"
#include "electrodem/network/phase_network.hpp"

using namespace electrodem;
using namespace electrodem::dem;

TEST(ExtractGraph, EdgesAreLoadedContactsAndWallsAreTerminals) {
  Material m = dem::testing::elastic_material("SE", 22e9, 1640, 0.5, 0.3);
  m.yield_pressure = 0.5e9;
  DemParams dp;
  if (std::getenv("DEM_DT")) dp.time_step_safety = std::atof(std::getenv("DEM_DT"));
  if (std::getenv("DEM_MU")) m.friction = std::atof(std::getenv("DEM_MU"));
  if (std::getenv("DEM_LD")) dp.local_damping = std::atof(std::getenv("DEM_LD"));
  if (std::getenv("DEM_CV")) dp.conserve_volume = std::atoi(std::getenv("DEM_CV"));
  if (std::getenv("DEM_VD")) dp.viscous_damping = std::atoi(std::getenv("DEM_VD"));
  System s(dem::testing::random_packing(150, 2e-6, 14e-6, 0.33, 2), dem::testing::one_material(m),
           dp);
  Logger log(std::getenv("DEM_VERBOSE") == nullptr);
  PressParams pp;
  pp.pressure = 50e6;
  pp.servo.inertia_number = 1e-2;
  pp.servo.unbalanced_tolerance = 0.05;
  pp.servo.hold_max_steps = 2000;
  press(s, pp, log);
  const network::ContactGraph g = network::extract_graph(s);
  ASSERT_EQ(g.size(), s.p.size());
  EXPECT_DOUBLE_EQ(g.area, s.box.area());
  EXPECT_DOUBLE_EQ(g.thickness, s.thickness());
  std::size_t loaded = 0;
  for (double a : s.pair_results().a) loaded += a > 0;
  EXPECT_EQ(g.edges.size(), loaded);
  ASSERT_GT(g.edges.size(), s.p.size());  // a connected pressed network
  for (const auto& e : g.edges) {
    EXPECT_GT(e.contact_radius, 0.0);
    EXPECT_LT(e.distance, g.radius[e.i] + g.radius[e.j]);  // overlapping (minimum image)
    EXPECT_LT(e.i, e.j);
  }
  EXPECT_FALSE(g.bottom.empty());
  EXPECT_FALSE(g.top.empty());
  for (const auto& t : g.top) EXPECT_GT(g.position[t.node].z(), 0.5 * g.thickness);
  for (const auto& t : g.bottom) EXPECT_LT(g.position[t.node].z(), 0.5 * g.thickness);
  // Solid volumes are the DEM's: their sum is its true solid volume.
  const auto vol = network::particle_solid_volume(g);
  double sum = 0.0;
  for (double v : vol) sum += v;
  EXPECT_NEAR(sum / s.solid_volume(), 1.0, 1e-12);
}
