// The sweep runner with a stand-in `electrodem` (a shell script that follows
// the CLI and run-dir contract of DESIGN.md §4), so scheduling, failures,
// interrupts, resume, checkpoint reuse, collect and Slurm emission are
// tested independently of the physics stages. The real binary is exercised
// in test_sweep_e2e.cpp.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <map>
#include <thread>

#include "electrodem/stages/sweep.hpp"
#include "electrodem/stages/sweep_results.hpp"
#include "sweep_test_util.hpp"

namespace {

using electrodem::Json;
using electrodem::Logger;
using namespace electrodem::stages;
namespace fs = std::filesystem;

// `run`: writes summary.json (press only when not started --from a
// checkpoint, echoing the --set values), a press checkpoint and log.txt;
// fails for a value containing FAIL. `check`: exit 2 for a value with BAD.
constexpr const char* kFakeElectrodem = R"SH(#!/bin/bash
cmd=$1; shift
if [ "$cmd" = check ]; then
  for a in "$@"; do case "$a" in *BAD*) printf 'error: invalid input:\n  press.pressure: got "BAD"; a pressure\n' >&2; exit 2;; esac; done
  exit 0
fi
out=; from=; sets=
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2;;
    --from) from=$2; shift 2;;
    --set) sets="$sets, \"${2%%=*}\": ${2#*=}"; case "$2" in *FAIL*) fail=1;; esac; shift 2;;
    *) shift;;
  esac
done
mkdir -p "$out/checkpoints"
echo "run started" > "$out/log.txt"
if [ -n "$fail" ]; then echo "numerical failure: diverged at step 12" | tee -a "$out/log.txt"; exit 1; fi
sleep "${FAKE_SLEEP:-0.1}"
if [ -z "$from" ]; then
  echo ckpt > "$out/checkpoints/press.ckpt.tmp" && mv "$out/checkpoints/press.ckpt.tmp" "$out/checkpoints/press.ckpt"
  printf '{"press": {"threads [-]": %s}, "transport": {"values": {%s}}, "run": {"complete": true}}\n' "$OMP_NUM_THREADS" "${sets#, }" > "$out/summary.json"
else
  printf '{"transport": {"values": {%s}, "from": "%s"}, "run": {"complete": true}}\n' "${sets#, }" "$(basename "$(dirname "$(dirname "$from")")")" > "$out/summary.json"
fi
)SH";

struct FakeSweep {
  fs::path dir, exe, sweep;
  explicit FakeSweep(const std::string& name, const std::string& sweep_json) {
    dir = sweep_test::scratch(name);
    exe = dir / "fake-electrodem";
    sweep_test::write(exe, kFakeElectrodem);
    fs::permissions(exe, fs::perms::owner_all);
    sweep_test::write(
        dir / "base.json",
        R"({"press": {"pressure": "300 MPa"}, "stages": ["generate", "press", "transport"]})");
    sweep = dir / "sweep.json";
    sweep_test::write(sweep, sweep_json);
  }
  int run(const std::string& out, int jobs = 2, bool collect = false,
          const std::string& emit = "") const {
    SweepOptions o;
    o.sweep_file = sweep;
    o.out = dir / out;
    o.jobs = jobs;
    o.threads = 1;
    o.executable = exe;
    o.collect = collect;
    o.emit = emit;
    Logger log(true);
    return run_sweep(o, log);
  }
  std::string results(const std::string& out) const {
    return sweep_test::read(dir / out / "results.csv");
  }
};

constexpr const char* k2x2 = R"({"base": "base.json",
  "axes": {"press.pressure": ["100 MPa", "200 MPa"], "packing.count": [10, 20]}})";

TEST(SweepRun, RunsEveryPointAndTabulatesTheSummaries) {
  const FakeSweep s("sweeprun", k2x2);
  ASSERT_EQ(s.run("out"), 0);
  const std::string csv = s.results("out");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "point,press.pressure,press.pressure [Pa],packing.count,status,error,press.threads [-],"
            "transport.values.press.pressure,transport.values.packing.count");
  EXPECT_NE(csv.find("\npressure=100MPa_count=10,100 MPa,100000000.0,10,ok,,1,100 MPa,10\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\npressure=200MPa_count=20,200 MPa,200000000.0,20,ok,,1,200 MPa,20\n"),
            std::string::npos)
      << csv;
  EXPECT_TRUE(fs::exists(s.dir / "out" / "sweep.plan.json"));
}

TEST(SweepRun, AFailedPointIsRecordedAndTheOthersContinue) {
  const FakeSweep s(
      "sweepfail",
      R"({"base": "base.json", "axes": {"press.pressure": ["1 MPa", "FAIL", "3 MPa"]}})");
  EXPECT_EQ(s.run("out"), 1);
  const std::string csv = s.results("out");
  EXPECT_NE(
      csv.find("pressure=FAIL,FAIL,failed,exit code 1: numerical failure: diverged at step 12"),
      std::string::npos)
      << csv;
  EXPECT_NE(csv.find("pressure=3MPa,3 MPa,ok"), std::string::npos) << csv;
  // collect sees the same: the failed run dir exists but is incomplete.
  EXPECT_EQ(s.run("out", 1, /*collect=*/true), 1);
  EXPECT_NE(s.results("out").find("pressure=FAIL,FAIL,failed,incomplete run: numerical failure"),
            std::string::npos);
}

