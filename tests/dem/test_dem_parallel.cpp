// Determinism across thread counts and exact checkpoint restarts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include "dem_test_util.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/dem/checkpoint.hpp"
#include "electrodem/dem/packing_order.hpp"
#include "electrodem/dem/system.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

// 1500 particles (above kParallelMin, so every loop really runs in parallel) of two materials,
// one elastoplastic, random initial velocities, a punch moving down fast enough to make contacts.
System make_system(bool spatial = false) {
  Material a = elastic_material("A", 10e9, 2000, 0.5, 0.3);
  Material b = elastic_material("B", 20e9, 3000, 0.7, 0.4);
  b.yield_pressure = 0.3e9;
  b.rolling_friction = 0.05;
  MaterialSet ms;
  ms.materials = {a, b};
  const double r = 1e-5;
  Packing pack = random_packing(1500, r, 24 * r, 0.35, 7, 2.0, 2);
  if (spatial) order_spatially(pack);
  System s(std::move(pack), ms);
  random_velocities(s, 10.0, 3);
  s.punch.v = -20.0;
  return s;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void expect_identical(const System& a, const System& b) {
  EXPECT_TRUE(same_bits(a.p.x, b.p.x));
  EXPECT_TRUE(same_bits(a.p.y, b.p.y));
  EXPECT_TRUE(same_bits(a.p.z, b.p.z));
  EXPECT_TRUE(same_bits(a.p.vx, b.p.vx));
  EXPECT_TRUE(same_bits(a.p.wz, b.p.wz));
  EXPECT_TRUE(same_bits(a.p.radius, b.p.radius));
  // the whole contact history (with several threads, the cross pairs' lives apart during a run)
  EXPECT_TRUE(same_bits(a.pairs.xi_x, b.pairs.xi_x));
  EXPECT_TRUE(same_bits(a.pairs.xi_z, b.pairs.xi_z));
  EXPECT_TRUE(same_bits(a.pairs.mr_y, b.pairs.mr_y));
  EXPECT_TRUE(same_bits(a.pairs.delta_max, b.pairs.delta_max));
  EXPECT_EQ(a.pairs.plastic, b.pairs.plastic);
  EXPECT_EQ(a.pairs.bond, b.pairs.bond);
  EXPECT_EQ(a.punch.force, b.punch.force);
  EXPECT_EQ(a.time(), b.time());
}

// make_system(spatial) built and run for `steps` steps on `threads` threads
System run_on(int threads, int steps, bool spatial = false) {
  const ScopedThreads t(threads);
  System s = make_system(spatial);
  s.run(steps);
  return s;
}

}  // namespace

TEST(DemParallel, OneAndTwoThreadsBitwiseIdentical) {
  System one = run_on(1, 300);
  System two = run_on(2, 300);
  ASSERT_GT(one.pairs.size(), 0u);
  long long touching = 0;
  for (double f : one.pair_results().fn) touching += f > 0;
  EXPECT_GT(touching, 100);  // the test exercises real contacts
  // and neighbour rebuilds that carry contact history over (on two threads the history moves
  // are a parallel gather, on one thread in-place moves: merge_pairs)
  EXPECT_GE(two.neighbour_rebuilds(), 3);
  expect_identical(one, two);
}

// Spatially ordered particles (the default packing.order): the thread ranges are slabs with few
// boundary particles, unlike the random order above where most particles are boundary ones.
// Three threads give a middle range with neighbours on both sides.
TEST(DemParallel, OneAndThreeThreadsBitwiseIdenticalOnSpatialOrder) {
  const System one = run_on(1, 300, true);
  const System three = run_on(3, 300, true);
  expect_identical(one, three);
}

// Random order with three threads: most pairs are cross pairs, some between the first and the
// last range, and a row's cross pairs can be split between two higher ranges.
TEST(DemParallel, OneAndThreeThreadsBitwiseIdentical) {
  const System one = run_on(1, 300);
  const System three = run_on(3, 300);
  expect_identical(one, three);
}

// run(k) fuses each step's force pass with the next step's kick and drift; step() does not.
// Both must give the same bits, on one thread and on two (where the fused pass also rewrites
// packed particle data while other threads may still be in their pair loops).
TEST(DemParallel, RunEqualsSingleSteps) {
  for (const int threads : {1, 2}) {
    const ScopedThreads t(threads);
    System fused = make_system(true);
    fused.run(120);
    fused.run(1);
    fused.run(179);
    System single = make_system(true);
    for (int k = 0; k < 300; ++k) single.step();
    expect_identical(fused, single);
    EXPECT_EQ(fused.steps(), single.steps());
    EXPECT_EQ(fused.neighbour_rebuilds(), single.neighbour_rebuilds());
  }
}

