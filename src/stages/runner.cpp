#include "electrodem/stages/runner.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include <omp.h>

#include "electrodem/core/error.hpp"
#include "stage.hpp"

namespace electrodem::stages {
namespace {

using StageFn = void (*)(StageContext&);

const std::map<std::string, StageFn>& stage_functions() {
  static const std::map<std::string, StageFn> fns{{"generate", generate_stage},
                                                  {"press", press_stage},
                                                  {"release", release_stage},
                                                  {"transport", transport_stage},
                                                  {"cycle", cycle_stage}};
  return fns;
}

int pipeline_index(const std::string& stage) {
  return static_cast<int>(std::find(kStageNames.begin(), kStageNames.end(), stage) - kStageNames.begin());
}

// Stages of the config still to run after those a checkpoint already holds.
std::vector<std::string> pending_stages(const RunConfig& cfg, const State& state) {
  const int done = state.completed.empty() ? -1 : pipeline_index(state.completed.back());
  std::vector<std::string> out;
  for (const auto& s : cfg.stages)
    if (pipeline_index(s) > done) out.push_back(s);
  return out;
}

void require_inputs(const std::string& stage, const State& state, const std::string& config_file) {
  if (stage != "generate" && !state.system)
    throw InputError("stages", "\"" + stage + "\"",
                     "a 'generate' stage first, or --from a checkpoint of an earlier run (" + config_file + ")");
}

}  // namespace

int run(const RunOptions& options, Logger& log) {
  RunConfig cfg = load_run_config(options.config_file, options.overrides);
  if (options.out) {
    cfg.output.dir = *options.out;
    cfg.resolved["output"]["dir"] = options.out->string();
  }
  State state;
  if (options.from_checkpoint) state = load_checkpoint(*options.from_checkpoint, cfg);
  const auto stages = pending_stages(cfg, state);
  if (!stages.empty()) require_inputs(stages.front(), state, options.config_file.string());

  RunOutput out(cfg, log);
  log.info("electrodem " ELECTRODEM_VERSION ": " + options.config_file.string() + " -> " + out.dir().string() + " (" +
           std::to_string(omp_get_max_threads()) + " threads)");
  if (stages.empty()) log.warn("no stage to run: the checkpoint already holds every stage of the config");
  for (const auto& name : stages) {
    log.info("== " + name + " ==");
    StageContext ctx{cfg, state, out, log};
    try {
      stage_functions().at(name)(ctx);
    } catch (const NumericalError&) {
      // Keep the state at the failure for inspection, then report.
      out.write_checkpoint(state, name + "_failed");
      throw;
    }
    state.completed.push_back(name);
    out.write_checkpoint(state, name);
  }
  out.mark_complete();
  log.info("done: " + out.dir().string());
  return 0;
}

int check(const RunOptions& options, Logger& log) {
  const RunConfig cfg = load_run_config(options.config_file, options.overrides);
  std::cout << cfg.resolved.dump(2) << "\n";
  log.info(options.config_file.string() + ": OK (" + std::to_string(cfg.stages.size()) + " stages)");
  return 0;
}

}  // namespace electrodem::stages
