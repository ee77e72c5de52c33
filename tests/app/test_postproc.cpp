// Acceptance of postproc/: every script runs on a small real run dir (and a
// small real sweep) made by the electrodem binary, and writes non-blank PNG
// and PDF files. The pvpython renderer is tested when ParaView's pvpython is
// installed (or $ELECTRODEM_PVPYTHON names one), otherwise skipped.
//
// The real run and sweep are made once and cached next to the test binary's
// working directory (rebuilt when the electrodem binary is newer), because
// ctest runs each test in its own process.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <functional>

#include "electrodem/stages/sweep_results.hpp"
#include "sweep_test_util.hpp"

namespace {

namespace fs = std::filesystem;
using electrodem::stages::summary_complete;

const std::string kSource = ELECTRODEM_SOURCE_DIR;
const std::string kPython = "/usr/bin/python3";

// Small and quick: a 300-particle composite (5 um NCM811 70 vol%, 3 um
// Li6PS5Cl), short pressure holds, two cycles (retention needs two). NCM
// gets a finite yield pressure: purely elastic 5 um spheres at 300 MPa
// exceed the elastic-overlap limit of the contact law.
const std::string kTinySettings =
    " --set packing.count=300 --set press.hold_max_steps=3000 --set release.hold_max_steps=3000"
    " --set 'materials.NCM811.yield_pressure=\"5 GPa\"' --set "
    "'packing.components.0.diameter.median=\"5 um\"'"
    " --set packing.components.0.volume_fraction=0.7 --set "
    "packing.components.1.volume_fraction=0.3";
const std::string kTinyRun = " --threads 1" + kTinySettings + " --set cycle.cycles=2";

int sh(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool fresh(const fs::path& marker) {
  return fs::exists(marker) && fs::last_write_time(marker) > fs::last_write_time(ELECTRODEM_BINARY);
}

// Builds `what` into a temporary sibling and renames it into place, so
// concurrent test processes never see half a fixture.
fs::path cached(const std::string& name, const std::function<void(const fs::path&)>& make) {
  const fs::path root = fs::absolute("postproc_fixture");
  const fs::path target = root / name;
  if (fresh(target / ".done")) return target;
  const fs::path tmp = root / (name + ".tmp." + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  make(tmp);
  sweep_test::write(tmp / ".done", "");
  fs::remove_all(target);
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) fs::remove_all(tmp);  // another process won the race: use its copy
  return target;
}

fs::path real_run() {
  return cached("run", [](const fs::path& dir) {
    const std::string cmd = std::string(ELECTRODEM_BINARY) + " run " + kSource +
                            "/configs/default.json --out '" + dir.string() + "'" + kTinyRun +
                            " > '" + dir.string() + ".console' 2>&1";
    EXPECT_EQ(sh(cmd), 0) << sweep_test::read(dir.string() + ".console");
    EXPECT_TRUE(summary_complete(dir));
  });
}

// A 2x2 sweep (pressure x SE size) without cycling, for the study plots.
fs::path real_sweep() {
  return cached("sweep", [](const fs::path& dir) {
    electrodem::Json s = electrodem::Json::parse(R"({
      "set": {"packing.count": 300, "press.hold_max_steps": 3000, "release.hold_max_steps": 3000,
              "materials.NCM811.yield_pressure": "5 GPa", "packing.components.0.diameter.median": "5 um",
              "packing.components.0.volume_fraction": 0.7, "packing.components.1.volume_fraction": 0.3,
              "stages": ["generate", "press", "release", "transport"]},
      "axes": {"press.pressure": ["100 MPa", "300 MPa"],
               "packing.components.1.diameter.median": ["2 um", "3 um"]}})");
    s["base"] = kSource + "/configs/default.json";
    sweep_test::write_json(dir / "sweep.json", s);
    const std::string cmd = std::string(ELECTRODEM_BINARY) + " sweep '" +
                            (dir / "sweep.json").string() + "' --out '" + dir.string() +
                            "' --jobs 2 --threads 1 > '" + dir.string() + ".console' 2>&1";
    EXPECT_EQ(sh(cmd), 0) << sweep_test::read(dir.string() + ".console");
  });
}

// PNG and PDF exist, are not tiny, and the PNG is not a blank canvas.
void expect_images(const fs::path& prefix) {
  for (const char* ext : {".png", ".pdf"}) {
    const fs::path f = prefix.string() + ext;
    ASSERT_TRUE(fs::exists(f)) << f;
    EXPECT_GT(fs::file_size(f), 2000u) << f;
  }
  const std::string check = kPython +
                            " -c \"import sys, matplotlib.image as m; a = m.imread(sys.argv[1]); "
                            "sys.exit(0 if a[..., :3].std() > 0.02 else 1)\" '" +
                            prefix.string() + ".png'";
  EXPECT_EQ(sh(check), 0) << prefix << ".png looks blank";
}

int script(const std::string& name, const std::string& args, const fs::path& log) {
  return sh(kPython + " " + kSource + "/postproc/" + name + " " + args + " > '" + log.string() +
            "' 2>&1");
}

class Postproc : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = sweep_test::scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  fs::path out_;
};

