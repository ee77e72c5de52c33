// Cold welds whose neck breaks by fracture (materials.<name>.weld_toughness K_c, contact/weld.hpp,
// docs/contact_laws.md "Cold welding"): the neck of radius a_w is an external circular crack,
// K_I = F / (2 sqrt(pi) a_w^(3/2)) (Tada, Paris & Irwin), so it breaks in tension at
// F_c = 2 sqrt(pi) K_c a_w^(3/2) and in shear at mu F_n+ + F_c. On the contact kernel with the
// dashpot off every force is the closed form; the break point is bracketed by 1e-9 relative steps
// (the kernel's arithmetic: a few ulps on stretch = delta_r - delta, see the stress-form tests in
// test_dem_weld.cpp). Then the input rules, and the DEM checkpoint (version 4 stores K_c; version
// 3 and 2 files, written by those builds, still load with K_c = 0).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/dem/checkpoint.hpp"
#include "weld_test_util.hpp"

using namespace electrodem;
using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

constexpr double kKc = 0.23e6;  // 75Li2S-25P2S5 glass, McGrogan et al. 2017 [Pa m^1/2]

// The fracture capacity written independently of weld_capacity() (pow instead of a sqrt(a)).
double fracture_force(double k_c, double a) {
  return 2.0 * std::sqrt(kPi) * k_c * std::pow(a, 1.5);
}

// Pulls a neck welded at delta_max = dmax to just below and just above the analytic break
// stretch F_c / (2 E* a_w); returns the force just before it breaks (checking both sides).
double tensile_break_force(const Probe& p, double dmax) {
  detail::ContactState h;
  p.at(dmax, h);
  EXPECT_EQ(h.bond, WeldState::welded);
  const double aw = std::sqrt(kRstar * dmax), dr = p.plastic_overlap(dmax);
  const double k = 2.0 * p.pp().e_eff * aw;
  const double s_break = fracture_force(kKc, aw) / k;
  detail::ContactState below = h, above = h;
  const detail::ContactOut holds = p.at(dr - (1.0 - 1e-9) * s_break, below);
  EXPECT_EQ(below.bond, WeldState::welded);
  EXPECT_EQ(holds.a, aw);
  const detail::ContactOut broke = p.at(dr - (1.0 + 1e-9) * s_break, above);
  EXPECT_EQ(above.bond, WeldState::weld_broken);
  EXPECT_EQ(broke.fn, 0.0);
  return -holds.fn;
}

}  // namespace

TEST(ColdWeldToughness, TensileBreakForceGrowsAsTheNeckRadiusToThe3Halves) {
  const Probe p(weldable(0.0, 0.0, kKc));
  ASSERT_TRUE(p.pp().weld);
  const double d1 = 40.0 * p.yield_overlap(), d2 = 4.0 * d1;  // a_w doubles: ~1.0 and 2.1 um
  const double a1 = std::sqrt(kRstar * d1), a2 = std::sqrt(kRstar * d2);
  const double f1 = tensile_break_force(p, d1), f2 = tensile_break_force(p, d2);
  EXPECT_NEAR(f1 / fracture_force(kKc, a1), 1.0, 2e-9);
  EXPECT_NEAR(f2 / fracture_force(kKc, a2), 1.0, 2e-9);
  EXPECT_NEAR(f2 / f1, std::pow(2.0, 1.5), 5e-9);  // F_c ~ a^(3/2), not a^2
  // mean neck stress at failure 2 K_c / sqrt(pi a): 375 MPa at a = 0.48 um (brief's number)
  const double a = 0.48e-6;
  EXPECT_NEAR(weld_capacity(0.0, kKc, a) / (kPi * a * a), 2.0 * kKc / std::sqrt(kPi * a),
              1e-12 * 375e6);
  EXPECT_NEAR(2.0 * kKc / std::sqrt(kPi * a) / 1e6, 375.0, 0.5);
}

