#include <gtest/gtest.h>

#include <cmath>

#include "electrodem/core/units.hpp"

using namespace electrodem::units;

// Relative tolerance: conversions are products of exact decimal factors, so
// only a few ulps of rounding are expected.
#define EXPECT_SI(text, dimension, expected) \
  EXPECT_NEAR(to_si(text, dimension), expected, 1e-12 * std::abs(expected))

TEST(Units, Length) {
  EXPECT_SI("5 um", dim::length, 5e-6);
  EXPECT_SI("5 µm", dim::length, 5e-6);
  EXPECT_SI("5 μm", dim::length, 5e-6);
  EXPECT_SI("2 mm", dim::length, 2e-3);
  EXPECT_SI("30nm", dim::length, 30e-9);
  EXPECT_SI("1.5 m", dim::length, 1.5);
  EXPECT_SI("1e-2 cm", dim::length, 1e-4);
}

TEST(Units, Pressure) {
  EXPECT_SI("300 MPa", dim::pressure, 3e8);
  EXPECT_SI("0.5 GPa", dim::pressure, 5e8);
  EXPECT_SI("12 kPa", dim::pressure, 1.2e4);
  EXPECT_SI("7 Pa", dim::pressure, 7.0);
  EXPECT_SI("2 bar", dim::pressure, 2e5);
}

TEST(Units, DensityAndConductivity) {
  EXPECT_SI("4.75 g/cm^3", dim::density, 4750.0);
  EXPECT_SI("1640 kg/m^3", dim::density, 1640.0);
  EXPECT_SI("1.5 mS/cm", dim::conductivity, 0.15);
  EXPECT_SI("2 S/cm", dim::conductivity, 200.0);
  EXPECT_SI("3 S/m", dim::conductivity, 3.0);
  EXPECT_SI("1 S cm^-1", dim::conductivity, 100.0);
}

TEST(Units, TimeVoltageCurrent) {
  EXPECT_SI("10 s", dim::time, 10.0);
  EXPECT_SI("2 min", dim::time, 120.0);
  EXPECT_SI("1.5 h", dim::time, 5400.0);
  EXPECT_SI("4.3 V", dim::voltage, 4.3);
  EXPECT_SI("50 mV", dim::voltage, 0.05);
  EXPECT_SI("2 A", dim::current, 2.0);
  EXPECT_SI("3 mA", dim::current, 3e-3);
  EXPECT_SI("1 mA/cm^2", dim::current_density, 10.0);
}

TEST(Units, TransportAndAmount) {
  EXPECT_SI("1e-14 m^2/s", dim::diffusivity, 1e-14);
  EXPECT_SI("1e-10 cm^2/s", dim::diffusivity, 1e-14);
  EXPECT_SI("49600 mol/m^3", dim::concentration, 49600.0);
  EXPECT_SI("1 mol/L", dim::concentration, 1000.0);
  EXPECT_SI("10 mg/cm^2", dim::areal_mass, 0.1);
  EXPECT_SI("200 mAh/g", dim::specific_charge, 720000.0);
  EXPECT_SI("3e-6 m^3/mol", dim::molar_volume, 3e-6);
}

TEST(Units, Temperature) {
  EXPECT_SI("298.15 K", dim::temperature, 298.15);
  EXPECT_SI("25 degC", dim::temperature, 298.15);
}

TEST(Units, DimensionlessAndPercent) {
  EXPECT_SI("0.25", dim::none, 0.25);
  EXPECT_SI("5 %", dim::none, 0.05);
}

TEST(Units, CRates) {
  EXPECT_DOUBLE_EQ(parse_c_rate("C/10"), 0.1);
  EXPECT_DOUBLE_EQ(parse_c_rate("C/3"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(parse_c_rate("2C"), 2.0);
  EXPECT_DOUBLE_EQ(parse_c_rate("0.5 C"), 0.5);
  EXPECT_DOUBLE_EQ(parse_c_rate("1C"), 1.0);
  EXPECT_DOUBLE_EQ(parse_c_rate("C"), 1.0);
  EXPECT_THROW(parse_c_rate("C/0"), UnitError);
  EXPECT_THROW(parse_c_rate("C/x"), UnitError);
  EXPECT_THROW(parse_c_rate("2 A"), UnitError);
  EXPECT_THROW(parse_c_rate("-1C"), UnitError);
}

TEST(Units, BadUnits) {
  EXPECT_THROW(to_si("5 furlong", dim::length), UnitError);
  EXPECT_THROW(to_si("MPa", dim::pressure), UnitError);           // no number
  EXPECT_THROW(to_si("", dim::pressure), UnitError);
  EXPECT_THROW(to_si("5 m^x", dim::length), UnitError);           // bad exponent
  EXPECT_THROW(to_si("5 m//s", dim::velocity), UnitError);
  EXPECT_THROW(to_si("5 m/", dim::velocity), UnitError);
  EXPECT_THROW(to_si("1e999 m", dim::length), UnitError);         // not finite
}

TEST(Units, WrongDimensionMessage) {
  try {
    to_si("5 MPa", dim::length);
    FAIL();
  } catch (const UnitError& e) {
    EXPECT_NE(std::string(e.what()).find("is a pressure, expected a length"), std::string::npos) << e.what();
  }
}

TEST(Units, DimensionNames) {
  EXPECT_EQ(dim::conductivity.name(), "conductivity");
  EXPECT_EQ((dim::length * dim::time).name(), "m s");
}

// Fracture toughness, Pa m^1/2: half-integer powers of a unit are accepted here (and only where
// the net dimension is the toughness's); 1 MPa m^0.5 = 1e6 Pa m^0.5, 1 mm^0.5 = sqrt(1e-3) m^0.5.
TEST(Units, FractureToughnessHalfPowers) {
  const double k = 0.23e6;
  EXPECT_NEAR(fracture_toughness_to_si("0.23 MPa m^0.5"), k, 1e-12 * k);
  EXPECT_NEAR(fracture_toughness_to_si("0.23 MPa*m^0.5"), k, 1e-12 * k);
  EXPECT_NEAR(fracture_toughness_to_si("0.23 MPa.m^0.5"), k, 1e-12 * k);
  EXPECT_NEAR(fracture_toughness_to_si("230 kPa m^0.5"), k, 1e-12 * k);
  EXPECT_NEAR(fracture_toughness_to_si("230000 Pa m^0.5"), k, 1e-12 * k);
  EXPECT_NEAR(fracture_toughness_to_si("1 MPa mm^0.5"), 1e6 * std::sqrt(1e-3), 1e-12 * 1e6);
  EXPECT_NEAR(fracture_toughness_to_si("1 N m^-1.5"), 1.0, 1e-15);
  EXPECT_THROW(fracture_toughness_to_si("0.23 MPa"), UnitError);         // a pressure
  EXPECT_THROW(fracture_toughness_to_si("0.23 MPa m^0.25"), UnitError);  // not a half
  EXPECT_THROW(to_si("0.23 MPa m^0.5", dim::pressure), UnitError);       // net half power
  EXPECT_THROW(parse_quantity("2 m^0.5"), UnitError);
  EXPECT_SI("4 m^1.5 m^0.5", dim::area, 4.0);  // halves that add up to an integer are fine
  EXPECT_SI("3 cm^2", dim::area, 3e-4);        // integer powers unchanged
}