TEST_F(Postproc, EveryScriptHasHelp) {
  for (const char* s : {"plot_compaction.py", "plot_conductivity.py", "plot_voltage.py",
                        "plot_retention.py", "plot_sweep.py", "plot_microstructure.py"}) {
    EXPECT_EQ(script(s, "--help", out_ / "help.txt"), 0) << s;
    EXPECT_NE(sweep_test::read(out_ / "help.txt").find("usage:"), std::string::npos) << s;
  }
}

TEST_F(Postproc, ParsingHelpersUnitTests) {
  const std::string cmd = kPython + " " + kSource + "/tests/postproc/test_common.py > '" +
                          (out_ / "log").string() + "' 2>&1";
  EXPECT_EQ(sh(cmd), 0) << sweep_test::read(out_ / "log");
}

TEST_F(Postproc, BadInputIsAClearErrorNotATraceback) {
  EXPECT_EQ(script("plot_compaction.py", "/nonexistent/run", out_ / "log"), 2);
  EXPECT_NE(sweep_test::read(out_ / "log").find("not a run directory"), std::string::npos);
  EXPECT_EQ(sweep_test::read(out_ / "log").find("Traceback"), std::string::npos);
}

TEST_F(Postproc, CompactionCurve) {
  const fs::path run = real_run();
  ASSERT_EQ(script("plot_compaction.py",
                   "'" + run.string() + "' -o '" + (out_ / "c").string() + "'", out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "c");
}

TEST_F(Postproc, VoltageCapacityAndRetention) {
  const fs::path run = real_run();
  ASSERT_EQ(
      script("plot_voltage.py",
             "'" + run.string() + "' '" + run.string() + "' -o '" + (out_ / "v").string() + "'",
             out_ / "log"),
      0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "v");
  ASSERT_EQ(script("plot_retention.py", "'" + run.string() + "' -o '" + (out_ / "r").string() + "'",
                   out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "r");
}

TEST_F(Postproc, MicrostructureHistograms) {
  const fs::path run = real_run();
  ASSERT_EQ(script("plot_microstructure.py",
                   "'" + run.string() + "' -o '" + (out_ / "m").string() + "'", out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "m");
  // The coordination count matched every contact end to a particle.
  EXPECT_EQ(sweep_test::read(out_ / "log").find("matched no particle"), std::string::npos)
      << sweep_test::read(out_ / "log");
}

TEST_F(Postproc, ConductivityFromASweepAndFromRunDirs) {
  const fs::path sweep = real_sweep();
  const std::string results = (sweep / "results.csv").string();
  ASSERT_EQ(script("plot_conductivity.py",
                   "--results '" + results + "' --x pressure -o '" + (out_ / "p").string() + "'",
                   out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "p");
  ASSERT_EQ(script("plot_conductivity.py",
                   "--results '" + results + "' --x 'se size' -o '" + (out_ / "s").string() + "'",
                   out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "s");
  std::string runs;
  for (const auto& e : fs::directory_iterator(sweep))
    if (summary_complete(e.path())) runs += " '" + e.path().string() + "'";
  ASSERT_EQ(script("plot_conductivity.py",
                   runs + " --x composition -o '" + (out_ / "x").string() + "'", out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "x");
}

TEST_F(Postproc, SweepLinesAndHeatmap) {
  const fs::path sweep = real_sweep();
  ASSERT_EQ(script("plot_sweep.py",
                   "'" + (sweep / "results.csv").string() + "' -o '" + (out_ / "sw").string() + "'",
                   out_ / "log"),
            0)
      << sweep_test::read(out_ / "log");
  expect_images(out_ / "sw_lines");
  expect_images(out_ / "sw_heatmap");
}

// pvpython: $ELECTRODEM_PVPYTHON, else pvpython on PATH; wrapped in xvfb-run
// when there is no display (Debian's ParaView renders through X).
std::string pvpython_command() {
  std::string pv;
  if (const char* e = std::getenv("ELECTRODEM_PVPYTHON"); e && *e)
    pv = e;
  else if (sh("command -v pvpython > /dev/null 2>&1") == 0)
    pv = "pvpython";
  else
    return "";
  const char* display = std::getenv("DISPLAY");
  if ((!display || !*display) && sh("command -v xvfb-run > /dev/null 2>&1") == 0)
    pv = "xvfb-run -a -s '-screen 0 1600x1200x24' " + pv;
  return pv + " --force-offscreen-rendering";
}

TEST_F(Postproc, ParaViewRendersTheStandardPictures) {
  const std::string pv = pvpython_command();
  if (pv.empty())
    GTEST_SKIP() << "pvpython not found (on Debian 12 python3-paraview conflicts with python3-vtk9, "
                    "which the build needs: set ELECTRODEM_PVPYTHON to a separate pvpython); ParaView "
                    "rendering not tested";
  const fs::path run = real_run();
  const std::string cmd = pv + " " + kSource + "/postproc/render_paraview.py '" + run.string() +
                          "' -o '" + (out_ / "pics").string() + "' --size 480 360 > '" +
                          (out_ / "log").string() + "' 2>&1";
  ASSERT_EQ(sh(cmd), 0) << sweep_test::read(out_ / "log");
  for (const char* f : {"particles_material", "contacts"}) {
    const fs::path png = out_ / "pics" / (std::string(f) + ".png");
    ASSERT_TRUE(fs::exists(png)) << png << "\n" << sweep_test::read(out_ / "log");
    EXPECT_GT(fs::file_size(png), 2000u);
  }
}

}  // namespace
