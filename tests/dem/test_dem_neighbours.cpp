// The Verlet list (neighbours.cpp) against brute force: after a rebuild it holds exactly the pairs
// whose centre distance (minimum image when periodic) is below r_i + r_j + skin, each once with
// i < j, in increasing (i, j) order. Cases: a periodic box several cells wide (the search's
// wrapped cell runs shift by the box length), one so narrow that a search range spans it (minimum
// image per candidate), side walls (no images), and sizes up to 4 times apart (the larger
// particle of a pair searches for it). Each at 1 and 3 threads: below kParallelMin particles the
// search runs serially while there is a buffer per thread (a buffer left unsized by its thread
// once held 64 bogus self-pairs (0, 0)), and above it the threads split the search.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dem_test_util.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

std::vector<std::int64_t> brute_force_pairs(const System& s) {
  std::vector<std::int64_t> keys;
  for (std::size_t i = 0; i < s.p.size(); ++i)
    for (std::size_t j = i + 1; j < s.p.size(); ++j) {
      const V3 d = s.separation(i, j);
      const double cut = s.p.radius[i] + s.p.radius[j] + s.skin();
      if (dot(d, d) < cut * cut)
        keys.push_back(static_cast<std::int64_t>(i) << 32 | static_cast<std::int64_t>(j));
    }
  return keys;
}

std::vector<std::int64_t> listed_pairs(const System& s) {
  std::vector<std::int64_t> keys;
  for (std::size_t k = 0; k < s.pairs.size(); ++k)
    keys.push_back(static_cast<std::int64_t>(s.pairs.i[k]) << 32 |
                   static_cast<std::int64_t>(s.pairs.j[k]));
  return keys;
}

void expect_brute_force_list_at(int n, double l, double phi, double ratio, Lateral lateral,
                                unsigned seed) {
  Packing pk = random_packing(n, 3e-6, l, phi, seed, ratio);
  if (lateral == Lateral::die) {  // the periodic packing without the spheres cut by a side wall
    Packing inside = pk;
    inside.position.clear(), inside.radius.clear(), inside.material.clear();
    for (std::size_t k = 0; k < pk.size(); ++k) {
      const double r = pk.radius[k], x = pk.position[k].x(), y = pk.position[k].y();
      if (x > r && x < l - r && y > r && y < l - r) {
        inside.position.push_back(pk.position[k]);
        inside.radius.push_back(r);
        inside.material.push_back(pk.material[k]);
      }
    }
    pk = inside;
  }
  System s(pk, one_material(elastic_material("E")));
  s.set_lateral(lateral);
  random_velocities(s, 0.5, seed);
  s.run(40);  // moved off the generated positions, lists rebuilt on the way
  s.invalidate_neighbours();
  s.compute_forces();  // rebuilds the list at the current positions
  const std::vector<std::int64_t> expected = brute_force_pairs(s);
  ASSERT_GT(expected.size(), s.p.size() / 4);  // the case has pairs to find
  EXPECT_EQ(listed_pairs(s), expected);
}

void expect_brute_force_list(int n, double l, double phi, double ratio, Lateral lateral,
                             unsigned seed) {
  for (const int threads : {1, 3}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    const ScopedThreads t(threads);
    expect_brute_force_list_at(n, l, phi, ratio, lateral, seed);
  }
}

}  // namespace

TEST(DemNeighbours, PeriodicBoxSeveralCellsWide) {
  expect_brute_force_list(600, 80e-6, 0.35, 1.3, Lateral::periodic, 11);
}

TEST(DemNeighbours, PeriodicBoxAboveTheParallelThreshold) {  // threads split the search
  static_assert(1500 > kParallelMin);
  expect_brute_force_list(1500, 110e-6, 0.35, 1.3, Lateral::periodic, 15);
}

TEST(DemNeighbours, PeriodicBoxNarrowerThanTwoSearchRanges) {
  expect_brute_force_list(120, 22e-6, 0.35, 1.3, Lateral::periodic, 12);
}

TEST(DemNeighbours, SideWalls) {
  expect_brute_force_list(600, 80e-6, 0.35, 1.3, Lateral::die, 13);
}

TEST(DemNeighbours, SizesFourTimesApart) {
  expect_brute_force_list(400, 90e-6, 0.3, 4.0, Lateral::periodic, 14);
}
