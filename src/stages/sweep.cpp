// `electrodem sweep`: runs every point of a sweep as a child process of the
// same binary, --jobs at a time, resumable, Ctrl-C safe; or writes a Slurm
// job array (--emit slurm); or only rebuilds results.csv (--collect).
#include "electrodem/stages/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <sstream>
#include <thread>

#include "electrodem/core/error.hpp"
#include "electrodem/core/files.hpp"
#include "electrodem/stages/sweep_exec.hpp"
#include "electrodem/stages/sweep_plan.hpp"
#include "electrodem/stages/sweep_results.hpp"
#include "electrodem/stages/sweep_slurm.hpp"

namespace electrodem::stages {
namespace {

namespace fs = std::filesystem;

int threads_per_job(const SweepOptions& o) {
  if (o.threads > 0) return o.threads;
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, hw / std::max(1, o.jobs));
}

fs::path executable_of(const SweepOptions& o) {
  return o.executable.empty() ? self_executable() : fs::absolute(o.executable);
}

// `electrodem run` of one point; from a shared checkpoint when it exists.
ChildCommand run_command(const SweepPlan& plan, std::size_t i, const fs::path& exe, int threads,
                         bool from_checkpoint) {
  const SweepPoint& p = plan.points[i];
  ChildCommand c;
  c.argv = {exe.string(),
            "run",
            plan.base_file.string(),
            "--out",
            run_dir(plan, p).string(),
            "--threads",
            std::to_string(threads)};
  for (const auto& ov : p.overrides) {
    c.argv.push_back("--set");
    c.argv.push_back(ov);
  }
  if (from_checkpoint && p.reuse) {
    c.argv.push_back("--from");
    c.argv.push_back(checkpoint_file(plan, *p.reuse).string());
  }
  c.env = {"OMP_NUM_THREADS=" + std::to_string(threads)};
  c.console = console_file(plan, p);
  return c;
}

// Maps a problem `electrodem check` found ("  path: got ...; expected") back
// to where it comes from in the sweep file: an axis, a "set" entry or the base.
InputIssue sweep_issue(const SweepPlan& plan, const std::string& line) {
  const auto first = line.find_first_not_of(' ');
  const auto colon = line.find(": ", first);
  if (first == std::string::npos || colon == std::string::npos) return {"base", "", line};
  const std::string path = line.substr(first, colon - first);
  const std::string what = line.substr(colon + 2);
  for (const auto& a : plan.axes)
    if (a.path == path) return {"axes[\"" + path + "\"]", "", what};
  for (const auto& ov : plan.set_overrides)
    if (ov.substr(0, ov.find('=')) == path) return {"set[\"" + path + "\"]", "", what};
  return {"base (" + plan.base_file.filename().string() + ") " + path, "", what};
}

// Validates every point with `electrodem check` so that a bad axis value is
// reported as bad input before anything runs.
void check_points(const SweepPlan& plan, const fs::path& exe) {
  std::vector<InputIssue> issues;
  auto add = [&](InputIssue i) {
    for (const auto& j : issues)
      if (j.path == i.path && j.expected == i.expected) return;
    issues.push_back(std::move(i));
  };
  for (const auto& p : plan.points) {
    ChildCommand c;
    c.argv = {exe.string(), "check", plan.base_file.string()};
    for (const auto& ov : p.overrides) {
      c.argv.push_back("--set");
      c.argv.push_back(ov);
    }
    c.console = plan.out_dir / "logs" / (p.name + ".check.txt");
    const pid_t pid = spawn_child(c);
    std::optional<ChildExit> e;
    while (!(e = poll_child(pid))) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!e->signalled && e->code == 0) {
      fs::remove(c.console);
      continue;
    }
    // The indented lines of the error are the individual problems.
    std::istringstream is(read_file(c.console));
    bool any = false;
    for (std::string line; std::getline(is, line);)
      if (line.rfind("  ", 0) == 0 && line.find(": ") != std::string::npos) {
        add(sweep_issue(plan, line));
        any = true;
      }
    if (!any)
      add({"point " + p.name, "",
           "a valid run config; electrodem check said: " + tail_lines(c.console, 8)});
  }
  if (!issues.empty()) throw InputError(issues);
}

