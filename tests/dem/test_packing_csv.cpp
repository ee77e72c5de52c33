// Packing CSV import/export.
#include <cstring>
#include <fstream>

#include <gtest/gtest.h>

#include "electrodem/core/error.hpp"
#include "electrodem/dem/packing_csv.hpp"
#include "electrodem/dem/packing_generate.hpp"
#include "test_packing_util.hpp"

namespace electrodem::dem {
namespace {
using testing::scratch_dir;
using testing::two_materials;

void write(const std::filesystem::path& f, const std::string& text) {
  std::ofstream(f) << text;
}

TEST(PackingCsv, RoundTripIsBitwise) {
  const auto mats = two_materials();
  PackingSpec s;
  s.footprint = {40e-6, 30e-6};
  s.count = 800;
  s.components = {{0, 0.5, DiameterSpec::lognormal(5e-6, 1.2)},
                  {1, 0.5, DiameterSpec::normal(2e-6, 0.3e-6)}};
  const auto p = generate_packing(s, mats, 5);
  const auto dir = scratch_dir("roundtrip");
  write_packing_csv(dir / "p.csv", p, mats);
  const auto q = read_packing_csv(dir / "p.csv", p.footprint, p.height, mats);
  ASSERT_EQ(q.size(), p.size());
  EXPECT_EQ(std::memcmp(q.position.data(), p.position.data(), p.size() * sizeof(Eigen::Vector3d)),
            0);
  EXPECT_EQ(q.radius, p.radius);  // operator== on doubles: exact
  EXPECT_EQ(q.material, p.material);
  EXPECT_EQ(q.height, p.height);
  // Without a height the box ends at the highest sphere top.
  const auto r = read_packing_csv(dir / "p.csv", p.footprint, std::nullopt, mats);
  double top = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) top = std::max(top, p.position[i].z() + p.radius[i]);
  EXPECT_EQ(r.height, top);
  // Atomic write leaves no temporary behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(PackingCsv, HeaderUnitsOrderAndMaterialIndex) {
  const auto dir = scratch_dir("header");
  write(dir / "p.csv",
        "# from another tool\n"
        "id, material, diameter [um], z [um], y [um], x [um]\n"
        "1, 1, 4, 2, 3, 41\n"  // x = 41 um wraps to 1 um in a 40 um footprint
        "2, AM, 2.0, 10, 5, 5\n");
  const auto p = read_packing_csv(dir / "p.csv", {40e-6, 40e-6}, 20e-6, two_materials());
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.material[0], 1);
  EXPECT_EQ(p.material[1], 0);
  EXPECT_NEAR(p.radius[0], 2e-6, 1e-18);
  EXPECT_NEAR(p.position[0].x(), 1e-6, 1e-15);
  EXPECT_NEAR(p.position[0].y(), 3e-6, 1e-18);
  EXPECT_NEAR(p.position[0].z(), 2e-6, 1e-18);
  EXPECT_EQ(p.height, 20e-6);
}

TEST(PackingCsv, NoHeaderWhitespaceSeparated) {
  const auto dir = scratch_dir("noheader");
  write(dir / "p.txt", "1e-6 1e-6 2e-6 1e-6 SE\n\n5e-6 5e-6 3e-6 1.5e-6 AM\n");
  const auto p = read_packing_csv(dir / "p.txt", {10e-6, 10e-6}, std::nullopt, two_materials());
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.material[0], 1);
  EXPECT_DOUBLE_EQ(p.height, 4.5e-6);
}

