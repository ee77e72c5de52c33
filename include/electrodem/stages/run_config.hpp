#pragma once
// The whole run configuration, typed and validated (DESIGN.md §4). Each
// module parses its own section; this file only assembles them.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "electrodem/core/config_node.hpp"
#include "electrodem/dem/compaction.hpp"
#include "electrodem/dem/material.hpp"
#include "electrodem/dem/packing_spec.hpp"
#include "electrodem/solvers/conduction.hpp"
#include "electrodem/solvers/echem_params.hpp"
#include "electrodem/stages/coupling_params.hpp"

namespace electrodem::stages {

inline const std::vector<std::string> kStageNames = {"generate", "press", "release", "transport", "cycle"};

struct OutputParams {
  std::filesystem::path dir = "runs/default";
  int frames_per_stage = 5;       // VTK frames written during a DEM stage (plus the final one)
  double progress_interval = 5;   // wall seconds between progress lines
  bool vtk = true;                // write VTK frames at all
};

struct RunConfig {
  std::uint64_t seed = 1;
  dem::MaterialSet materials;
  dem::PackingSpec packing;
  std::vector<std::string> stages;
  dem::DemParams dem;
  dem::PressParams press;
  dem::ReleaseParams release;
  solvers::TransportParams transport;
  solvers::CycleParams cycle;
  CouplingParams coupling;  // cycle.coupling_threshold, cycle.relax (issue 6)
  OutputParams output;
  Json resolved;  // every value, defaults filled in: config.resolved.json
};

// Validates `input` completely; throws InputError listing every problem.
// base_dir resolves relative file names inside the config.
RunConfig parse_run_config(const Json& input, const std::filesystem::path& base_dir);

// Reads the config file, applies --set overrides, parses.
RunConfig load_run_config(const std::filesystem::path& file, const std::vector<std::string>& overrides);

}  // namespace electrodem::stages
