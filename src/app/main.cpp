// electrodem CLI: run | check | sweep. Errors are caught here, once:
// exit 0 ok, 1 run failed, 2 bad input (DESIGN.md §4).
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <omp.h>

#include "electrodem/core/error.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/stages/runner.hpp"
#include "electrodem/stages/sweep.hpp"

namespace {

constexpr const char* kUsage = R"(usage:
  electrodem run CONFIG [--out DIR] [--set path=value ...] [--threads N] [--from CHECKPOINT] [--quiet]
  electrodem check CONFIG [--set path=value ...]
  electrodem sweep SWEEP [--out DIR] [--jobs N] [--threads N] [--emit slurm | --collect]
  electrodem --version | --help

  run     runs the stages of CONFIG into output.dir (or --out DIR)
  check   validates CONFIG (all problems at once) and prints the resolved config
  sweep   runs a parameter study (base config + axes), one run dir per point
  --set   overrides a config value by dotted path; the value is JSON if it parses, else a string:
          --set press.pressure=200MPa --set packing.count=2000 --set 'stages=["generate","press"]'
  --from  starts from a checkpoint written after a stage and runs the stages after it
exit codes: 0 ok, 1 run failed, 2 bad input
)";

struct Args {
  std::string command;
  std::string file;
  electrodem::stages::RunOptions run;
  electrodem::stages::SweepOptions sweep;
};

std::string need_value(int& i, int argc, char** argv) {
  const std::string flag = argv[i];
  if (i + 1 >= argc) throw electrodem::InputError("command line", flag, "a value after " + flag);
  return argv[++i];
}

int parse_int(const std::string& flag, const std::string& v, int lo) {
  try {
    std::size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used == v.size() && n >= lo) return n;
  } catch (const std::exception&) {
  }
  throw electrodem::InputError("command line", flag + " " + v, "an integer >= " + std::to_string(lo));
}

Args parse_args(int argc, char** argv) {
  Args a;
  if (argc < 2) throw electrodem::InputError("command line", "", std::string("a command\n") + kUsage);
  a.command = argv[1];
  if (a.command != "run" && a.command != "check" && a.command != "sweep")
    throw electrodem::InputError("command line", a.command, std::string("run, check or sweep\n") + kUsage);
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out") {
      a.run.out = a.sweep.out = need_value(i, argc, argv);
    } else if (arg == "--set") {
      a.run.overrides.push_back(need_value(i, argc, argv));
    } else if (arg.rfind("--set=", 0) == 0) {
      a.run.overrides.push_back(arg.substr(6));
    } else if (arg == "--threads") {
      a.run.threads = a.sweep.threads = parse_int(arg, need_value(i, argc, argv), 1);
    } else if (arg == "--jobs" && a.command == "sweep") {
      a.sweep.jobs = parse_int(arg, need_value(i, argc, argv), 1);
    } else if (arg == "--collect" && a.command == "sweep") {
      a.sweep.collect = true;  // rebuild results.csv from the run dirs only
    } else if (arg == "--emit" && a.command == "sweep") {
      a.sweep.emit = need_value(i, argc, argv);
      if (a.sweep.emit != "slurm") throw electrodem::InputError("command line", "--emit " + a.sweep.emit, "--emit slurm");
    } else if (arg == "--from" && a.command == "run") {
      a.run.from_checkpoint = need_value(i, argc, argv);
    } else if (arg == "--quiet") {
      a.run.quiet = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw electrodem::InputError("command line", arg, std::string("a known option\n") + kUsage);
    } else if (a.file.empty()) {
      a.file = arg;
    } else {
      throw electrodem::InputError("command line", arg, "a single CONFIG file");
    }
  }
  if (a.file.empty()) throw electrodem::InputError("command line", "", "a CONFIG file after '" + a.command + "'");
  a.run.config_file = a.sweep.sweep_file = a.file;
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace electrodem;
  if (argc >= 2 && (std::string(argv[1]) == "--version" || std::string(argv[1]) == "version")) {
    std::cout << "electrodem " << ELECTRODEM_VERSION << "\n";
    return 0;
  }
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help")) {
    std::cout << kUsage;
    return 0;
  }
  Logger log;
  try {
    const Args args = parse_args(argc, argv);
    if (args.run.threads > 0) omp_set_num_threads(args.run.threads);
    if (args.command == "check") return stages::check(args.run, log);
    if (args.command == "sweep") return stages::run_sweep(args.sweep, log);
    return stages::run(args.run, log);
  } catch (const InputError& e) {
    log.error(e.what());
    return 2;
  } catch (const NumericalError& e) {
    log.error(std::string("numerical failure: ") + e.what());
    return 1;
  } catch (const std::exception& e) {
    log.error(std::string("run failed: ") + e.what());
    return 1;
  }
}
