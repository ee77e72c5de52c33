#pragma once
// A parameter study read from a sweep file: a base config, overrides applied
// to every point, and axes (config paths with lists or ranges of values)
// combined as a full grid or zipped. Each point is one `electrodem run` with
// `--set` overrides into its own run dir, named by its values.
//
// Sweep file:
//   {"base": "default.json",                  // relative to the sweep file
//    "set":  {"packing.count": 300},           // applied to every point
//    "axes": {"press.pressure": {"from": "100 MPa", "to": "500 MPa", "steps": 5},
//             "packing.components.1.diameter.median": ["1 um", "3 um", "5 um"]},
//    "mode": "grid" | "zip",                   // default grid
//    "out":  "runs/sweep",                     // relative to the working directory
//    "reuse_checkpoints": true}                // share pressing between points
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "electrodem/core/config_node.hpp"

namespace electrodem::stages {

struct SweepAxis {
  std::string path;          // dotted config path, e.g. "press.pressure"
  std::string label;         // shortest path suffix unique among the axes (dir names)
  std::vector<Json> values;  // as given or generated: numbers or strings with units
};

// A point may start from the checkpoint of another point that shares every
// setting up to (and including) that stage (DESIGN.md §1: press once, then
// many transport or cycling studies on the same pressed electrode).
struct SweepReuse {
  std::size_t source = 0;  // index of the point that runs the shared stages
  std::string stage;       // "press" or "release": the checkpoint to start from
};

struct SweepPoint {
  std::string name;                    // run dir name: filesystem-safe, unique, from the values
  std::vector<Json> values;            // one per axis
  std::vector<std::string> overrides;  // "path=<json>": the sweep's "set", then the axes
  Json config;                         // base config with the overrides applied (not resolved)
  std::optional<SweepReuse> reuse;
};

struct SweepPlan {
  std::filesystem::path sweep_file;
  std::filesystem::path base_file;  // absolute
  std::filesystem::path out_dir;    // absolute
  std::string mode;                 // "grid" or "zip"
  bool reuse_checkpoints = true;
  std::vector<std::string> set_overrides;
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;
};

// Reads and validates a sweep file; `out` overrides its "out". Every problem
// is reported at once as an InputError naming the JSON path, the value and
// what was expected.
SweepPlan load_sweep_plan(const std::filesystem::path& sweep_file,
                          const std::optional<std::filesystem::path>& out = std::nullopt);
// Same from an already parsed sweep (sweep_file locates `base`).
SweepPlan make_sweep_plan(const Json& sweep, const std::filesystem::path& sweep_file,
                          const std::optional<std::filesystem::path>& out = std::nullopt);

// Values of a range axis {"from": "100 MPa", "to": "500 MPa", "steps": 5,
// "spacing": "linear" | "log"}: strings in the unit of "from" (numbers if
// "from" is a number; integers if both ends are integers and the steps are).
std::vector<Json> expand_range(const Json& range, const std::string& path);

// "path=<value as JSON>": exact for --set, which reads the value as JSON.
std::string override_text(const std::string& path, const Json& value);

// Filesystem-safe text of a value ("100 MPa" -> "100MPa").
std::string safe_value_text(const Json& value);

// Marks points whose pressing (and release) settings equal those of an
// earlier point so they start from its checkpoint. Settings that matter for
// pressing: everything except `release`, `transport`, `cycle`, `output` and
// the stages after `press`.
void assign_checkpoint_reuse(SweepPlan& plan);

}  // namespace electrodem::stages
