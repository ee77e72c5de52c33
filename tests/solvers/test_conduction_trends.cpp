// Physics trends of the transport model on jammed packings built in the test
// (stand-ins for the pressed electrodes of the DEM pipeline):
//  - NCM|SE composites: ionic conductivity falls and electronic rises with
//    the NCM fraction (nested random labels: Rayleigh's monotonicity law
//    makes both strict for any realisation);
//  - an SE pellet compressed to higher solid fraction (larger overlaps, so
//    larger contact radii) conducts better and stays below the bulk value.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "../network/jammed_packing.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/solvers/conduction.hpp"

using namespace electrodem;
using namespace electrodem::solvers;

namespace {

dem::MaterialSet ncm_lpscl() {
  dem::MaterialSet m;
  dem::Material am, se;
  am.name = "NCM811", am.role = dem::Role::active, am.electronic_conductivity = 0.5;
  se.name = "Li6PS5Cl", se.role = dem::Role::electrolyte, se.ionic_conductivity = 0.2;
  m.materials = {am, se};
  return m;
}

}  // namespace

TEST(ConductionTrends, CompositionSweepIonicFallsElectronicRises) {
  const int n = 2000;
  const auto pack = testpack::jammed_pack(n, 0.65, 21, 2e-3);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> u(n);
  for (auto& v : u) v = uniform(rng);
  Logger log(true);
  double last_ionic = 1e300, last_electronic = 0.0;
  bool ionic_spans_at_start = false;
  for (double f : {0.4, 0.5, 0.6, 0.7, 0.8}) {
    std::vector<int> mat(n);
    for (int k = 0; k < n; ++k)
      mat[static_cast<std::size_t>(k)] = u[static_cast<std::size_t>(k)] < f ? 0 : 1;
    const auto g = testpack::slab_graph(pack, mat, 5e-6);
    const auto r = run_transport(g, ncm_lpscl(), TransportParams{}, log);
    const double si = r.ionic.conduction.conductivity, se = r.electronic.conduction.conductivity;
    std::printf("NCM fraction %.1f: ionic %.4g S/m, electronic %.4g S/m, utilisable AM %.3f\n", f,
                si, se, r.utilisation.fraction());
    // Once the SE no longer spans (equal sizes: SE fraction ~0.3) it stays at 0.
    if (last_ionic > 0)
      EXPECT_LT(si, last_ionic) << "NCM fraction " << f;
    else
      EXPECT_EQ(si, 0.0) << "NCM fraction " << f;
    EXPECT_GT(se, last_electronic) << "NCM fraction " << f;
    if (f == 0.4) ionic_spans_at_start = si > 0;
    last_ionic = si, last_electronic = se;
  }
  EXPECT_TRUE(ionic_spans_at_start);
}

TEST(ConductionTrends, DenserSePelletConductsBetterAndStaysBelowBulk) {
  const int n = 2000;
  const auto se_only = ncm_lpscl();
  Logger log(true);
  double last = 0.0;
  for (double phi : {0.65, 0.68, 0.71, 0.74}) {
    const auto pack = testpack::jammed_pack(n, phi, 8, 2e-3);
    const auto g = testpack::slab_graph(pack, std::vector<int>(n, 1), 2e-6);
    const auto r = run_transport(g, se_only, TransportParams{}, log);
    const double s = r.ionic.conduction.conductivity;
    std::printf("SE pellet, overlap solid fraction %.2f: ionic %.4g S/m (bulk 0.2), tau %.3g\n",
                phi, s, r.ionic.tortuosity);
    EXPECT_GT(s, last) << "phi " << phi;
    EXPECT_LT(s, 0.2);
    last = s;
  }
}
