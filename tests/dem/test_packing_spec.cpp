// The "packing" config object: defaults written to the resolved config, and
// each bad input reported with its JSON path, value and what was expected.
#include <fstream>

#include <gtest/gtest.h>

#include "electrodem/core/config_node.hpp"
#include "electrodem/dem/packing_csv.hpp"
#include "electrodem/dem/packing_generate.hpp"
#include "electrodem/dem/packing_spec.hpp"
#include "test_packing_util.hpp"

namespace electrodem::dem {
namespace {
using testing::two_materials;

Json good() {
  return Json::parse(R"({"packing": {
    "count": 6000,
    "components": [
      {"material": "AM", "volume_fraction": 0.6,
       "diameter": {"distribution": "lognormal", "median": "8 um", "gsd": 1.2}},
      {"material": "SE", "volume_fraction": 0.4,
       "diameter": {"distribution": "normal", "mean": "3 um", "std": "0.5 um", "max": "5 um"}}]}})");
}

TEST(PackingSpec, ReadsValuesAndWritesDefaults) {
  ConfigReader reader(good());
  auto root = reader.root();
  const auto s = parse_packing(root.child("packing"), two_materials());
  ASSERT_NO_THROW(reader.finish());
  EXPECT_EQ(s.target, SizeTarget::count);
  EXPECT_EQ(s.count, 6000);
  EXPECT_DOUBLE_EQ(s.footprint[0], 50e-6);
  EXPECT_EQ(s.fraction_kind, FractionKind::volume);
  ASSERT_EQ(s.components.size(), 2u);
  EXPECT_EQ(s.components[1].material, 1);
  EXPECT_EQ(s.components[0].diameter.kind, SizeDistribution::lognormal);
  EXPECT_DOUBLE_EQ(s.components[0].diameter.median, 8e-6);
  EXPECT_DOUBLE_EQ(s.components[1].diameter.max, 5e-6);
  EXPECT_DOUBLE_EQ(s.initial_solid_fraction, 0.3);
  const Json& r = reader.resolved()["packing"];
  EXPECT_EQ(r["footprint"], Json::parse(R"(["50 um", "50 um"])"));
  EXPECT_EQ(r["initial_solid_fraction"], 0.3);
  EXPECT_EQ(r["components"][0]["diameter"]["min"], 0.0);
  EXPECT_FALSE(s.import_file.has_value());
}

TEST(PackingSpec, ResolvedConfigReadsBackTheSame) {
  ConfigReader first(good());
  const auto a = parse_packing(first.root().child("packing"), two_materials());
  first.finish();
  ConfigReader second(first.resolved());
  const auto b = parse_packing(second.root().child("packing"), two_materials());
  ASSERT_NO_THROW(second.finish());
  EXPECT_EQ(a.footprint, b.footprint);
  EXPECT_EQ(a.components[1].diameter.std, b.components[1].diameter.std);
}

TEST(PackingSpec, ThicknessAndLoading) {
  Json j = good();
  j["packing"].erase("count");
  j["packing"]["thickness"] = "60 um";
  ConfigReader r1(j);
  const auto s1 = parse_packing(r1.root().child("packing"), two_materials());
  r1.finish();
  EXPECT_EQ(s1.target, SizeTarget::thickness);
  EXPECT_DOUBLE_EQ(s1.thickness, 60e-6);
  EXPECT_DOUBLE_EQ(s1.target_relative_density, 0.8);
  EXPECT_EQ(r1.resolved()["packing"]["target_relative_density"], 0.8);

  j["packing"].erase("thickness");
  j["packing"]["loading"] = "10 mg/cm^2";
  ConfigReader r2(j);
  const auto s2 = parse_packing(r2.root().child("packing"), two_materials());
  r2.finish();
  EXPECT_EQ(s2.target, SizeTarget::loading);
  EXPECT_NEAR(s2.loading, 0.1, 1e-12);  // 10 mg/cm^2 = 0.1 kg/m^2
  // 0.1 kg/m^2 of 4800 kg/m^3 AM over 50x50 um is 2.6e-5 mm^3 ... ~100 particles of 8 um
  EXPECT_GT(expected_particle_count(s2, two_materials()), 50.0);
}

