// Acceptance: a 2x2 sweep of the real electrodem binary on a tiny config,
// with --jobs 2, interrupted (SIGINT) halfway and resumed, gives the same
// results.csv as an uninterrupted sweep.
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>
#include <thread>

#include "electrodem/stages/sweep_exec.hpp"
#include "electrodem/stages/sweep_results.hpp"
#include "sweep_test_util.hpp"

namespace {

using electrodem::Json;
using namespace electrodem::stages;
namespace fs = std::filesystem;

// Tiny and fast: a 300-particle NCM811 | Li6PS5Cl composite (as in
// test_postproc.cpp), short pressure holds, no cycling; one thread per job
// so both sweeps compute identical numbers.
Json tiny_sweep() {
  Json s = Json::parse(R"({
    "set": {"packing.count": 300, "press.hold_max_steps": 3000, "release.hold_max_steps": 3000,
            "materials.NCM811.yield_pressure": "5 GPa", "packing.components.0.diameter.median": "5 um",
            "packing.components.0.volume_fraction": 0.7, "packing.components.1.volume_fraction": 0.3,
            "stages": ["generate", "press", "release", "transport"]},
    "axes": {"press.pressure": ["100 MPa", "300 MPa"],
             "packing.components.1.diameter.median": ["2 um", "3 um"]},
    "mode": "grid"})");
  s["base"] = std::string(ELECTRODEM_SOURCE_DIR) + "/configs/default.json";
  return s;
}

std::string sweep_command(const fs::path& sweep, const fs::path& out) {
  return std::string(ELECTRODEM_BINARY) + " sweep '" + sweep.string() + "' --out '" + out.string() +
         "' --jobs 2 --threads 1 > '" + out.string() + ".console.txt' 2>&1";
}

// RFC 4180 fields of one CSV line.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// results.csv without the columns that measure wall-clock time ("stepping
// wall time [s]", "solver time [s]", "particle-steps per second [1/s]": how
// long a stage took differs between any two runs; everything else must not).
std::vector<std::vector<std::string>> without_wall_clock(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream is(csv);
  for (std::string line; std::getline(is, line);) rows.push_back(split_csv(line));
  if (rows.empty()) return rows;
  std::vector<bool> keep;
  for (const auto& h : rows.front())
    keep.push_back(h.find("wall time") == std::string::npos &&
                   h.find("solver time") == std::string::npos &&
                   h.find("per second") == std::string::npos);
  for (auto& r : rows) {
    std::vector<std::string> kept;
    for (std::size_t k = 0; k < r.size(); ++k)
      if (k >= keep.size() || keep[k]) kept.push_back(r[k]);
    r = kept;
  }
  return rows;
}

int count_complete(const fs::path& out) {
  int n = 0;
  if (!fs::exists(out)) return 0;
  for (const auto& e : fs::directory_iterator(out)) n += summary_complete(e.path()) ? 1 : 0;
  return n;
}

TEST(SweepEndToEnd, InterruptedAndResumedSweepEqualsAnUninterruptedOne) {
  const fs::path dir = sweep_test::scratch("sweep_e2e");
  const fs::path sweep = dir / "sweep.json";
  sweep_test::write_json(sweep, tiny_sweep());

  // Uninterrupted.
  const fs::path full = dir / "full";
  ASSERT_EQ(std::system(sweep_command(sweep, full).c_str()), 0)
      << sweep_test::read(full.string() + ".console.txt");
  const std::string expected = sweep_test::read(full / "results.csv");
  ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'), 5) << expected;
  EXPECT_EQ(expected.find(",failed,"), std::string::npos) << expected;
  EXPECT_NE(expected.find("release.relative density [-]"), std::string::npos) << expected;

  // Interrupted once the first point is complete, while the others run.
  const fs::path part = dir / "part";
  ChildCommand c;
  c.argv = {ELECTRODEM_BINARY, "sweep", sweep.string(), "--out", part.string(),
            "--jobs",          "2",     "--threads",    "1"};
  c.console = dir / "part.interrupted.txt";
  const pid_t pid = spawn_child(c);
  std::optional<ChildExit> exit;
  for (int k = 0; k < 6000 && !exit && count_complete(part) == 0; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    exit = poll_child(pid);
  }
  ASSERT_FALSE(exit) << "the sweep ended before it could be interrupted: "
                     << sweep_test::read(c.console);
  ::kill(pid, SIGINT);
  while (!(exit = poll_child(pid))) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(exit->signalled);
  EXPECT_EQ(exit->code, 128 + SIGINT) << sweep_test::read(c.console);
  const int finished = count_complete(part);
  EXPECT_GE(finished, 1);
  EXPECT_LT(finished, 4) << "interrupt came too late to test resume";
  const std::string partial = sweep_test::read(part / "results.csv");
  EXPECT_NE(partial.find(",ok,"), std::string::npos) << partial;

  // Resumed: only the unfinished points run; the table equals the full one.
  ASSERT_EQ(std::system(sweep_command(sweep, part).c_str()), 0)
      << sweep_test::read(part.string() + ".console.txt");
  EXPECT_NE(sweep_test::read(part.string() + ".console.txt")
                .find(std::to_string(finished) + " point(s) already complete"),
            std::string::npos);
  EXPECT_EQ(without_wall_clock(sweep_test::read(part / "results.csv")),
            without_wall_clock(expected));
}

}  // namespace
