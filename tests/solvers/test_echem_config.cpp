// The "cycle" config block: vocabulary of DESIGN.md §4, units, C-rates and
// errors that name the JSON path.
#include <gtest/gtest.h>

#include "electrodem/core/config_node.hpp"
#include "electrodem/solvers/echem_params.hpp"

namespace electrodem::solvers {
namespace {

CycleParams parse(const char* text, ConfigReader** keep = nullptr) {
  static std::unique_ptr<ConfigReader> reader;
  reader = std::make_unique<ConfigReader>(Json::parse(text));
  CycleParams p = parse_cycle(reader->root().child("cycle"));
  if (keep)
    *keep = reader.get();
  else
    reader->finish();
  return p;
}

// First issue of the InputError thrown for a bad config.
InputIssue first_issue(const char* text) {
  ConfigReader* r = nullptr;
  parse(text, &r);
  try {
    r->finish();
  } catch (const InputError& e) {
    return e.issues().at(0);
  }
  ADD_FAILURE() << "no InputError for " << text;
  return {};
}

TEST(EchemConfig, DesignExampleParses) {
  const CycleParams p =
      parse(R"({"cycle": {"counter_electrode": "Li", "mechanics": "constant_pressure",
      "stack_pressure": "5 MPa", "protocol": [
        {"charge": "C/10", "until": "4.3 V"},
        {"hold": "4.3 V", "until": "C/50"},
        {"discharge": "C/10", "until": "2.5 V"},
        {"rest": "1 h"}], "cycles": 3}})");
  ASSERT_EQ(p.protocol.size(), 4u);
  EXPECT_EQ(p.protocol[0].kind, ProtocolStep::Kind::charge);
  EXPECT_EQ(p.protocol[0].rate.kind, Rate::Kind::c_rate);
  EXPECT_DOUBLE_EQ(p.protocol[0].rate.value, 0.1);
  EXPECT_DOUBLE_EQ(*p.protocol[0].until_voltage, 4.3);
  EXPECT_EQ(p.protocol[1].kind, ProtocolStep::Kind::hold);
  EXPECT_DOUBLE_EQ(p.protocol[1].voltage, 4.3);
  EXPECT_DOUBLE_EQ(p.protocol[1].until_current->value, 0.02);
  EXPECT_DOUBLE_EQ(*p.protocol[3].until_time, 3600.0);
  EXPECT_EQ(p.cycles, 3);
  EXPECT_EQ(p.mechanics, "constant_pressure");
  EXPECT_DOUBLE_EQ(*p.stack_pressure, 5e6);
  EXPECT_EQ(p.options.counter.name, "Li");
  EXPECT_FALSE(p.options.counter.ideal());
}

TEST(EchemConfig, CurrentsCRatesAndCounterElectrodes) {
  const CycleParams p = parse(R"({"cycle": {"counter_electrode": "Li-In", "protocol": [
      {"charge": "2C", "until": "10 h"}, {"discharge": "1 mA", "until": "1.9 V"},
      {"discharge": "0.5 mA/cm^2", "until": "1.9 V"}, {"hold": "3.7 V", "until": "0.01 mA"}]}})");
  EXPECT_DOUBLE_EQ(p.protocol[0].rate.value, 2.0);
  EXPECT_DOUBLE_EQ(*p.protocol[0].until_time, 36000.0);
  EXPECT_EQ(p.protocol[1].rate.kind, Rate::Kind::current);
  EXPECT_NEAR(p.protocol[1].rate.value, 1e-3, 1e-18);
  EXPECT_EQ(p.protocol[2].rate.kind, Rate::Kind::current_density);
  EXPECT_NEAR(p.protocol[2].rate.value, 5.0, 1e-12);  // A/m^2
  EXPECT_NEAR(p.protocol[3].until_current->amps(1.0, 1.0), 1e-5, 1e-18);
  EXPECT_DOUBLE_EQ(p.options.counter.potential, 0.62);
  EXPECT_TRUE(p.options.counter.ideal());
  EXPECT_DOUBLE_EQ(p.protocol[2].rate.amps(0.0, 2e-4), 1e-3);
}

TEST(EchemConfig, DefaultsAreACcCvCycle) {
  const CycleParams p = parse(R"({"cycle": {}})");
  ASSERT_EQ(p.protocol.size(), 3u);
  EXPECT_EQ(p.protocol[1].kind, ProtocolStep::Kind::hold);
  EXPECT_EQ(p.cycles, 1);
  EXPECT_GE(p.options.shells, 10);
}

TEST(EchemConfig, ErrorsNameTheJsonPath) {
  auto bad_rate = first_issue(R"({"cycle": {"protocol": [{"charge": "C/x", "until": "4.3 V"}]}})");
  EXPECT_EQ(bad_rate.path, "cycle.protocol.0.charge");
  auto bad_until =
      first_issue(R"({"cycle": {"protocol": [{"discharge": "C/2", "until": "3 Pa"}]}})");
  EXPECT_EQ(bad_until.path, "cycle.protocol.0.until");
  auto missing = first_issue(R"({"cycle": {"protocol": [{"discharge": "C/2"}]}})");
  EXPECT_EQ(missing.path, "cycle.protocol.0.until");
  auto two = first_issue(R"({"cycle": {"protocol": [{"charge": "C/2", "rest": "1 h"}]}})");
  EXPECT_NE(two.expected.find("exactly one"), std::string::npos);
  auto ce = first_issue(R"({"cycle": {"counter_electrode": "Lithium"}})");
  EXPECT_EQ(ce.path, "cycle.counter_electrode");
  auto typo = first_issue(R"({"cycle": {"protocol": [{"charge": "C/2", "untill": "4.3 V"}]}})");
  EXPECT_NE(typo.path.find("cycle.protocol.0"), std::string::npos);
  auto mech = first_issue(R"({"cycle": {"mechanics": "constant_volume"}})");
  EXPECT_EQ(mech.path, "cycle.mechanics");
}

}  // namespace
}  // namespace electrodem::solvers
