#pragma once
// The one State the stages act on, in pipeline order: the packing after
// `generate`, the DEM system from `press` on, the electrochemical state in
// `cycle`. The stages are the only place where mechanics and
// electrochemistry meet.
#include <optional>
#include <string>
#include <vector>

#include "electrodem/dem/packing.hpp"
#include "electrodem/dem/system.hpp"

namespace electrodem::stages {

struct State {
  std::optional<dem::Packing> packing;
  std::optional<dem::System> system;
  std::vector<std::string> completed;  // stages done, in order
};

}  // namespace electrodem::stages