TEST(PackingSpec, ImportNeedsNoComponents) {
  const auto dir = testing::scratch_dir("spec_import");
  std::ofstream(dir / "p.csv") << "x,y,z,r,material\n1e-6,1e-6,1e-6,1e-6,AM\n";
  ConfigReader r(Json::parse(R"({"packing": {"import": "p.csv", "height": "40 um"}})"));
  const auto s = parse_packing(r.root().child("packing"), two_materials(), dir);
  ASSERT_NO_THROW(r.finish());
  ASSERT_TRUE(s.import_file.has_value());
  EXPECT_EQ(*s.import_file, dir / "p.csv");
  EXPECT_DOUBLE_EQ(*s.import_height, 40e-6);
  EXPECT_DOUBLE_EQ(s.footprint[1], 50e-6);  // no box in the file: the default
}

TEST(PackingSpec, ImportOfOwnExportKeepsTheBoxBitwise) {
  const auto mats = two_materials();
  PackingSpec gen;
  gen.footprint = {33e-6, 41e-6};
  gen.count = 300;
  gen.components = {{0, 1.0, DiameterSpec::lognormal(4e-6, 1.2)}};
  const auto p = build_packing(gen, mats, 3);  // spatially ordered, so the import keeps the order
  const auto dir = testing::scratch_dir("spec_own_export");
  write_packing_csv(dir / "p.csv", p, mats);
  ConfigReader r(Json::parse(R"({"packing": {"import": "p.csv"}})"));
  const auto s = parse_packing(r.root().child("packing"), mats, dir);
  ASSERT_NO_THROW(r.finish());
  EXPECT_EQ(s.footprint, p.footprint);
  ASSERT_TRUE(s.import_height.has_value());
  EXPECT_EQ(*s.import_height, p.height);
  const auto q = build_packing(s, mats, 0);
  EXPECT_EQ(q.radius, p.radius);
  EXPECT_EQ(q.height, p.height);
  EXPECT_EQ(q.position, p.position);
  // The resolved config records the box, and reads back to the same bits.
  ConfigReader again(r.resolved());
  const auto s2 = parse_packing(again.root().child("packing"), mats, dir);
  ASSERT_NO_THROW(again.finish());
  EXPECT_EQ(s2.footprint, p.footprint);
  EXPECT_EQ(*s2.import_height, p.height);
}

TEST(PackingSpec, CsvDistributionRelativeToConfigDir) {
  const auto dir = testing::scratch_dir("spec_csv");
  std::ofstream(dir / "sizes.csv") << "d [um]\n3\n5\n";
  Json j = good();
  j["packing"]["components"][1]["diameter"] = Json{{"distribution", "csv"}, {"file", "sizes.csv"}};
  ConfigReader r(j);
  const auto s = parse_packing(r.root().child("packing"), two_materials(), dir);
  ASSERT_NO_THROW(r.finish());
  const auto& d = s.components[1].diameter;
  EXPECT_EQ(d.kind, SizeDistribution::csv);
  ASSERT_EQ(d.values.size(), 2u);
  EXPECT_DOUBLE_EQ(d.values[1], 5e-6);
  EXPECT_NEAR(diameter_moments(d).mean, 4e-6, 1e-15);
}

// A bad packing config, the path of its (first) issue, and a fragment of the message.
struct Bad {
  const char* name;
  const char* patch;  // JSON merge patch onto good()["packing"]
  const char* path;
  const char* expected;
};

