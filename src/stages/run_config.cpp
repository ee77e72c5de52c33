#include "electrodem/stages/run_config.hpp"

#include <algorithm>

#include "electrodem/core/json_file.hpp"

namespace electrodem::stages {
namespace {

std::vector<std::string> parse_stage_list(ConfigNode& root) {
  auto stages = root.string_list("stages", kStageNames);
  // Stages run in pipeline order, each at most once; a list may start later
  // (running from a checkpoint) but may not reorder.
  int last = -1;
  for (std::size_t k = 0; k < stages.size(); ++k) {
    const auto it = std::find(kStageNames.begin(), kStageNames.end(), stages[k]);
    const std::string path = "stages." + std::to_string(k);
    if (it == kStageNames.end()) {
      const std::string near = nearest(stages[k], kStageNames);
      root.error("stages." + std::to_string(k), "\"" + stages[k] + "\"",
                 "one of generate, press, release, transport, cycle" +
                     (near.empty() ? std::string() : "; did you mean '" + near + "'?"));
      continue;
    }
    const int idx = static_cast<int>(it - kStageNames.begin());
    if (idx <= last)
      root.error("stages." + std::to_string(k), "\"" + stages[k] + "\"",
                 "stages in pipeline order (generate, press, release, transport, cycle), each once");
    last = std::max(last, idx);
  }
  return stages;
}

OutputParams parse_output(ConfigNode node) {
  OutputParams o;
  o.dir = node.string("dir", o.dir.string());
  o.frames_per_stage = static_cast<int>(node.integer("frames_per_stage", o.frames_per_stage, Range::closed(0, 1e6)));
  o.progress_interval = node.quantity("progress_interval", units::dim::time, o.progress_interval, Range::positive());
  o.vtk = node.boolean("vtk", o.vtk);
  return o;
}

}  // namespace

RunConfig parse_run_config(const Json& input, const std::filesystem::path& base_dir) {
  ConfigReader reader(input);
  ConfigNode root = reader.root();
  RunConfig cfg;
  cfg.seed = static_cast<std::uint64_t>(root.integer("seed", 1, Range::closed(0, 9.0e15)));
  cfg.materials = dem::parse_materials(root.child("materials"));
  cfg.packing = dem::parse_packing(root.child("packing"), cfg.materials, base_dir);
  cfg.stages = parse_stage_list(root);
  cfg.dem = dem::parse_dem(root.child("dem"));
  cfg.press = dem::parse_press(root.child("press"));
  cfg.release = dem::parse_release(root.child("release"));
  cfg.transport = solvers::parse_transport(root.child("transport"));
  ConfigNode cycle_node = root.child("cycle");
  cfg.cycle = solvers::parse_cycle(cycle_node);
  cfg.coupling = parse_coupling(cycle_node);
  if (!cfg.cycle.stack_pressure) cfg.cycle.stack_pressure = cfg.release.pressure;  // DESIGN.md §4
  cfg.output = parse_output(root.child("output"));
  reader.finish();
  cfg.resolved = reader.resolved();
  return cfg;
}

RunConfig load_run_config(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  Json input = read_json_file(file);
  for (const auto& o : overrides) apply_override(input, o);
  return parse_run_config(input, file.parent_path());
}

}  // namespace electrodem::stages
