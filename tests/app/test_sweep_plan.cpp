// Sweep files: axes, ranges with units, grid/zip, point names, validation
// errors that name the JSON path, and checkpoint sharing between points.
#include <gtest/gtest.h>

#include "electrodem/core/error.hpp"
#include "electrodem/stages/sweep_plan.hpp"
#include "sweep_test_util.hpp"

namespace {

using electrodem::InputError;
using electrodem::Json;
using namespace electrodem::stages;
using sweep_test::fs::path;

const Json kBase = Json::parse(R"({
  "seed": 1,
  "packing": {"count": 100, "components": [
     {"material": "NCM811", "volume_fraction": 0.6, "diameter": {"median": "8 um"}},
     {"material": "LPSCl", "volume_fraction": 0.4, "diameter": {"median": "3 um"}}]},
  "press": {"pressure": "300 MPa"},
  "release": {"pressure": "5 MPa"},
  "stages": ["generate", "press", "release", "transport"]
})");

// A sweep file next to a base config in a scratch dir.
SweepPlan plan_of(const std::string& test, const Json& sweep) {
  const auto dir = sweep_test::scratch(test);
  sweep_test::write_json(dir / "configs" / "base.json", kBase);
  sweep_test::write_json(dir / "sweeps" / "s.json", sweep);
  return load_sweep_plan(dir / "sweeps" / "s.json", dir / "out");
}

// The message of the InputError thrown by f ("" if none).
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepPlan, GridIsEveryCombinationLastAxisFastest) {
  const auto plan = plan_of("grid", Json::parse(R"({"base": "../configs/base.json",
      "axes": {"press.pressure": ["100 MPa", "300 MPa"],
               "packing.components.1.diameter.median": ["1 um", "3 um", "5 um"]}})"));
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.mode, "grid");
  EXPECT_EQ(plan.points[0].name, "pressure=100MPa_median=1um");
  EXPECT_EQ(plan.points[1].name, "pressure=100MPa_median=3um");
  EXPECT_EQ(plan.points[5].name, "pressure=300MPa_median=5um");
  // The overrides reach the config exactly, strings stay strings.
  EXPECT_EQ(plan.points[4].config["press"]["pressure"], "300 MPa");
  EXPECT_EQ(plan.points[4].config["packing"]["components"][1]["diameter"]["median"], "3 um");
  EXPECT_EQ(plan.points[4].overrides.back(), R"(packing.components.1.diameter.median="3 um")");
  EXPECT_TRUE(plan.base_file.is_absolute());
  EXPECT_EQ(plan.base_file.filename(), "base.json");
}

TEST(SweepPlan, ZipPairsTheIthValues) {
  const auto plan = plan_of("zip", Json::parse(R"({"base": "../configs/base.json", "mode": "zip",
      "axes": {"press.pressure": ["100 MPa", "300 MPa"], "seed": [7, 8]}})"));
  ASSERT_EQ(plan.points.size(), 2u);
  EXPECT_EQ(plan.points[1].name, "pressure=300MPa_seed=8");
  EXPECT_EQ(plan.points[1].config["seed"], 8);
}

TEST(SweepPlan, SetAppliesToEveryPointBeforeTheAxes) {
  const auto plan = plan_of("set", Json::parse(R"({"base": "../configs/base.json",
      "set": {"packing.count": 300, "stages": ["generate", "press"], "press.pressure": "1 MPa"},
      "axes": {"press.pressure": ["100 MPa", "200 MPa"]}})"));
  for (const auto& p : plan.points) {
    EXPECT_EQ(p.config["packing"]["count"], 300);
    EXPECT_EQ(p.config["stages"].size(), 2u);
    EXPECT_EQ(p.overrides.front(), "packing.count=300");
  }
  EXPECT_EQ(plan.points[1].config["press"]["pressure"], "200 MPa");  // the axis wins over set
}

