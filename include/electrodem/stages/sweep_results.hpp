#pragma once
// Sweep results: per-point status and the results.csv table (one row per
// point: its axis values, status, error, then every scalar of its
// summary.json flattened as `stage.key`).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "electrodem/stages/sweep_plan.hpp"

namespace electrodem::stages {

enum class PointStatus { pending, running, ok, failed, interrupted };
std::string status_text(PointStatus s);

struct PointOutcome {
  PointStatus status = PointStatus::pending;
  std::string error;  // exit code and last log lines of a failed point
};

std::filesystem::path run_dir(const SweepPlan& plan, const SweepPoint& point);
// Where the console output (stdout + stderr) of a point's run goes.
std::filesystem::path console_file(const SweepPlan& plan, const SweepPoint& point);
std::filesystem::path checkpoint_file(const SweepPlan& plan, const SweepReuse& reuse);

// summary.json of a run dir, or null if absent or unreadable (e.g. mid-write).
Json read_summary(const std::filesystem::path& run_dir);
// A run is complete when its summary says so: the runner writes
// "run": {"complete": true} (or "complete": true at the top level) once
// every stage has finished.
bool summary_complete(const std::filesystem::path& run_dir);

// Scalars (numbers, strings, booleans) of a nested object as ("a.b.c", value),
// in document order; arrays and the "complete" / "run.complete" markers are skipped.
std::vector<std::pair<std::string, Json>> flatten_scalars(const Json& summary);

// The summary of a point, with the stages it took from its checkpoint source
// (e.g. press) filled in from the source's summary.
Json point_summary(const SweepPlan& plan, std::size_t point);

// Last `lines` non-empty lines of a text file, joined with " | ".
std::string tail_lines(const std::filesystem::path& file, int lines);

// results.csv as text (columns: point, axes [and their SI values], status,
// error, stage.key...). Deterministic: it does not depend on where `out` is.
std::string results_csv(const SweepPlan& plan, const std::vector<PointOutcome>& outcomes);
void write_results(const SweepPlan& plan, const std::vector<PointOutcome>& outcomes);

// Status of every point from its run dir alone (for --collect and resume).
std::vector<PointOutcome> collect_outcomes(const SweepPlan& plan);

// CSV field quoting (RFC 4180).
std::string csv_field(const std::string& text);

}  // namespace electrodem::stages