// Shear: the cohesion of the Mohr–Coulomb cap is the same F_c (mode II ~ mode I). At zero normal
// load the neck alone resists; under a compressive load F_n the cap is mu F_n + F_c, and once
// sheared off the contact slides with mu F_n.
TEST(ColdWeldToughness, ShearBreaksAtCoulombPlusTheFractureForce) {
  const Probe p(weldable(0.0, 0.0, kKc));
  const double mu = p.pp().friction;
  ASSERT_GT(mu, 0.0);
  const double dmax = 40.0 * p.yield_overlap();
  const double aw = std::sqrt(kRstar * dmax), dr = p.plastic_overlap(dmax);
  const double kt = 8.0 * p.pp().g_eff * aw;
  for (const double delta : {dr, 0.5 * (dr + dmax)}) {
    detail::ContactState h;
    p.at(dmax, h);
    const double fn = p.at(delta, h).fn;  // 0 at delta_r, the unloading force above it
    const double cap = mu * fn + fracture_force(kKc, aw);
    const int n = 1000;
    const double v = cap / kt / (n * kDt) * (1.0 + 0.5 / n);  // passes the cap in step n
    int broke_at = -1;
    for (int s = 1; s <= n + 2 && broke_at < 0; ++s) {
      const detail::ContactOut out =
          detail::contact(p.pp(), {1, 0, 0}, delta, kRstar, kMstar, {0, v, 0}, {}, kDt, h);
      if (h.bond != WeldState::welded) {
        broke_at = s;
        EXPECT_NEAR(std::fabs(out.force.y), mu * fn, 1e-12 * cap) << delta;  // sliding
      } else {
        EXPECT_NEAR(std::fabs(out.force.y) / (kt * s * v * kDt), 1.0, 1e-9) << delta;
      }
    }
    EXPECT_EQ(broke_at, n) << delta;
  }
}

TEST(ColdWeldToughness, PairToughnessIsTheWeakerMaterialAndFormsDoNotMix) {
  MaterialSet set;
  set.materials = {weldable(0.0, 0.0, 0.5e6), weldable(0.0, 0.0, 0.2e6), elastic_material("E")};
  set.materials[1].name = "AM";
  set.materials[2].weld_toughness = 1e6;  // an elastic pair never flows, so it never welds
  const PairTable t(set, WallMaterial{}, "", false);
  EXPECT_EQ(t(0, 1).weld_toughness, 0.2e6);
  EXPECT_EQ(t(0, 0).weld_toughness, 0.5e6);
  EXPECT_TRUE(t(0, 1).weld);
  EXPECT_EQ(t(0, 1).weld_strength, 0.0);
  EXPECT_EQ(t(2, 2).weld_toughness, 0.0);
  EXPECT_FALSE(t(2, 2).weld);
  EXPECT_EQ(t.wall(0).weld_toughness, 0.0);
  EXPECT_FALSE(t.wall(0).weld);
  // a stress and a toughness have no common minimum: an input error naming the material
  set.materials[1] = weldable(20e6, 20e6);
  set.materials[1].name = "AM";
  try {
    const PairTable mixed(set, WallMaterial{}, "", false);
    ADD_FAILURE() << "no InputError for mixed neck strength forms";
  } catch (const InputError& e) {
    EXPECT_EQ(e.issues().at(0).path, "materials.SE.weld_toughness");
  }
}

namespace {
// The first issue of the InputError a materials block raises (none: path "").
InputIssue materials_issue(const std::string& json, MaterialSet* out = nullptr) {
  ConfigReader reader(Json::parse(json));
  MaterialSet set = parse_materials(reader.root().child("materials"));
  try {
    reader.finish();
  } catch (const InputError& e) {
    return e.issues().at(0);
  }
  if (out) *out = set;
  return {};
}
}  // namespace

