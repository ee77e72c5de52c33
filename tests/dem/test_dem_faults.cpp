// Numerical faults stop with a NumericalError naming what went wrong, never a crash or an
// exhausted memory (a cell grid spanning a particle that flew off to 1e10 m).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "dem_test_util.hpp"
#include "electrodem/core/error.hpp"

using namespace electrodem;
using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

void expect_fault(System& s, const std::string& what) {
  s.invalidate_neighbours();
  try {
    s.compute_forces();
    ADD_FAILURE() << "no NumericalError for " << what;
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(DemFaults, EscapedParticleStopsBeforeTheCellGrid) {
  System s(random_packing(50, 1e-6, 12e-6, 0.3, 3), one_material(elastic_material("E")));
  s.p.z[7] = 1e10;
  expect_fault(s, "particle 7 escaped the box");
}

TEST(DemFaults, NanPositionStops) {
  System s(random_packing(50, 1e-6, 12e-6, 0.3, 3), one_material(elastic_material("E")));
  s.p.z[3] = std::nan("");
  expect_fault(s, "particle 3 has a non-finite position");
}

// Within run(k) the packed copies are the state and p lags behind (issue 8); a fault in the
// middle of a run must still leave p at the step where it stopped. Two spheres close head-on far
// beyond the elastic range: the error comes many steps into the run, with the spheres overlapping
// (p from the start of the run, the last rebuild with this wide skin, would hold them apart).
TEST(DemFaults, FaultInsideARunLeavesTheStateWhereItStopped) {
  const double r = 10e-6;
  DemParams prm;
  prm.skin = 3.0;  // mean diameters: no rebuild (which brings p up to date) during the approach
  System s(two_spheres(r, r, 20e-6), one_material(elastic_material("E")), prm);
  s.p.vx[0] = 100.0, s.p.vx[1] = -100.0;
  try {
    s.run(1000);
    ADD_FAILURE() << "no NumericalError for a head-on impact at 200 m/s";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("elastic overlap"), std::string::npos) << e.what();
  }
  EXPECT_GT(s.steps(), 5);
  const double gap = s.p.x[1] - s.p.x[0] - 2.0 * r;
  EXPECT_LT(gap, -0.2 * r);  // the overlap that stopped it
}
