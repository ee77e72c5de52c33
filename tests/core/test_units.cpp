#include <gtest/gtest.h>

#include "electrodem/core/units.hpp"

using namespace electrodem::units;

TEST(Units, Lengths) {
  EXPECT_DOUBLE_EQ(to_si("5 um", dim::length), 5e-6);
  EXPECT_DOUBLE_EQ(to_si("5 µm", dim::length), 5e-6);
  EXPECT_DOUBLE_EQ(to_si("2 mm", dim::length), 2e-3);
  EXPECT_DOUBLE_EQ(to_si("30nm", dim::length), 30e-9);
  EXPECT_DOUBLE_EQ(to_si("1.5 m", dim::length), 1.5);
}