TEST(SweepRun, BadAxisValuesAreBadInputBeforeAnythingRuns) {
  const FakeSweep s("sweepbad",
                    R"({"base": "base.json", "axes": {"press.pressure": ["1 MPa", "BAD"]}})");
  try {
    s.run("out");
    FAIL() << "expected InputError";
  } catch (const electrodem::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("axes[\"press.pressure\"]: got \"BAD\"; a pressure"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(s.dir / "out" / "pressure=1MPa"));
}

extern "C" void ignore_signal(int) {}

TEST(SweepRun, InterruptKeepsFinishedPointsAndResumeGivesTheSameResults) {
  const FakeSweep s("sweepint", k2x2);
  ASSERT_EQ(s.run("full"), 0);
  // A late SIGINT (after the sweep's own handler is gone) must not kill the test.
  const auto previous = std::signal(SIGINT, ignore_signal);
  ::setenv("FAKE_SLEEP", "0.6", 1);
  // Ctrl-C once the first point has finished; the other job is mid-run.
  std::thread ctrl_c([&] {
    const fs::path csv = s.dir / "part" / "results.csv";
    for (int k = 0; k < 400; ++k) {
      if (fs::exists(csv) && sweep_test::read(csv).find(",ok,") != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::raise(SIGINT);
  });
  const int code = s.run("part");
  ctrl_c.join();
  ::unsetenv("FAKE_SLEEP");
  std::signal(SIGINT, previous);
  EXPECT_EQ(code, 128 + SIGINT);
  const std::string part = s.results("part");
  EXPECT_NE(part.find(",ok,"), std::string::npos) << part;
  EXPECT_NE(part.find(",interrupted,"), std::string::npos) << part;
  std::map<fs::path, fs::file_time_type> finished;
  for (const auto& e : fs::directory_iterator(s.dir / "part"))
    if (summary_complete(e.path()))
      finished[e.path()] = fs::last_write_time(e.path() / "summary.json");
  ASSERT_FALSE(finished.empty());
  ASSERT_LT(finished.size(), 4u);
  // Resume: finished points are skipped (not rerun), the rest complete.
  ASSERT_EQ(s.run("part"), 0);
  for (const auto& [dir, stamp] : finished)
    EXPECT_EQ(fs::last_write_time(dir / "summary.json"), stamp) << dir;
  EXPECT_EQ(s.results("part"), s.results("full"));
}

TEST(SweepRun, PointsDifferingAfterPressingStartFromTheSharedCheckpoint) {
  const FakeSweep s("sweepreuse", R"({"base": "base.json",
      "axes": {"press.pressure": ["100 MPa", "200 MPa"], "transport.model": ["a", "b"]}})");
  ASSERT_EQ(s.run("out", 2), 0);
  const std::string csv = s.results("out");
  // b-points ran --from the a-point's checkpoint and report it; their press
  // columns come from the source run.
  EXPECT_NE(
      csv.find(
          "pressure=100MPa_model=b,100 MPa,100000000.0,b,ok,,1,100 MPa,b,pressure=100MPa_model=a"),
      std::string::npos)
      << csv;
  EXPECT_NE(
      csv.find(
          "pressure=200MPa_model=b,200 MPa,200000000.0,b,ok,,1,200 MPa,b,pressure=200MPa_model=a"),
      std::string::npos)
      << csv;
  const Json plan = Json::parse(sweep_test::read(s.dir / "out" / "sweep.plan.json"));
  EXPECT_EQ(plan["points"][1]["from checkpoint"]["point"], "pressure=100MPa_model=a");
}

TEST(SweepRun, SlurmEmitsAJobArrayPerPointAndACollectStep) {
  const FakeSweep s("sweepslurm", R"({"base": "base.json",
      "axes": {"press.pressure": ["100 MPa", "200 MPa"], "transport.model": ["a", "b"]}})");
  ASSERT_EQ(s.run("out", 1, false, "slurm"), 0);
  const fs::path d = s.dir / "out" / "slurm";
  const std::string runs = sweep_test::read(d / "runs.sbatch");
  const std::string followers = sweep_test::read(d / "followers.sbatch");
  EXPECT_NE(runs.find("#SBATCH --array=0-1"), std::string::npos) << runs;
  EXPECT_NE(runs.find("--set 'press.pressure=\"100 MPa\"'"), std::string::npos) << runs;
  EXPECT_NE(followers.find("--from "), std::string::npos) << followers;
  EXPECT_NE(sweep_test::read(d / "collect.sbatch").find(" --collect --out "), std::string::npos);
  EXPECT_NE(sweep_test::read(d / "submit.sh").find("--dependency=afterany:"), std::string::npos);
  for (const char* f : {"runs.sbatch", "followers.sbatch", "collect.sbatch", "submit.sh"})
    EXPECT_EQ(std::system(("bash -n '" + (d / f).string() + "'").c_str()), 0) << f;
  EXPECT_FALSE(fs::exists(s.dir / "out" / "pressure=100MPa_model=a"));  // nothing ran
  // An array task runs its point exactly like the local sweep would.
  const std::string task = "SLURM_ARRAY_TASK_ID=1 ELECTRODEM='" + s.exe.string() + "' bash '" +
                           (d / "runs.sbatch").string() + "'";
  ASSERT_EQ(std::system(task.c_str()), 0);
  EXPECT_TRUE(summary_complete(s.dir / "out" / "pressure=200MPa_model=a"));
  EXPECT_EQ(s.run("out", 1, /*collect=*/true), 1);  // three points still missing
  const std::string csv = s.results("out");
  EXPECT_NE(csv.find("pressure=200MPa_model=a,200 MPa,200000000.0,a,ok"), std::string::npos) << csv;
  EXPECT_NE(csv.find("pressure=100MPa_model=a,100 MPa,100000000.0,a,pending"), std::string::npos)
      << csv;
}

}  // namespace
