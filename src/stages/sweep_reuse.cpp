// Sharing pressed electrodes between sweep points: points whose settings up
// to a stage agree start from the checkpoint of the first point that ran it.
#include <algorithm>
#include <map>

#include "electrodem/stages/sweep_plan.hpp"

namespace electrodem::stages {
namespace {

// The pipeline order (DESIGN.md §1) and the default stage list of a run.
const std::vector<std::string> kDefaultStages = {"generate", "press", "release", "transport",
                                                 "cycle"};

std::vector<std::string> stages_of(const Json& config) {
  const auto it = config.find("stages");
  if (it == config.end() || !it->is_array()) return kDefaultStages;
  std::vector<std::string> stages;
  for (const auto& s : *it)
    if (s.is_string()) stages.push_back(s.get<std::string>());
  return stages;
}

// Everything that can influence the state after `stage`: the config minus the
// sections read only by later stages, with the stage list cut after `stage`.
// Null when the point does not run `stage` or runs nothing after it (nothing
// to share then). Sections not listed here count as relevant (conservative).
Json settings_up_to(const Json& config, const std::string& stage) {
  const auto stages = stages_of(config);
  const auto at = std::find(stages.begin(), stages.end(), stage);
  if (at == stages.end() || at + 1 == stages.end()) return nullptr;
  Json key = config;
  std::vector<std::string> later = {"transport", "cycle", "output"};
  if (stage == "press") later.push_back("release");
  for (const auto& section : later) key.erase(section);
  key["stages"] = Json(std::vector<std::string>(stages.begin(), at + 1));
  return key;
}

}  // namespace

void assign_checkpoint_reuse(SweepPlan& plan) {
  // The first point with given settings runs the stage itself, so it holds
  // the checkpoint; release is preferred (it saves more work) over press.
  std::map<std::string, std::size_t> first_release, first_press;
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    SweepPoint& p = plan.points[i];
    p.reuse.reset();
    const Json rel = settings_up_to(p.config, "release");
    const Json prs = settings_up_to(p.config, "press");
    const std::string rel_key = rel.is_null() ? "" : rel.dump();
    const std::string prs_key = prs.is_null() ? "" : prs.dump();
    if (!rel_key.empty()) {
      if (auto it = first_release.find(rel_key); it != first_release.end()) {
        p.reuse = SweepReuse{it->second, "release"};
        continue;
      }
      first_release.emplace(rel_key, i);
    }
    if (!prs_key.empty()) {
      if (auto it = first_press.find(prs_key); it != first_press.end())
        p.reuse = SweepReuse{it->second, "press"};
      else
        first_press.emplace(prs_key, i);
    }
  }
}

}  // namespace electrodem::stages
