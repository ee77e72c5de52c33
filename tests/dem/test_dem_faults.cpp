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
