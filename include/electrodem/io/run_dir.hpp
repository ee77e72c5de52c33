#pragma once
// The run directory (DESIGN.md §4): config.resolved.json, log.txt,
// timeseries.csv, summary.json, vtk/ (frames and .pvd), checkpoints/.
// Existing runs are not refused: files in them are overwritten atomically.
#include <filesystem>
#include <string>

namespace electrodem::io {

struct RunDir {
  std::filesystem::path root, vtk, checkpoints;

  // Creates root, root/vtk and root/checkpoints (and parents). Throws
  // InputError naming the directory if it cannot be created or written.
  static RunDir create(const std::filesystem::path& root);

  std::filesystem::path file(const std::string& name) const { return root / name; }
  std::filesystem::path resolved_config() const { return root / "config.resolved.json"; }
  std::filesystem::path log() const { return root / "log.txt"; }
  std::filesystem::path timeseries() const { return root / "timeseries.csv"; }
  std::filesystem::path summary() const { return root / "summary.json"; }
  // checkpoints/<stage>.ckpt
  std::filesystem::path checkpoint(const std::string& stage) const {
    return checkpoints / (stage + ".ckpt");
  }
};

}  // namespace electrodem::io
