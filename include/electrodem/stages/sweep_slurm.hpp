#pragma once
// `electrodem sweep SWEEP --emit slurm`: a Slurm job array instead of local
// runs. Points that start from another point's checkpoint go into a second
// array that waits for the first; a collect job rebuilds results.csv.
#include <filesystem>

#include "electrodem/stages/sweep_plan.hpp"

namespace electrodem::stages {

struct SlurmFiles {
  std::filesystem::path runs;       // array over the points that run from scratch
  std::filesystem::path followers;  // array over the points that reuse a checkpoint (may not exist)
  std::filesystem::path collect;    // `electrodem sweep SWEEP --collect`
  std::filesystem::path submit;     // submits the three with dependencies
};

// Writes the scripts into <out>/slurm/. `exe` is the electrodem binary (the
// scripts let $ELECTRODEM override it), `threads` the CPUs per task.
SlurmFiles write_slurm(const SweepPlan& plan, const std::filesystem::path& exe, int threads);

}  // namespace electrodem::stages
