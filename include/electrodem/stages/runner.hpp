#pragma once
// Running a config: load, validate, make the run dir, run the stages in order
// on one State, write summary/checkpoints after each stage.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "electrodem/core/log.hpp"

namespace electrodem::stages {

struct RunOptions {
  std::filesystem::path config_file;
  std::vector<std::string> overrides;  // --set path=value
  std::optional<std::filesystem::path> out;
  int threads = 0;  // 0: OpenMP default
  std::optional<std::filesystem::path> from_checkpoint;
  bool quiet = false;
};

// `electrodem run`: returns the exit code (0 ok); throws InputError on bad input.
int run(const RunOptions& options, Logger& log);
// `electrodem check`: validates and prints the resolved config.
int check(const RunOptions& options, Logger& log);

}  // namespace electrodem::stages
