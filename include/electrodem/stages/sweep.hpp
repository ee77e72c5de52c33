#pragma once
// `electrodem sweep`: a base config plus axes, one run per point.
#include <filesystem>
#include <optional>
#include <string>

#include "electrodem/core/log.hpp"

namespace electrodem::stages {

struct SweepOptions {
  std::filesystem::path sweep_file;
  std::optional<std::filesystem::path> out;
  int jobs = 1;
  int threads = 0;   // threads per job
  std::string emit;  // "" or "slurm"
  // Only rebuild results.csv from the run dirs (after a cluster run).
  bool collect = false;
  // The electrodem binary that runs the points; empty: this process's own
  // executable (/proc/self/exe). Tests set it, as their own binary is not electrodem.
  std::filesystem::path executable;
};

int run_sweep(const SweepOptions& options, Logger& log);

}  // namespace electrodem::stages
