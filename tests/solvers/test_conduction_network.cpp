// Conduction on a random jammed AM|SE packing: Kirchhoff's laws, solver
// agreement, and the transport stage's outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "../network/jammed_packing.hpp"
#include "electrodem/core/config_node.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/solvers/conduction.hpp"

using namespace electrodem;
using namespace electrodem::network;
using namespace electrodem::solvers;

namespace {

dem::MaterialSet am_se() {
  dem::MaterialSet m;
  dem::Material am, se;
  am.name = "NCM", am.role = dem::Role::active, am.electronic_conductivity = 0.5;     // 5 mS/cm
  se.name = "LPSCl", se.role = dem::Role::electrolyte, se.ionic_conductivity = 0.23;  // 2.3 mS/cm
  m.materials = {am, se};
  return m;
}

// 2000 spheres of 5 um diameter, 60 % AM by number, jammed at phi = 0.65
// (FIRE stopped at a residual force of 2e-3 of a unit overlap: good enough
// for a random contact network, and fast).
const ContactGraph& mixture() {
  static const ContactGraph g = [] {
    const int n = 2000;
    const auto pack = testpack::jammed_pack(n, 0.65, 7, 2e-3);
    std::mt19937_64 rng(11);
    std::bernoulli_distribution is_am(0.6);
    std::vector<int> mat(n);
    for (auto& v : mat) v = is_am(rng) ? 0 : 1;
    return testpack::slab_graph(pack, mat, 5e-6);
  }();
  return g;
}

}  // namespace

TEST(ConductionNetwork, KirchhoffCurrentInEqualsCurrentOut) {
  const auto& g = mixture();
  Logger log(true);
  TransportParams p;
  const auto r = run_transport(g, am_se(), p, log);
  for (const auto* t : {&r.ionic, &r.electronic}) {
    const auto& s = t->conduction;
    ASSERT_TRUE(t->connectivity.percolates());
    ASSERT_GT(s.current_in, 0.0);
    EXPECT_LE(s.solver.relative_residual, 1e-10);
    EXPECT_NEAR(s.current_out / s.current_in, 1.0, 1e-10) << to_string(t->network.phase);
    // Node balance: sum of link and wall currents out of every solved particle.
    std::vector<double> net(g.size(), 0.0);
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
      net[static_cast<std::size_t>(g.edges[e].i)] += s.edge_current[e];
      net[static_cast<std::size_t>(g.edges[e].j)] -= s.edge_current[e];
    }
    for (std::size_t k = 0; k < g.bottom.size(); ++k)
      net[static_cast<std::size_t>(g.bottom[k].node)] -= s.bottom_current[k];
    for (std::size_t k = 0; k < g.top.size(); ++k)
      net[static_cast<std::size_t>(g.top[k].node)] -= s.top_current[k];
    double worst = 0;
    for (int v : t->connectivity.spanning)
      worst = std::max(worst, std::abs(net[static_cast<std::size_t>(v)]));
    EXPECT_LT(worst / s.current_in, 1e-9);
    // Dead ends carry no current.
    for (std::size_t v = 0; v < g.size(); ++v)
      if (t->connectivity.state[v] == NodeState::dead_end) {
        EXPECT_LT(s.node_current[v] / s.current_in, 1e-9);
      }
  }
}

TEST(ConductionNetwork, CgAndCholmodAgree) {
  const auto& g = mixture();
  const auto m = am_se();
  Logger log(true);
  TransportParams cg, chol;
  chol.linear.method = LinearMethod::cholmod;
  TransportParams diag, ic;
  diag.linear.preconditioner = Preconditioner::diagonal;
  ic.linear.preconditioner = Preconditioner::incomplete_cholesky;
  const auto a = run_transport(g, m, cg, log), b = run_transport(g, m, chol, log),
             c = run_transport(g, m, diag, log), d = run_transport(g, m, ic, log);
  for (auto phase : {&TransportResult::ionic, &TransportResult::electronic}) {
    const double ref = (b.*phase).conduction.conductivity;
    EXPECT_EQ((a.*phase).conduction.solver.method, "cg+amg");
    EXPECT_NEAR((a.*phase).conduction.conductivity / ref, 1.0, 1e-8);
    EXPECT_NEAR((c.*phase).conduction.conductivity / ref, 1.0, 1e-8);
    EXPECT_NEAR((d.*phase).conduction.conductivity / ref, 1.0, 1e-8);
    EXPECT_EQ((b.*phase).conduction.solver.iterations, 1);
    EXPECT_GT((d.*phase).conduction.solver.iterations, 1);
    EXPECT_GT((c.*phase).conduction.solver.iterations, (a.*phase).conduction.solver.iterations);
  }
}