void write_plan_file(const SweepPlan& plan) {
  Json j = Json::object();
  j["sweep file"] = fs::absolute(plan.sweep_file).lexically_normal().string();
  j["base"] = plan.base_file.string();
  j["mode"] = plan.mode;
  j["set"] = plan.set_overrides;
  Json axes = Json::object();
  for (const auto& a : plan.axes) axes[a.path] = a.values;
  j["axes"] = axes;
  Json points = Json::array();
  for (const auto& p : plan.points) {
    Json pj = {{"name", p.name}, {"overrides", p.overrides}};
    if (p.reuse)
      pj["from checkpoint"] = {{"point", plan.points[p.reuse->source].name},
                               {"stage", p.reuse->stage}};
    points.push_back(pj);
  }
  j["points"] = points;
  write_file_atomic(plan.out_dir / "sweep.plan.json", j.dump(2) + "\n");
}

// Runs the pending points, `jobs` at a time, until all are done or a signal
// arrives. Returns the signal number (0 if none).
class Executor {
 public:
  Executor(const SweepPlan& plan, std::vector<PointOutcome>& outcomes, const SweepOptions& o,
           Logger& log)
      : plan_(plan),
        out_(outcomes),
        jobs_(std::max(1, o.jobs)),
        threads_(threads_per_job(o)),
        exe_(executable_of(o)),
        log_(log) {}