const Bad kBad[] = {
    {"unknown material", R"({"components": [{"material": "SEE"}, {}]})",
     "packing.components.0.material", "did you mean 'SE'"},
    {"fractions do not sum", R"({"components": [{"volume_fraction": 0.5}, {}]})",
     "packing.components", "summing to 1"},
    {"fraction above one", R"({"components": [{"volume_fraction": 1.2}, {}]})",
     "packing.components.0.volume_fraction", "in [0, 1]"},
    {"two size targets", R"({"thickness": "50 um"})", "packing.thickness", "exactly one of"},
    {"no size target", R"({"count": null})", "packing.count", "exactly one of"},
    {"gsd below one", R"({"components": [{"diameter": {"gsd": 0.8}}, {}]})",
     "packing.components.0.diameter.gsd", "in [1, 100]"},
    {"pressure for a length", R"({"components": [{"diameter": {"median": "5 MPa"}}, {}]})",
     "packing.components.0.diameter.median", "length"},
    {"negative std", R"({"components": [{}, {"diameter": {"std": "-1 um"}}]})",
     "packing.components.1.diameter.std", ">= 0"},
    {"mean for lognormal", R"({"components": [{"diameter": {"mean": "3 um"}}, {}]})",
     "packing.components.0.diameter.mean", "did you mean"},
    {"typo in distribution",
     R"({"components": [{"diameter": {"distribution": "lognormall"}}, {}]})",
     "packing.components.0.diameter.distribution", "did you mean 'lognormal'"},
    {"mixed fraction kinds",
     R"({"components": [{}, {"volume_fraction": null, "mass_fraction": 0.4}]})",
     "packing.components.1.mass_fraction", "same kind"},
    {"truncation max below min", R"({"components": [{}, {"diameter": {"min": "6 um"}}]})",
     "packing.components.1.diameter.max", "max > min"},
    {"footprint of three", R"({"footprint": ["50 um", "50 um", "1 um"]})", "packing.footprint",
     "two lengths"},
    {"count not an integer", R"({"count": 10.5})", "packing.count", "integer"},
    {"height without import", R"({"height": "30 um"})", "packing.height",
     "only used with 'import'"},
    {"missing diameter", R"({"components": [{"diameter": null}, {}]})",
     "packing.components.0.diameter", "missing"},
    {"loading without AM",
     R"({"count": null, "loading": "5 mg/cm^2", "components": [{"material": "SE"}, {}]})",
     "packing.loading", "active material"},
    {"list weights mismatch",
     R"({"components": [{"diameter": {"distribution": "list", "median": null, "gsd": null, "values": ["2 um", "3 um"], "weights": [1]}}, {}]})",
     "packing.components.0.diameter.weights", "one weight per value"},
    {"import file missing", R"({"import": "/nonexistent/p.csv"})", "packing.import",
     "an existing CSV file"},
    {"csv file missing",
     R"({"components": [{"diameter": {"distribution": "csv", "median": null, "gsd": null, "file": "/nonexistent/d.csv"}}, {}]})",
     "packing.components.0.diameter.file", "cannot open"},
};

class PackingSpecBad : public ::testing::TestWithParam<Bad> {};

TEST_P(PackingSpecBad, ReportsPathValueAndExpectation) {
  const Bad& b = GetParam();
  Json j = good();
  // Merge the patch element-wise into components so a patch touches one entry.
  Json patch = Json::parse(b.patch);
  if (patch.contains("components")) {
    for (std::size_t i = 0; i < patch["components"].size(); ++i)
      j["packing"]["components"][i].merge_patch(patch["components"][i]);
    patch.erase("components");
  }
  j["packing"].merge_patch(patch);
  ConfigReader reader(j);
  parse_packing(reader.root().child("packing"), two_materials());
  try {
    reader.finish();
    FAIL() << b.name << ": no error";
  } catch (const InputError& e) {
    bool found = false;
    for (const auto& i : e.issues())
      found = found || (i.path == b.path && i.expected.find(b.expected) != std::string::npos);
    EXPECT_TRUE(found) << b.name << ": expected path " << b.path << " with '" << b.expected
                       << "', got\n"
                       << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(All, PackingSpecBad, ::testing::ValuesIn(kBad),
                         [](const auto& param_info) {
                           std::string n = param_info.param.name;
                           for (auto& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace electrodem::dem