TEST(SweepPlan, RangesKeepTheUnitOfFrom) {
  const auto v =
      expand_range(Json::parse(R"({"from": "100 MPa", "to": "0.5 GPa", "steps": 5})"), "a");
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[0], "100 MPa");
  EXPECT_EQ(v[1], "200 MPa");
  EXPECT_EQ(v[4], "500 MPa");
  const auto logv = expand_range(
      Json::parse(R"({"from": "1 um", "to": "100 um", "steps": 3, "spacing": "log"})"), "a");
  EXPECT_EQ(logv[1], "10 um");
  const auto ints = expand_range(Json::parse(R"({"from": 1000, "to": 3000, "steps": 3})"), "a");
  EXPECT_TRUE(ints[1].is_number_integer());
  EXPECT_EQ(ints[1], 2000);
  const auto reals = expand_range(Json::parse(R"({"from": 0.5, "to": 0.7, "steps": 3})"), "a");
  EXPECT_DOUBLE_EQ(reals[1].get<double>(), 0.6);
  // Affine units: 25 degC .. 45 degC in degC.
  const auto temps =
      expand_range(Json::parse(R"({"from": "25 degC", "to": "318.15 K", "steps": 3})"), "a");
  EXPECT_EQ(temps[1], "35 degC");
}

TEST(SweepPlan, RangeAxisInAFile) {
  const auto plan = plan_of("range", Json::parse(R"({"base": "../configs/base.json",
      "axes": {"press.pressure": {"from": "100 MPa", "to": "500 MPa", "steps": 5}}})"));
  ASSERT_EQ(plan.points.size(), 5u);
  EXPECT_EQ(plan.points[2].config["press"]["pressure"], "300 MPa");
}

TEST(SweepPlan, BadFilesNameThePathTheValueAndTheExpectation) {
  const Json base =
      R"({"base": "../configs/base.json", "axes": {"press.pressure": ["1 MPa"]}})"_json;
  auto with = [&](const std::string& patch) {
    Json s = base;
    s.merge_patch(Json::parse(patch));
    return input_error([&] { plan_of("bad", s); });
  };
  EXPECT_NE(with(R"({"axis": 1})").find("axis: unknown key; did you mean 'axes'?"),
            std::string::npos);
  EXPECT_NE(
      with(R"({"base": "nope.json"})").find("base: got \"nope.json\"; an existing config file"),
      std::string::npos);
  EXPECT_NE(with(R"({"mode": "cross"})").find("mode: got \"cross\""), std::string::npos);
  EXPECT_NE(with(R"({"axes": {"press.pressure": 3}})")
                .find("axes[\"press.pressure\"]: got 3; a list of values or a range"),
            std::string::npos);
  EXPECT_NE(with(R"({"axes": {"press.pressure": []}})").find("a non-empty list"),
            std::string::npos);
  EXPECT_NE(with(R"({"axes": {"press.pressure": {"from": "1 MPa", "to": "5 MPa", "steps": 1}}})")
                .find("axes[\"press.pressure\"].steps: got 1; an integer >= 2"),
            std::string::npos);
  EXPECT_NE(with(R"({"axes": {"press.pressure": {"from": "1 MPa", "to": "5 um", "steps": 2}}})")
                .find("axes[\"press.pressure\"].to: got \"5 um\"; a pressure like \"from\""),
            std::string::npos);
  EXPECT_NE(with(R"({"axes": {"press.pressure": {"from": "1 MPa", "to": "5 MPa", "stpes": 2}}})")
                .find("stpes: unknown key; did you mean 'steps'?"),
            std::string::npos);
  EXPECT_NE(with(R"({"mode": "zip", "axes": {"seed": [1, 2]}})").find("as many values as"),
            std::string::npos);
  EXPECT_NE(
      with(R"({"axes": {"packing.components.5.material": ["x"]}})").find("an index in [0, 2]"),
      std::string::npos);
  EXPECT_NE(with(R"({"axes": {"seed": [1, 1]}})").find("have the same values"), std::string::npos);
  EXPECT_NE(with(R"({"set": [1]})").find("set: got [1]; an object"), std::string::npos);
  // Several problems are reported together.
  EXPECT_NE(with(R"({"mode": "x", "out": 3})").find("2 problems"), std::string::npos);
  // Not JSON: file:line:col.
  const auto dir = sweep_test::scratch("badjson");
  sweep_test::write(dir / "s.json", "{\n  \"base\": ,\n}");
  EXPECT_NE(input_error([&] { load_sweep_plan(dir / "s.json"); }).find("s.json:2:"),
            std::string::npos);
}