// A controller before each step of a run (a servo punch, System::BetweenSteps) sees the last
// step's punch load and wall contacts and sets the punch speed, as when it is called before each
// single step: the same bits on one and two threads (on two, inside run_segment's region).
TEST(DemParallel, ControllerBetweenStepsEqualsControlBeforeSingleSteps) {
  // speed from the last step's load and the punch contacts' radii: the servo's inputs
  const System::BetweenSteps servo = [](System& s) {
    double a = 0.0;
    for (std::size_t c = 0; c < s.walls.size(); ++c)
      if (s.walls.j[c] == WallId::top) a += s.walls.a[c];
    s.punch.v = -20.0 / (1.0 + 1e-3 * std::fabs(s.punch.force)) - 1e5 * a;
  };
  for (const int threads : {1, 2}) {
    const ScopedThreads t(threads);
    System controlled = make_system(true);
    controlled.run(150, servo);
    controlled.run(150, servo);
    System single = make_system(true);
    for (int k = 0; k < 300; ++k) {
      servo(single);
      single.step();
    }
    expect_identical(controlled, single);
    EXPECT_EQ(controlled.punch.v, single.punch.v);
    EXPECT_EQ(controlled.thickness(), single.thickness());
    // the controller acted: a fixed punch speed ends elsewhere
    System fixed = make_system(true);
    fixed.run(300);
    EXPECT_NE(fixed.thickness(), controlled.thickness());
    EXPECT_GT(std::fabs(controlled.punch.v + 20.0), 1e-3);
  }
}

// A fault in the middle of run() on several threads (inside run_segment's parallel region)
// stops at the same step with the same message and leaves the same state as on one thread.
TEST(DemParallel, FaultInsideARunIsTheSameOnTwoThreads) {
  auto run_to_fault = [](int threads, std::string& message) {
    const ScopedThreads t(threads);
    System s = make_system(true);
    s.p.vz[700] = -3000.0;  // a particle shot down through the packing: overlap beyond elastic
    try {
      s.run(300);
    } catch (const electrodem::NumericalError& e) {
      message = e.what();
    }
    return s;
  };
  std::string one_message, two_message;
  const System one = run_to_fault(1, one_message);
  const System two = run_to_fault(2, two_message);
  EXPECT_NE(one_message.find("elastic overlap"), std::string::npos) << one_message;
  EXPECT_EQ(one_message, two_message);
  EXPECT_GT(one.steps(), 2);
  EXPECT_LT(one.steps(), 299);
  EXPECT_EQ(one.steps(), two.steps());
  expect_identical(one, two);
}

TEST(DemCheckpoint, RestartContinuesBitwiseIdentically) {
  System a = make_system();
  a.run(150);
  std::stringstream buf;
  save(a, buf);
  a.run(150);
  System b = load(buf);
  b.run(150);
  expect_identical(a, b);
  EXPECT_EQ(a.neighbour_rebuilds(), b.neighbour_rebuilds());
}

TEST(DemCheckpoint, RejectsForeignData) {
  std::stringstream junk("not a checkpoint at all");
  EXPECT_THROW(load(junk), electrodem::InputError);
  System a = make_system();
  std::stringstream buf;
  save(a, buf);
  std::string half = buf.str().substr(0, buf.str().size() / 2);
  std::stringstream cut(half);
  EXPECT_THROW(load(cut), electrodem::InputError);
}

// A checkpoint whose contact lists break the invariants the step relies on (indices in range,
// pairs i < j sorted by (i, j)) is rejected at load, naming the contact, instead of indexing out
// of bounds later.
TEST(DemCheckpoint, RejectsInconsistentContactLists) {
  System a = make_system();
  a.run(50);
  ASSERT_GT(a.pairs.size(), 1u);
  const auto rejects = [](const System& s, const std::string& what) {
    std::stringstream buf;
    save(s, buf);
    try {
      load(buf);
      ADD_FAILURE() << "loaded a checkpoint with " << what;
    } catch (const electrodem::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  System swapped = a;
  std::swap(swapped.pairs.i[0], swapped.pairs.j[0]);
  rejects(swapped, "pairs contact 0");
  System outside = a;
  outside.pairs.j.back() = static_cast<int>(a.p.size());
  rejects(outside, "pairs contact " + std::to_string(a.pairs.size() - 1));
  System unsorted = a;
  std::swap(unsorted.pairs.i[0], unsorted.pairs.i[1]);
  std::swap(unsorted.pairs.j[0], unsorted.pairs.j[1]);
  rejects(unsorted, "pairs contact 1");
  System short_history = a;
  short_history.pairs.delta_max.pop_back();
  rejects(short_history, "pairs history");
  std::stringstream good;
  save(a, good);
  EXPECT_NO_THROW(load(good));
}
