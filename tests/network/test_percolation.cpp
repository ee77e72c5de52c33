// Electronic percolation in random binary packs of equal conducting and
// insulating spheres. Reference: site percolation on the contact network of
// jammed sphere packings, p_c = 0.3116 (Ziff & Torquato, "Percolation of
// disordered jammed sphere packings", J. Phys. A 50 (2017) 085001,
// doi:10.1088/1751-8121/aa5664; the reference is verified, the value 0.3116
// was not checked against the paper here); see also M. J. Powell, "Site
// percolation in randomly packed spheres", Phys. Rev. B 20 (1979) 4194-4198
// (reference verified, its threshold not). Acceptance band (issue 4): 0.25-0.35.
#include <gtest/gtest.h>

#include <random>

#include "electrodem/network/connectivity.hpp"
#include "jammed_packing.hpp"

using namespace electrodem;
using namespace electrodem::network;

namespace {

dem::MaterialSet conductor_insulator() {
  dem::MaterialSet m;
  dem::Material c, i;
  c.role = dem::Role::active, c.electronic_conductivity = 1.0;
  i.role = dem::Role::electrolyte, i.electronic_conductivity = 0.0, i.ionic_conductivity = 1.0;
  m.materials = {c, i};
  return m;
}

bool electronic_spans(const ContactGraph& g, const dem::MaterialSet& m,
                      const std::vector<double>& volume) {
  return analyse_connectivity(g, build_phase_network(g, m, Phase::electronic), volume).percolates();
}

}  // namespace

TEST(Percolation, RandomBinaryPackThresholdNearPointThree_Slow) {
  // 20 000 unit spheres jammed at phi = 0.65 (z ~ 6.5), cut into a slab
  // between two walls (about 25 diameters apart).
  const int n = 20000;
  const auto pack = testpack::jammed_pack(n, 0.65, 2024, 2e-3);
  auto g = testpack::slab_graph(pack, std::vector<int>(n, 0));
  const double z = 2.0 * static_cast<double>(g.edges.size()) / n;
  ASSERT_GT(z, 5.5);  // a jammed contact network, not a loose one
  ASSERT_LT(z, 7.5);
  const auto m = conductor_insulator();
  const auto volume = particle_solid_volume(g);

  // For each realisation of random labels u_k, the conducting set {u_k < p}
  // grows with p, so the spanning threshold is found by bisection on p; the
  // conducting volume fraction at threshold is the number fraction (equal spheres).
  const int realisations = 6;
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  double sum = 0.0;
  std::vector<double> u(n);
  auto label = [&](double p) {
    for (int k = 0; k < n; ++k)
      g.material[static_cast<std::size_t>(k)] = u[static_cast<std::size_t>(k)] < p ? 0 : 1;
  };
  for (int r = 0; r < realisations; ++r) {
    for (auto& v : u) v = uniform(rng);
    label(0.2);
    EXPECT_FALSE(electronic_spans(g, m, volume)) << "realisation " << r << " spans at 20 %";
    label(0.45);
    EXPECT_TRUE(electronic_spans(g, m, volume)) << "realisation " << r << " does not span at 45 %";
    double lo = 0.2, hi = 0.45;
    while (hi - lo > 1e-3) {
      const double mid = 0.5 * (lo + hi);
      label(mid);
      (electronic_spans(g, m, volume) ? hi : lo) = mid;
    }
    label(hi);
    const double fraction =
        static_cast<double>(std::count(g.material.begin(), g.material.end(), 0)) / n;
    sum += fraction;
    RecordProperty("threshold_" + std::to_string(r), std::to_string(fraction));
  }
  const double threshold = sum / realisations;
  std::printf("electronic percolation threshold: conducting fraction %.4f (mean of %d), z = %.3f\n",
              threshold, realisations, z);
  EXPECT_GT(threshold, 0.25);
  EXPECT_LT(threshold, 0.35);
}