TEST(SweepPlan, NamesAreFilesystemSafeAndUnique) {
  EXPECT_EQ(safe_value_text(Json("2 \xC2\xB5m")), "2um");
  EXPECT_EQ(safe_value_text(Json("1.5 mS/cm")), "1.5mS_cm");
  EXPECT_EQ(safe_value_text(Json("../../etc")), ".._.._etc");
  EXPECT_EQ(safe_value_text(Json(2e-6)), "2e-06");
  EXPECT_EQ(safe_value_text(Json::parse(R"(["a b", 1])")), "_ab_1_");
  EXPECT_EQ(override_text("a.b", Json("true")), "a.b=\"true\"");  // a string stays a string
  // Axes that share their last path component get longer labels.
  const auto plan = plan_of("labels", Json::parse(R"({"base": "../configs/base.json",
      "axes": {"packing.components.0.diameter.median": ["8 um"],
               "packing.components.1.diameter.median": ["2 um"]}})"));
  EXPECT_EQ(plan.points[0].name, "0.diameter.median=8um_1.diameter.median=2um");
}

TEST(SweepPlan, PointsShareThePressingWhenOnlyLaterSettingsDiffer) {
  auto plan = plan_of("reuse", Json::parse(R"({"base": "../configs/base.json",
      "axes": {"press.pressure": ["100 MPa", "200 MPa"],
               "release.pressure": ["1 MPa", "5 MPa"],
               "transport.bulk_term": [true, false]}})"));
  assign_checkpoint_reuse(plan);
  ASSERT_EQ(plan.points.size(), 8u);
  // 0: 100/1/true runs everything; 1: 100/1/false shares release with 0;
  // 2: 100/5/true shares press with 0; 3: 100/5/false shares release with 2.
  EXPECT_FALSE(plan.points[0].reuse);
  ASSERT_TRUE(plan.points[1].reuse);
  EXPECT_EQ(plan.points[1].reuse->source, 0u);
  EXPECT_EQ(plan.points[1].reuse->stage, "release");
  ASSERT_TRUE(plan.points[2].reuse);
  EXPECT_EQ(plan.points[2].reuse->source, 0u);
  EXPECT_EQ(plan.points[2].reuse->stage, "press");
  ASSERT_TRUE(plan.points[3].reuse);
  EXPECT_EQ(plan.points[3].reuse->source, 2u);
  EXPECT_EQ(plan.points[3].reuse->stage, "release");
  // A different pressure is a different electrode.
  EXPECT_FALSE(plan.points[4].reuse);
  EXPECT_EQ(plan.points[7].reuse->source, 6u);
}

TEST(SweepPlan, NothingIsSharedWhenPressingSettingsDifferOrNothingFollows) {
  auto plan = plan_of("noreuse", Json::parse(R"({"base": "../configs/base.json",
      "axes": {"seed": [1, 2], "packing.count": [100, 200]}})"));
  assign_checkpoint_reuse(plan);
  for (const auto& p : plan.points) EXPECT_FALSE(p.reuse) << p.name;
  // Only pressing: nothing after press to run differently.
  auto press_only = plan_of("pressonly", Json::parse(R"({"base": "../configs/base.json",
      "set": {"stages": ["generate", "press"]}, "axes": {"transport.x": [1, 2]}})"));
  assign_checkpoint_reuse(press_only);
  for (const auto& p : press_only.points) EXPECT_FALSE(p.reuse) << p.name;
  // Differing stage lists after press still share the pressing.
  auto stages = plan_of("stages", Json::parse(R"({"base": "../configs/base.json",
      "axes": {"stages": [["generate", "press", "transport"], ["generate", "press", "release"]]}})"));
  assign_checkpoint_reuse(stages);
  ASSERT_TRUE(stages.points[1].reuse);
  EXPECT_EQ(stages.points[1].reuse->stage, "press");
}

}  // namespace
