// End-to-end tests of the electrodem CLI: exit codes, bad input, the run
// directory, VTK output read back with VTK's own readers.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataReader.h>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using electrodem::test::run_cli;
using electrodem::test::scratch;
using electrodem::test::source_dir;

namespace {

// A small, fast variant of the default config (a few hundred particles).
std::string small_run(const fs::path& out, const std::string& stages) {
  return (source_dir() / "configs/default.json").string() + " --out " + out.string() +
         " --set packing.count=300 --set packing.footprint='[\"30 um\",\"30 um\"]' --set 'stages=" + stages + "'" +
         " --set press.pressure=100MPa --quiet";
}

std::string slurp(const fs::path& f) {
  std::ifstream is(f);
  return {std::istreambuf_iterator<char>(is), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(Cli, VersionAndHelp) {
  auto r = run_cli("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("electrodem "), std::string::npos);
  r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("usage:"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli("").exit_code, 2);
  EXPECT_EQ(run_cli("frobnicate x.json").exit_code, 2);
  EXPECT_EQ(run_cli("run").exit_code, 2);
  EXPECT_EQ(run_cli("run configs/default.json --threads zero").exit_code, 2);
  EXPECT_EQ(run_cli("run configs/default.json --bogus").exit_code, 2);
  const auto r = run_cli("run /nonexistent/config.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/nonexistent/config.json"), std::string::npos) << r.output;
}

TEST(Cli, CheckPassesOnEveryShippedConfig) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(source_dir() / "configs")) {
    if (e.path().extension() != ".json" || e.path().filename().string().rfind("sweep", 0) == 0) continue;
    const auto r = run_cli("check " + e.path().string());
    EXPECT_EQ(r.exit_code, 0) << e.path() << "\n" << r.output;
    ++n;
  }
  EXPECT_GE(n, 2);
}

TEST(Cli, BadConfigNamesPathAndWritesNothing) {
  const auto dir = scratch("badconfig");
  const auto r2 = run_cli("run " + (source_dir() / "configs/default.json").string() + " --out " +
                          (dir / "run").string() + " --set materials.NCM811.poisson_ratio=0.7 --set press.pressur=1");
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_NE(r2.output.find("materials.NCM811.poisson_ratio"), std::string::npos) << r2.output;
  EXPECT_NE(r2.output.find("did you mean 'pressure'"), std::string::npos) << r2.output;
  EXPECT_FALSE(fs::exists(dir / "run")) << "bad input must not leave a run directory";
}

TEST(Cli, BadJsonNamesLine) {
  const auto dir = scratch("badjson");
  std::ofstream(dir / "c.json") << "{\n  \"seed\": 1,\n  \"packing\": {\"count\": 10,,}\n}\n";
  const auto r = run_cli("check " + (dir / "c.json").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("c.json:3:"), std::string::npos) << r.output;
}

TEST(Cli, RunWritesRunDirReadableByVtk) {
  const auto dir = scratch("rundir");
  const auto out = dir / "run";
  const auto r = run_cli("run " + small_run(out, R"(["generate","press","release"])"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"config.resolved.json", "log.txt", "timeseries.csv", "summary.json", "vtk/particles.pvd",
                        "vtk/contacts.pvd", "vtk/walls.pvd", "checkpoints/release.ckpt"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  const auto summary = nlohmann::json::parse(slurp(out / "summary.json"));
  const int n = summary["generate"]["particle count [-]"].get<int>();
  EXPECT_GT(n, 250);
  EXPECT_TRUE(summary["press"].contains("relative density at max pressure [-]"));
  EXPECT_TRUE(summary["release"].contains("relative density [-]"));
  EXPECT_TRUE(summary["release"].contains("springback [-]"));
  EXPECT_EQ(summary["run"]["complete"], true);

  // The resolved config has every default filled in.
  const auto resolved = nlohmann::json::parse(slurp(out / "config.resolved.json"));
  EXPECT_TRUE(resolved["packing"].contains("initial_solid_fraction"));
  EXPECT_EQ(resolved["output"]["dir"], out.string());

  // Read the last particle frame named in the .pvd back with VTK's reader.
  const std::string pvd = slurp(out / "vtk/particles.pvd");
  const auto last = pvd.rfind("file=\"");
  ASSERT_NE(last, std::string::npos);
  const auto name = pvd.substr(last + 6, pvd.find('"', last + 6) - last - 6);
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->SetFileName((out / "vtk" / name).c_str());
  reader->Update();
  vtkPolyData* poly = reader->GetOutput();
  ASSERT_NE(poly, nullptr);
  EXPECT_EQ(poly->GetNumberOfPoints(), n);
  for (const char* a : {"radius", "material", "velocity"})
    ASSERT_NE(poly->GetPointData()->GetArray(a), nullptr) << a;
  EXPECT_EQ(poly->GetPointData()->GetArray("velocity")->GetNumberOfComponents(), 3);
  double range[2];
  poly->GetPointData()->GetArray("radius")->GetRange(range);
  EXPECT_GT(range[0], 0.1e-6);
  EXPECT_LT(range[1], 20e-6);
}

TEST(Cli, SetOverridesAndFromCheckpoint) {
  const auto dir = scratch("fromckpt");
  const auto first = dir / "pressed";
  ASSERT_EQ(run_cli("run " + small_run(first, R"(["generate","press"])")).exit_code, 0);
  const auto second = dir / "released";
  const auto r = run_cli("run " + (source_dir() / "configs/default.json").string() + " --out " + second.string() +
                         " --from " + (first / "checkpoints/press.ckpt").string() +
                         " --set 'stages=[\"release\"]' --set release.pressure=1MPa --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(slurp(second / "summary.json"));
  EXPECT_TRUE(summary.contains("release"));
  EXPECT_FALSE(summary.contains("generate"));
}