// Every bad line is reported, each with file:line, the value and what was expected.
TEST(PackingCsv, BadLinesNameFileAndLine) {
  const auto dir = scratch_dir("bad");
  const auto f = dir / "bad.csv";
  write(f,
        "x,y,z,radius,material\n"       // line 1
        "1e-6,1e-6,2e-6,1e-6,AM\n"      // 2 ok
        "1e-6,abc,2e-6,1e-6,AM\n"       // 3 not a number
        "1e-6,1e-6,2e-6,-1e-6,SE\n"     // 4 negative radius
        "1e-6,1e-6,2e-6,1e-6,NCM\n"     // 5 unknown material
        "1e-6,1e-6,2e-6\n"              // 6 too few fields
        "1e-6,1e-6,0.5e-6,1e-6,SE\n");  // 7 below the bottom wall
  try {
    read_packing_csv(f, {20e-6, 20e-6}, std::nullopt, two_materials());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const auto& is = e.issues();
    ASSERT_EQ(is.size(), 5u) << e.what();
    EXPECT_EQ(is[0].path, f.string() + ":3");
    EXPECT_EQ(is[0].value, "\"abc\"");
    EXPECT_NE(is[0].expected.find("number for y"), std::string::npos);
    EXPECT_EQ(is[1].path, f.string() + ":4");
    EXPECT_NE(is[1].expected.find("positive radius"), std::string::npos);
    EXPECT_EQ(is[2].path, f.string() + ":5");
    EXPECT_EQ(is[2].value, "\"NCM\"");
    EXPECT_EQ(is[3].path, f.string() + ":6");
    EXPECT_EQ(is[4].path, f.string() + ":7");
    EXPECT_NE(is[4].expected.find("bottom wall"), std::string::npos);
  }
}

TEST(PackingCsv, OtherErrors) {
  const auto dir = scratch_dir("other");
  const auto mats = two_materials();
  EXPECT_THROW(read_packing_csv(dir / "missing.csv", {1e-5, 1e-5}, std::nullopt, mats), InputError);
  write(dir / "nomat.csv", "1e-6,1e-6,2e-6,1e-6\n");
  EXPECT_THROW(read_packing_csv(dir / "nomat.csv", {1e-5, 1e-5}, std::nullopt, mats), InputError);
  write(dir / "badunit.csv", "x [MPa],y,z,r,material\n1,1,1,1,AM\n");
  EXPECT_THROW(read_packing_csv(dir / "badunit.csv", {1e-5, 1e-5}, std::nullopt, mats), InputError);
  write(dir / "nocol.csv", "x,y,radius,material\n1,1,1,AM\n");
  EXPECT_THROW(read_packing_csv(dir / "nocol.csv", {1e-5, 1e-5}, std::nullopt, mats), InputError);
  write(dir / "tall.csv", "1e-6,1e-6,9.5e-6,1e-6,AM\n");
  EXPECT_THROW(read_packing_csv(dir / "tall.csv", {1e-5, 1e-5}, 10e-6, mats), InputError);
  write(dir / "empty.csv", "# nothing\n");
  EXPECT_THROW(read_packing_csv(dir / "empty.csv", {1e-5, 1e-5}, std::nullopt, mats), InputError);
  write(dir / "d.csv", "3e-6\n-1\n");
  EXPECT_THROW(read_diameter_csv(dir / "d.csv"), InputError);
}

}  // namespace
}  // namespace electrodem::dem

namespace electrodem::dem {
namespace {

TEST(PackingCsv, BuildPackingImportsWhenAsked) {
  const auto mats = testing::two_materials();
  const auto dir = testing::scratch_dir("build_import");
  std::ofstream(dir / "in.csv")
      << "x [um],y [um],z [um],radius [um],material\n5,5,2,2,AM\n15,5,3,2,SE\n";
  PackingSpec s;
  s.footprint = {20e-6, 20e-6};
  s.import_file = dir / "in.csv";
  s.import_height = 10e-6;
  GenerationReport rep;
  const auto p = build_packing(s, mats, 1, &rep);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.material[1], 1);
  EXPECT_DOUBLE_EQ(p.height, 10e-6);
  EXPECT_EQ(rep.count, 2u);
  const double v = 2 * testing::sphere_volume(2e-6);
  EXPECT_NEAR(rep.solid_fraction, v / (20e-6 * 20e-6 * 10e-6), 1e-12);
  EXPECT_EQ(rep.overlapping_pairs, 0u);
  // Two spheres 3 um apart with radii 2 um overlap by 1/4 of r_i + r_j.
  std::ofstream(dir / "in.csv", std::ios::app) << "5,5,5,2,SE\n";
  build_packing(s, mats, 1, &rep);
  EXPECT_EQ(rep.overlapping_pairs, 1u);
  EXPECT_NEAR(rep.max_relative_overlap, 0.25, 1e-12);
}

}  // namespace
}  // namespace electrodem::dem
