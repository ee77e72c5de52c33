// RangeBalancer: contiguous ranges of equal modelled work, corrected by measured busy times.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "electrodem/dem/range_balancer.hpp"

namespace electrodem::dem {
namespace {

// Feeds the balancer the busy time each part would take if particle i truly cost true_cost[i]
// seconds per step, over `steps` steps.
void run_steps(RangeBalancer& b, const std::vector<double>& true_cost, int steps) {
  const std::vector<int>& start = b.start();
  for (int s = 0; s < steps; ++s) {
    for (int t = 0; t < b.parts(); ++t) {
      double busy = 0.0;
      for (int i = start[t]; i < start[t + 1]; ++i) busy += true_cost[i];
      b.add_busy(t, busy);
    }
    b.end_step();
  }
}

// True cost per particle and step [s]: the first half three times the second (a denser region,
// or a slower core), while the model says they cost the same.
std::vector<double> denser_first_half(int n) {
  std::vector<double> cost(static_cast<std::size_t>(n), 1e-6);
  std::fill(cost.begin(), cost.begin() + n / 2, 3e-6);
  return cost;
}

// Largest part's true cost over the mean part's.
double imbalance(const RangeBalancer& b, const std::vector<double>& true_cost) {
  double hi = 0.0, sum = 0.0;
  for (int t = 0; t < b.parts(); ++t) {
    double c = 0.0;
    for (int i = b.start()[t]; i < b.start()[t + 1]; ++i) c += true_cost[i];
    hi = std::max(hi, c), sum += c;
  }
  return hi / (sum / b.parts());
}

TEST(RangeBalancer, EqualModelledWorkWithoutMeasurements) {
  RangeBalancer b;
  b.split(4, std::vector<double>(1000, 1.0));
  ASSERT_TRUE(b.valid(4, 1000));
  EXPECT_EQ(b.start(), (std::vector<int>{0, 250, 500, 750, 1000}));
  EXPECT_FALSE(b.rebalance_due(1));  // no busy time yet
}

// The model says all particles cost the same, but the first half truly costs three times more
// per particle (a denser region, or a slower core): 3 x 600 + 600 = 2400 units in all, so the
// balanced split puts 400 particles (1200 units) in the first part. The measured correction
// moves the split there within a few splits.
TEST(RangeBalancer, MeasuredCostsMoveTheSplitToTheTrueBalance) {
  const int n = 1200;
  const std::vector<double> true_cost = denser_first_half(n);
  const std::vector<double> model(n, 1.0);
  RangeBalancer b;
  b.split(2, model);
  EXPECT_NEAR(imbalance(b, true_cost), 1.5, 1e-9);  // 1800 vs 600 units
  EXPECT_FALSE(b.rebalance_due(100));               // too few steps measured
  run_steps(b, true_cost, 20);
  EXPECT_TRUE(b.rebalance_due(10));
  for (int k = 0; k < 12; ++k) {
    b.split(2, model);
    run_steps(b, true_cost, 20);
  }
  // the damped update converges geometrically; 12 splits leave well under 1 % imbalance
  EXPECT_NEAR(b.start()[1], 400, 4);
  EXPECT_LT(imbalance(b, true_cost), 1.01);
  EXPECT_FALSE(b.rebalance_due(10, 0.02));
}

// Every neighbour rebuild splits anew; when rebuilds come closer together than the steps the
// balancer needs to learn (a hot, fast compression, a small skin), the measurement must carry
// over those splits (before: each split dropped it, and the ranges never left the model's split).
TEST(RangeBalancer, SplitsEveryFewStepsStillLearn) {
  const int n = 1200;
  const std::vector<double> true_cost = denser_first_half(n);
  const std::vector<double> model(n, 1.0);
  RangeBalancer b;
  b.split(2, model);
  for (int k = 0; k < 100; ++k) {
    run_steps(b, true_cost, 3);
    b.split(2, model);
  }
  EXPECT_NEAR(b.start()[1], 400, 4);
  EXPECT_LT(imbalance(b, true_cost), 1.01);
}

TEST(RangeBalancer, NewPartCountOrParticleCountForgetsTheCorrection) {
  const int n = 600;
  const std::vector<double> true_cost = denser_first_half(n);
  RangeBalancer b;
  b.split(2, std::vector<double>(n, 1.0));
  run_steps(b, true_cost, 20);
  b.split(2, std::vector<double>(n, 1.0));
  EXPECT_LT(b.start()[1], 300);  // learnt
  b.split(3, std::vector<double>(n, 1.0));
  EXPECT_EQ(b.start(), (std::vector<int>{0, 200, 400, 600}));  // other part count: model only
  EXPECT_FALSE(b.valid(2, n));
  EXPECT_TRUE(b.valid(3, n));
  EXPECT_FALSE(b.valid(3, n + 1));
}

TEST(RangeBalancer, MorePartsThanParticlesGivesEmptyRanges) {
  RangeBalancer b;
  b.split(4, std::vector<double>(2, 1.0));
  ASSERT_TRUE(b.valid(4, 2));
  int total = 0;
  for (int t = 0; t < 4; ++t) {
    EXPECT_LE(b.start()[t], b.start()[t + 1]);
    total += b.start()[t + 1] - b.start()[t];
  }
  EXPECT_EQ(total, 2);
}

}  // namespace
}  // namespace electrodem::dem