TEST(ConductionNetwork, EffectivePropertiesAreConsistent) {
  const auto& g = mixture();
  Logger log(true);
  const auto r = run_transport(g, am_se(), TransportParams{}, log);
  for (const auto* t : {&r.ionic, &r.electronic}) {
    const double se = t->conduction.conductivity, sb = t->bulk_conductivity,
                 eps = t->volume_fraction;
    EXPECT_GT(se, 0.0);
    EXPECT_LT(se, eps * sb);  // a network of constrictions is below the parallel bound
    EXPECT_NEAR(t->tortuosity, eps * sb / se, 1e-12 * t->tortuosity);
    EXPECT_NEAR(sb * std::pow(eps, t->bruggeman_exponent) / se, 1.0, 1e-12);
    EXPECT_GT(t->tortuosity, 1.0);
  }
  // Solid fractions of the two phases add up to the solid inside the walls:
  // spheres minus the parts cut off by the walls (computed here from the
  // heights), minus the pair lens caps (< 0.1 % of the volume at these overlaps).
  double inside = 0.0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    const double rr = g.radius[k], z = g.position[k].z();
    const double h = std::max({0.0, rr - z, rr - (g.thickness - z)});
    inside += 4.0 / 3.0 * M_PI * rr * rr * rr - M_PI * h * h * (3 * rr - h) / 3;
  }
  const double phi = inside / (g.area * g.thickness);
  EXPECT_LT(phi, 0.65);
  EXPECT_NEAR((r.ionic.volume_fraction + r.electronic.volume_fraction) / phi, 1.0, 1e-3);
  EXPECT_GT(r.utilisation.fraction(), 0.5);
  EXPECT_LE(r.utilisation.fraction(), 1.0);
  EXPECT_GT(r.utilisation.active_area_per_volume, 0.0);
}

TEST(ConductionNetwork, OutputsAreNamedAndSized) {
  const auto& g = mixture();
  Logger log(true);
  const auto r = run_transport(g, am_se(), TransportParams{}, log);
  std::set<std::string> keys;
  for (const auto& [k, v] : r.summary) {
    EXPECT_TRUE(keys.insert(k).second) << "duplicate key " << k;
    EXPECT_NE(k.find(" ["), std::string::npos) << k << " has no unit";
  }
  for (const char* k :
       {"ionic conductivity [S/m]", "electronic conductivity [S/m]", "utilisable AM fraction [-]",
        "active AM|SE area per volume [1/m]", "ionic tortuosity factor [-]",
        "electronic percolating fraction [-]", "ionic isolated particles [-]",
        "electronic solver iterations [-]", "ionic solver relative residual [-]"})
    EXPECT_TRUE(keys.count(k)) << k;
  for (const auto& f : r.particle_fields) EXPECT_EQ(f.values.size(), g.size()) << f.name;
  for (const auto& f : r.contact_fields) EXPECT_EQ(f.values.size(), g.edges.size()) << f.name;
}

TEST(ConductionNetwork, ParseTransportDefaultsAndErrors) {
  {
    ConfigReader reader(Json::object());
    auto root = reader.root();
    const auto p = parse_transport(root.child("transport"));
    reader.finish();
    EXPECT_EQ(p.linear.method, LinearMethod::cg);
    EXPECT_EQ(p.linear.preconditioner, Preconditioner::amg);
    EXPECT_EQ(p.linear.tolerance, 1e-10);
    EXPECT_EQ(p.phase.model, ContactModel::holm_flux_tube);
    EXPECT_FALSE(p.phase.cross_conduction);
    EXPECT_EQ(reader.resolved()["transport"]["solver"], "cg");
  }
  {
    ConfigReader reader(Json::parse(R"({"transport": {"solver": "cholmod", "contact_model": "holm",
                                        "tolerance": 1e-12, "applied_voltage": "10 mV"}})"));
    const auto p = parse_transport(reader.root().child("transport"));
    reader.finish();
    EXPECT_EQ(p.linear.method, LinearMethod::cholmod);
    EXPECT_EQ(p.phase.model, ContactModel::holm);
    EXPECT_EQ(p.linear.tolerance, 1e-12);
    EXPECT_DOUBLE_EQ(p.applied_voltage, 0.01);
  }
  {
    ConfigReader reader(Json::parse(R"({"transport": {"solver": "cgg", "tolerance": 2}})"));
    parse_transport(reader.root().child("transport"));
    EXPECT_THROW(reader.finish(), InputError);
  }
}