TEST(ColdWeldToughness, ConfigReadsTheToughnessAndRejectsBothForms) {
  MaterialSet set;
  EXPECT_EQ(materials_issue(R"({"materials": {"SE": {"base": "Li6PS5Cl",
      "weld_toughness": "0.23 MPa m^0.5"}, "AM": {"base": "NCM811",
      "weld_toughness": 230000}}})",
                            &set)
                .path,
            "");
  EXPECT_NEAR(set[set.index_of("SE")].weld_toughness, kKc, 1e-12 * kKc);
  EXPECT_EQ(set[set.index_of("AM")].weld_toughness, kKc);
  EXPECT_EQ(set[set.index_of("SE")].weld_strength, 0.0);
  EXPECT_EQ(set[set.index_of("SE")].weld_shear_strength, 0.0);
  EXPECT_EQ(set[set.index_of("Li6PS5Cl")].weld_toughness, 0.0);  // library default: off
  EXPECT_EQ(materials_issue(R"({"materials": {"SE": {"base": "Li6PS5Cl",
      "weld_strength": "370 MPa", "weld_toughness": "0.23 MPa*m^0.5"}}})")
                .path,
            "materials.SE.weld_toughness");
  EXPECT_EQ(materials_issue(R"({"materials": {"SE": {"base": "Li6PS5Cl",
      "weld_shear_strength": "100 MPa", "weld_toughness": "0.23 MPa m^0.5"}}})")
                .path,
            "materials.SE.weld_shear_strength");
  EXPECT_EQ(materials_issue(R"({"materials": {"SE": {"base": "Li6PS5Cl",
      "weld_toughness": "0.23 MPa"}}})")
                .path,
            "materials.SE.weld_toughness");  // a pressure is not a toughness
  EXPECT_EQ(materials_issue(R"({"materials": {"SE": {"base": "Li6PS5Cl",
      "weld_toughness": -1}}})")
                .path,
            "materials.SE.weld_toughness");
}

// Version 4 stores K_c: a restarted fracture-welded pair continues bitwise identically.
TEST(ColdWeldToughness, CheckpointKeepsTheToughness) {
  System a = collide(weldable(0.0, 0.0, 5e6), 2.0);
  ASSERT_EQ(a.pairs.size(), 1u);
  ASSERT_EQ(a.pairs.bond[0], WeldState::welded);
  std::stringstream buf;
  save(a, buf);
  System b = load(buf);
  EXPECT_EQ(b.materials[0].weld_toughness, 5e6);
  EXPECT_EQ(b.table(0, 0).weld_toughness, 5e6);
  EXPECT_TRUE(b.table(0, 0).weld);
  ASSERT_EQ(b.pairs.bond, a.pairs.bond);
  a.run(200);
  b.run(200);
  EXPECT_EQ(a.p.x, b.p.x);
  EXPECT_EQ(a.pair_results().fn, b.pair_results().fn);
  EXPECT_EQ(b.pairs.bond[0], WeldState::welded);
}

namespace {
System load_file(const std::string& name) {
  std::ifstream f(std::string(ELECTRODEM_SOURCE_DIR) + "/tests/dem/data/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return load(f);
}
}  // namespace

// tests/dem/data/weld_state_v{2,3}.ckp: two plastic spheres (weldable(), friction 0) that
// collided at +-2 m/s, stopped 20 steps after the peak overlap, written by the builds of state
// version 2 (a main tree before cold welds) and 3 (branch weld 1cd01e3, weld_strength
// = weld_shear_strength = 1 GPa). Both load with K_c = 0, and a loaded state saved again as
// version 4 restarts bitwise.
TEST(ColdWeldToughness, OlderCheckpointsLoadWithoutToughness) {
  const double dmax = 4.0067984342393329e-08, x0 = 9.5008312781278453e-05;  // as written
  for (const std::string name : {"weld_state_v2.ckp", "weld_state_v3.ckp"}) {
    System s = load_file(name);
    const bool v3 = name == "weld_state_v3.ckp";
    ASSERT_EQ(s.pairs.size(), 1u) << name;
    EXPECT_EQ(s.pairs.delta_max[0], dmax) << name;
    EXPECT_EQ(s.p.x[0], x0) << name;
    EXPECT_EQ(s.materials[0].weld_toughness, 0.0) << name;
    EXPECT_EQ(s.materials[0].weld_strength, v3 ? 1e9 : 0.0) << name;
    EXPECT_EQ(s.pairs.bond[0], v3 ? WeldState::welded : WeldState::unbonded) << name;
    EXPECT_EQ(s.table(0, 0).weld, v3) << name;
    std::stringstream buf;
    save(s, buf);
    System again = load(buf);
    s.run(300);
    again.run(300);
    EXPECT_EQ(s.p.x, again.p.x) << name;
    EXPECT_EQ(s.pairs.bond, again.pairs.bond) << name;
  }
}
