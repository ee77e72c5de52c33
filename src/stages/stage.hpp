#pragma once
// What every stage gets: the validated config, the shared State, the run's
// outputs and the logger. Private to src/stages.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/constants.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/io/vtk_output.hpp"
#include "electrodem/stages/run_config.hpp"
#include "electrodem/stages/state.hpp"

namespace electrodem::stages {

// Ordered unit-bearing scalars, e.g. {"relative density [-]", 0.83}.
using Summary = std::vector<std::pair<std::string, double>>;

// The run directory and everything written into it (DESIGN.md §4).
class RunOutput {
 public:
  RunOutput(const RunConfig& config, Logger& log);
  ~RunOutput();
  RunOutput(const RunOutput&) = delete;
  RunOutput& operator=(const RunOutput&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  // summary.json: one object per stage, rewritten atomically.
  void add_summary(const std::string& stage, const Summary& values);
  void add_summary_json(const std::string& stage, const Json& values);
  void mark_complete();
  // One row of timeseries.csv (mechanics); the first row fixes the columns.
  void add_sample(const std::string& stage, const Summary& sample);
  // VTK frame of particles, contacts and walls; rewrites the .pvd files.
  // Extra per-particle / per-contact arrays (transport, lithiation) are
  // appended to the standard ones.
  // `time` is the frame's time in the .pvd (DEM time by default; the
  // cycle stage passes its electrochemical time).
  void write_frame(const State& state, const std::vector<io::Field>& particle_extra = {},
                   const std::vector<io::Field>& contact_extra = {}, std::optional<double> time = {});
  // checkpoints/<stage>.ckpt with the config and the whole State.
  void write_checkpoint(const State& state, const std::string& name);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path dir_;
};

struct StageContext {
  const RunConfig& config;
  State& state;
  RunOutput& out;
  Logger& log;
};

// Reads a checkpoint written by RunOutput::write_checkpoint. The materials
// and DEM parameters of the current config apply from now on; the particles,
// contacts (with history) and walls come from the checkpoint.
State load_checkpoint(const std::filesystem::path& file, const RunConfig& config);

// Named solver arrays as VTK fields.
std::vector<io::Field> to_fields(const std::vector<solvers::NamedField>& named);

void generate_stage(StageContext& ctx);
void press_stage(StageContext& ctx);
void release_stage(StageContext& ctx);
void transport_stage(StageContext& ctx);
void cycle_stage(StageContext& ctx);

}  // namespace electrodem::stages