  int run() {
    const InterruptGuard guard;
    total_ = static_cast<std::size_t>(std::count_if(
        out_.begin(), out_.end(), [](const auto& x) { return x.status == PointStatus::pending; }));
    for (;;) {
      if (guard.received()) break;
      reap();
      while (running_.size() < static_cast<std::size_t>(jobs_)) {
        const auto next = next_ready();
        if (!next) break;
        launch(*next);
      }
      if (running_.empty() && !next_ready()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (guard.received()) {
      log_.warn("sweep: interrupted; stopping " + std::to_string(running_.size()) +
                " running point(s); finished points are kept");
      for (const auto& [pid, i] : running_) {
        stop_child(pid, 10.0);
        // A run stopped after writing its final summary (on its way out) is finished.
        const bool done = summary_complete(run_dir(plan_, plan_.points[i]));
        out_[i] = done ? PointOutcome{PointStatus::ok, ""}
                       : PointOutcome{PointStatus::interrupted, "interrupted"};
      }
      running_.clear();
    }
    return guard.received();
  }

 private:
  // Pending points whose checkpoint source (if any) has finished or has
  // written the checkpoint; sources come first in plan order.
  std::optional<std::size_t> next_ready() const {
    for (std::size_t i = 0; i < plan_.points.size(); ++i) {
      if (out_[i].status != PointStatus::pending) continue;
      const auto& reuse = plan_.points[i].reuse;
      if (!reuse) return i;
      const PointStatus s = out_[reuse->source].status;
      if (s == PointStatus::ok || s == PointStatus::failed || s == PointStatus::interrupted)
        return i;
      if (s == PointStatus::running && fs::exists(checkpoint_file(plan_, *reuse))) return i;
    }
    return std::nullopt;
  }

  void launch(std::size_t i) {
    const SweepPoint& p = plan_.points[i];
    const fs::path dir = run_dir(plan_, p);
    fs::remove_all(dir);  // an unfinished earlier attempt: start clean
    fs::create_directories(console_file(plan_, p).parent_path());
    const bool from = p.reuse && fs::exists(checkpoint_file(plan_, *p.reuse));
    const ChildCommand c = run_command(plan_, i, exe_, threads_, from);
    running_[spawn_child(c)] = i;
    out_[i] = {PointStatus::running, ""};
    log_.info("sweep: started " + p.name +
              (from ? " (from " + plan_.points[p.reuse->source].name + " " + p.reuse->stage +
                          " checkpoint)"
                    : ""));
  }

  void reap() {
    for (auto it = running_.begin(); it != running_.end();) {
      const auto e = poll_child(it->first);
      if (!e) {
        ++it;
        continue;
      }
      finish(it->second, *e);
      it = running_.erase(it);
    }
  }

  void finish(std::size_t i, const ChildExit& e) {
    const SweepPoint& p = plan_.points[i];
    ++done_;
    if (!e.signalled && e.code == 0 && summary_complete(run_dir(plan_, p))) {
      out_[i] = {PointStatus::ok, ""};
    } else if (e.signalled && (e.code == SIGINT || e.code == SIGTERM) &&
               summary_complete(run_dir(plan_, p))) {
      out_[i] = {PointStatus::ok, ""};  // Ctrl-C reached it after its last stage had finished
    } else if ((e.signalled && (e.code == SIGINT || e.code == SIGTERM)) ||
               (!e.signalled && e.code == 130)) {
      out_[i] = {PointStatus::interrupted, "interrupted (" + e.describe() + ")"};
    } else {
      std::string why = e.code == 0 && !e.signalled ? "exit code 0 but summary.json is not complete"
                                                    : e.describe();
      const std::string tail = tail_lines(console_file(plan_, p), 5);
      out_[i] = {PointStatus::failed, why + (tail.empty() ? "" : ": " + tail)};
    }
    log_.info("sweep: " + std::to_string(done_) + "/" + std::to_string(total_) + " " + p.name +
              " " + status_text(out_[i].status) +
              (out_[i].error.empty() ? "" : " — " + out_[i].error));
    write_results(plan_, out_);
  }

  const SweepPlan& plan_;
  std::vector<PointOutcome>& out_;
  int jobs_, threads_;
  fs::path exe_;
  Logger& log_;
  std::map<pid_t, std::size_t> running_;
  std::size_t total_ = 0, done_ = 0;
};

}  // namespace

int run_sweep(const SweepOptions& options, Logger& log) {
  SweepPlan plan = load_sweep_plan(options.sweep_file, options.out);
  if (plan.reuse_checkpoints) assign_checkpoint_reuse(plan);
  fs::create_directories(plan.out_dir / "logs");
  log.open_file(plan.out_dir / (options.collect ? "collect.log.txt" : "sweep.log.txt"));
  log.info("sweep: " + std::to_string(plan.points.size()) + " points (" + plan.mode + " over " +
           std::to_string(plan.axes.size()) + " axes) into " + plan.out_dir.string());

  if (options.collect) {
    const auto outcomes = collect_outcomes(plan);
    write_results(plan, outcomes);
    const auto ok = std::count_if(outcomes.begin(), outcomes.end(),
                                  [](const auto& o) { return o.status == PointStatus::ok; });
    log.info("sweep: collected " + std::to_string(ok) + "/" + std::to_string(outcomes.size()) +
             " complete points into " + (plan.out_dir / "results.csv").string());
    return ok == static_cast<long>(outcomes.size()) ? 0 : 1;
  }

  const fs::path exe = executable_of(options);
  check_points(plan, exe);
  write_plan_file(plan);
  if (options.emit == "slurm") {
    const auto files = write_slurm(plan, exe, threads_per_job(options));
    log.info("sweep: wrote " + files.submit.string() + " (submit with: bash " +
             files.submit.string() + ")");
    return 0;
  }

  // Resume: points with a complete summary are kept as they are.
  std::vector<PointOutcome> outcomes(plan.points.size());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < plan.points.size(); ++i)
    if (summary_complete(run_dir(plan, plan.points[i]))) {
      outcomes[i].status = PointStatus::ok;
      ++kept;
    }
  if (kept > 0) log.info("sweep: resuming; " + std::to_string(kept) + " point(s) already complete");
  write_results(plan, outcomes);

  const int signal = Executor(plan, outcomes, options, log).run();
  write_results(plan, outcomes);
  const auto failed = std::count_if(outcomes.begin(), outcomes.end(),
                                    [](const auto& o) { return o.status == PointStatus::failed; });
  log.info("sweep: results in " + (plan.out_dir / "results.csv").string());
  if (signal) {
    log.error("sweep: stopped by signal " + std::to_string(signal) +
              "; run the same command again to resume");
    return 128 + signal;
  }
  if (failed > 0) {
    log.error("sweep: " + std::to_string(failed) +
              " point(s) failed; see the error column of results.csv");
    return 1;
  }
  return 0;
}

}  // namespace electrodem::stages
