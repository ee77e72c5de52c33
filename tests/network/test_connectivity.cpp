// Cluster states, backbone / dead ends and utilisable AM on a hand-made graph
// whose answer is known by inspection.
#include <gtest/gtest.h>

#include <numbers>

#include "electrodem/core/error.hpp"
#include "electrodem/network/connectivity.hpp"

using namespace electrodem;
using namespace electrodem::network;

namespace {

dem::MaterialSet am_se() {
  dem::MaterialSet m;
  dem::Material am, se;
  am.name = "AM", am.role = dem::Role::active, am.electronic_conductivity = 1.0;
  am.ionic_conductivity = 1e-3;  // ignored without cross conduction
  se.name = "SE", se.role = dem::Role::electrolyte, se.ionic_conductivity = 1.0;
  se.electronic_conductivity = 1e-6;
  m.materials = {am, se};
  return m;
}

// Nodes 0..12 AM, 13..14 SE; radius 1, contacts a = 0.1 at distance 2.
//  bottom-0-1-2-top, 0-6-2 (parallel path), triangle 3-4-5 hanging at 1,
//  7 hanging at 2, isolated pair 8-9, 10 on the bottom wall only, 11-12 on
//  the top wall only, SE 13 on the top wall touching AM 10 and AM 8,
//  SE 14 alone touching AM 0.
ContactGraph hand_graph() {
  ContactGraph g;
  const int n = 15;
  for (int k = 0; k < n; ++k) {
    g.position.emplace_back(3.0 * k, 0.0, 0.0);
    g.radius.push_back(1.0);
    g.material.push_back(k < 13 ? 0 : 1);
  }
  const double a = 0.1;
  for (auto [i, j] : std::vector<std::pair<int, int>>{{0, 1},
                                                      {1, 2},
                                                      {0, 6},
                                                      {6, 2},
                                                      {1, 3},
                                                      {3, 4},
                                                      {4, 5},
                                                      {5, 3},
                                                      {2, 7},
                                                      {8, 9},
                                                      {11, 12},
                                                      {10, 13},
                                                      {8, 13},
                                                      {0, 14}})
    g.edges.push_back({i, j, a, 2.0});
  g.bottom = {{0, 0.2}, {10, 0.2}};
  g.top = {{2, 0.3}, {11, 0.2}, {13, 0.2}};
  g.area = 10.0;
  g.thickness = 5.0;
  return g;
}

}  // namespace

TEST(Connectivity, ElectronicStatesBackboneAndDeadEnds) {
  const auto g = hand_graph();
  const auto mats = am_se();
  const auto net = build_phase_network(g, mats, Phase::electronic);
  const auto vol = particle_solid_volume(g);
  const auto c = analyse_connectivity(g, net, vol);
  using S = NodeState;
  const std::vector<S> expected{S::backbone,    S::backbone, S::backbone, S::dead_end, S::dead_end,
                                S::dead_end,    S::backbone, S::dead_end, S::isolated, S::isolated,
                                S::bottom_only, S::top_only, S::top_only, S::none,     S::none};
  ASSERT_EQ(c.state.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k)
    EXPECT_EQ(static_cast<int>(c.state[k]), static_cast<int>(expected[k])) << "node " << k;
  EXPECT_EQ(c.clusters, 4);
  EXPECT_EQ(c.spanning_clusters, 1);
  EXPECT_EQ(c.members, 13u);
  EXPECT_EQ(c.backbone, 4u);
  EXPECT_EQ(c.dead_end, 4u);
  EXPECT_EQ(c.isolated, 2u);
  EXPECT_EQ(c.bottom_only, 1u);
  EXPECT_EQ(c.top_only, 2u);
  EXPECT_EQ(c.spanning, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  double span = 0, all = 0;
  for (int k = 0; k < 13; ++k) (k < 8 ? span : all) += vol[static_cast<std::size_t>(k)];
  EXPECT_NEAR(c.percolating_fraction(), span / (span + all), 1e-15);
  EXPECT_EQ(c.cluster[13], -1);
}

TEST(Connectivity, IonicPhaseIgnoresCrossConductivityByDefault) {
  const auto g = hand_graph();
  const auto mats = am_se();
  const auto vol = particle_solid_volume(g);
  const auto c = analyse_connectivity(g, build_phase_network(g, mats, Phase::ionic), vol);
  EXPECT_EQ(c.members, 2u);
  EXPECT_EQ(static_cast<int>(c.state[13]), static_cast<int>(NodeState::top_only));
  EXPECT_EQ(static_cast<int>(c.state[14]), static_cast<int>(NodeState::isolated));
  EXPECT_FALSE(c.percolates());
  // With cross conduction every AM carries ions too: the AM path now spans.
  PhaseOptions cross;
  cross.cross_conduction = true;
  const auto cc = analyse_connectivity(g, build_phase_network(g, mats, Phase::ionic, cross), vol);
  EXPECT_TRUE(cc.percolates());
  EXPECT_EQ(cc.members, 15u);
}

TEST(Connectivity, UtilisableActiveMaterialAndArea) {
  const auto g = hand_graph();
  const auto mats = am_se();
  const auto vol = particle_solid_volume(g);
  const auto el = analyse_connectivity(g, build_phase_network(g, mats, Phase::electronic), vol);
  const auto io = analyse_connectivity(g, build_phase_network(g, mats, Phase::ionic), vol);
  // AM 10: wired to the collector, touches SE 13 that reaches the separator.
  // AM 2: wired, touches the separator wall itself. AM 8 touches SE 13 but is
  // not wired; AM 0 touches only the isolated SE 14.
  const auto u = compute_utilisation(g, mats, el, io, vol, true);
  for (int k = 0; k < 15; ++k)
    EXPECT_EQ(u.utilisable[static_cast<std::size_t>(k)], (k == 2 || k == 10) ? 1 : 0) << k;
  EXPECT_EQ(u.am_count, 13u);
  EXPECT_EQ(u.utilisable_count, 2u);
  EXPECT_NEAR(u.utilisable_volume, vol[2] + vol[10], 1e-15);
  const double area = std::numbers::pi * (0.1 * 0.1 + 0.3 * 0.3);
  EXPECT_NEAR(u.active_area, area, 1e-15);
  EXPECT_NEAR(u.active_area_per_volume, area / 50.0, 1e-15);

  const auto u2 = compute_utilisation(g, mats, el, io, vol, false);
  EXPECT_EQ(u2.utilisable_count, 1u);
  EXPECT_NEAR(u2.active_area, std::numbers::pi * 0.01, 1e-15);
}

TEST(Connectivity, SolidVolumeSubtractsLensCaps) {
  // Two unit spheres at distance 1.5: each loses a cap of height 0.25.
  ContactGraph g;
  g.position = {{0, 0, 0}, {1.5, 0, 0}};
  g.radius = {1.0, 1.0};
  g.material = {0, 0};
  g.edges = {{0, 1, std::sqrt(1 - 0.75 * 0.75), 1.5}};
  const auto v = particle_solid_volume(g);
  const double cap = std::numbers::pi * 0.25 * 0.25 * (3 - 0.25) / 3;
  EXPECT_NEAR(v[0], 4.0 / 3.0 * std::numbers::pi - cap, 1e-14);
  EXPECT_NEAR(v[1], v[0], 1e-14);
}

TEST(Connectivity, BadMaterialIndexIsAnInputError) {
  auto g = hand_graph();
  g.material[3] = 7;
  EXPECT_THROW(build_phase_network(g, am_se(), Phase::ionic), InputError);
}
