// Bad configs: each must give an InputError naming the JSON path and saying
// what was expected, never a crash; all problems are reported together.
#include <gtest/gtest.h>

#include "electrodem/core/json_file.hpp"
#include "electrodem/stages/run_config.hpp"

using electrodem::InputError;
using electrodem::Json;
using electrodem::stages::parse_run_config;

namespace {

Json base_config() {
  return Json::parse(R"({
    "seed": 3,
    "materials": {"NCM811": {"base": "NCM811"}, "LPSCl": {"base": "Li6PS5Cl", "yield_pressure": "0.5 GPa"}},
    "packing": {"footprint": ["40 um", "40 um"], "count": 500,
      "components": [
        {"material": "NCM811", "volume_fraction": 0.6, "diameter": {"distribution": "lognormal", "median": "8 um", "gsd": 1.2}},
        {"material": "LPSCl", "volume_fraction": 0.4, "diameter": {"distribution": "lognormal", "median": "3 um", "gsd": 1.3}}]},
    "stages": ["generate", "press", "release"],
    "output": {"dir": "runs/test"}
  })");
}

struct BadCase {
  std::string name;
  std::string set;   // --set style override applied to the base config
  std::string path;  // expected JSON path in the error
  std::string text;  // expected fragment of the message
};

class BadConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfig, NamesPathAndExpectation) {
  const BadCase& c = GetParam();
  SCOPED_TRACE(c.name);
  Json cfg = base_config();
  electrodem::apply_override(cfg, c.set);
  try {
    parse_run_config(cfg, {});
    FAIL() << "no error for " << c.set;
  } catch (const InputError& e) {
    bool found = false;
    for (const auto& issue : e.issues())
      if (issue.path == c.path && issue.describe().find(c.text) != std::string::npos) found = true;
    EXPECT_TRUE(found) << "expected path '" << c.path << "' with '" << c.text << "', got:\n" << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Validation, BadConfig,
    ::testing::Values(
        BadCase{"UnknownTopKey", "presss={}", "presss", "did you mean 'press'"},
        BadCase{"UnknownMaterialKey", "materials.LPSCl.youngs_modulu=1e9", "materials.LPSCl.youngs_modulu",
                "did you mean 'youngs_modulus'"},
        BadCase{"WrongTypeCount", "packing.count=\"many\"", "packing.count", "expected an integer"},
        BadCase{"NegativeSize", "packing.components.0.diameter.median=-3um", "packing.components.0.diameter.median", "> 0"},
        BadCase{"WrongDimension", "packing.components.1.diameter.median=5MPa", "packing.components.1.diameter.median",
                "is a pressure, expected a length"},
        BadCase{"UnknownUnit", "packing.components.1.diameter.median=5furlong", "packing.components.1.diameter.median",
                "unknown unit"},
        BadCase{"FractionAboveOne", "packing.components.0.volume_fraction=1.5", "packing.components.0.volume_fraction",
                "[0, 1]"},
        BadCase{"FractionsNotSummingToOne", "packing.components.0.volume_fraction=0.7", "packing.components",
                "summing to 1"},
        BadCase{"PoissonOutOfRange", "materials.NCM811.poisson_ratio=0.6", "materials.NCM811.poisson_ratio",
                "(-1, 0.5)"},
        BadCase{"NegativeDensity", "materials.NCM811.density=\"-4 g/cm^3\"", "materials.NCM811.density", "> 0"},
        BadCase{"UnknownBase", "materials.NCM811.base=NCM812", "materials.NCM811.base", "did you mean 'NCM811'"},
        BadCase{"UnknownComponentMaterial", "packing.components.0.material=NCM8111", "packing.components.0.material",
                "NCM811"},
        BadCase{"UnknownStage", "stages.1=pres", "stages.1", "did you mean 'press'"},
        BadCase{"StagesOutOfOrder", "stages=[\"press\",\"generate\"]", "stages.1", "pipeline order"},
        BadCase{"NegativeSeed", "seed=-4", "seed", "integer"},
        BadCase{"BadDistribution", "packing.components.0.diameter.distribution=lognormall",
                "packing.components.0.diameter.distribution", "did you mean 'lognormal'"},
        BadCase{"BadFootprint", "packing.footprint=[\"40 um\"]", "packing.footprint", "two"},
        BadCase{"BadRestitution", "materials.NCM811.restitution=0", "materials.NCM811.restitution", "(0, 1]"},
        BadCase{"StringWhereObject", "output=\"runs/x\"", "output", "expected an object"},
        BadCase{"BadFramesType", "output.frames_per_stage=true", "output.frames_per_stage", "integer"}),
    [](const auto& test) { return test.param.name; });

TEST(ConfigValidation, AllProblemsReportedTogether) {
  Json cfg = base_config();
  electrodem::apply_override(cfg, "seed=-1");
  electrodem::apply_override(cfg, "materials.NCM811.poisson_ratio=0.7");
  electrodem::apply_override(cfg, "packing.components.0.diameter.median=5MPa");
  electrodem::apply_override(cfg, "outptu={}");
  try {
    parse_run_config(cfg, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_GE(e.issues().size(), 4u) << e.what();
  }
}

TEST(ConfigValidation, RootMustBeObject) {
  EXPECT_THROW(parse_run_config(Json::array(), {}), InputError);
}

TEST(ConfigValidation, GoodConfigResolvesDefaults) {
  const auto cfg = parse_run_config(base_config(), {});
  EXPECT_EQ(cfg.seed, 3u);
  EXPECT_EQ(cfg.stages.size(), 3u);
  // Defaults are written into the resolved config.
  EXPECT_TRUE(cfg.resolved["packing"].contains("initial_solid_fraction"));
  EXPECT_TRUE(cfg.resolved["materials"]["NCM811"].contains("youngs_modulus"));
  EXPECT_DOUBLE_EQ(cfg.materials[static_cast<std::size_t>(cfg.materials.index_of("LPSCl"))].yield_pressure, 0.5e9);
}

// config.resolved.json is a complete config: running it again must give the same resolution
// (it held empty "ocv": {} tables and cycle.max_time_step 0, which the reader then rejected).
TEST(ConfigValidation, ResolvedConfigRunsAgainUnchanged) {
  for (const char* file : {"configs/default.json", "configs/cycling_ncm811.json"}) {
    const auto first = parse_run_config(electrodem::read_json_file(
                                            std::string(ELECTRODEM_SOURCE_DIR) + "/" + file),
                                        ELECTRODEM_SOURCE_DIR);
    const auto again = parse_run_config(first.resolved, ELECTRODEM_SOURCE_DIR);
    EXPECT_EQ(again.resolved, first.resolved) << file;
  }
}

TEST(ConfigOverride, SetSyntax) {
  Json cfg = base_config();
  electrodem::apply_override(cfg, "packing.components.1.diameter.median=2um");
  EXPECT_EQ(cfg["packing"]["components"][1]["diameter"]["median"], "2um");
  electrodem::apply_override(cfg, "packing.count=2000");
  EXPECT_EQ(cfg["packing"]["count"], 2000);
  electrodem::apply_override(cfg, R"(stages=["generate","press"])");
  EXPECT_EQ(cfg["stages"].size(), 2u);
  electrodem::apply_override(cfg, "new.deep.key=true");
  EXPECT_EQ(cfg["new"]["deep"]["key"], true);
  EXPECT_THROW(electrodem::apply_override(cfg, "packing.components.7.material=x"), InputError);
  EXPECT_THROW(electrodem::apply_override(cfg, "novalue"), InputError);
}

}  // namespace
