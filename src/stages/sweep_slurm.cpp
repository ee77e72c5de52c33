// Slurm job arrays for a sweep: one point per array task, each an
// `electrodem run` with the point's --set list.
#include "electrodem/stages/sweep_slurm.hpp"

#include <sstream>

#include "electrodem/core/files.hpp"
#include "electrodem/stages/sweep_exec.hpp"
#include "electrodem/stages/sweep_results.hpp"

namespace electrodem::stages {
namespace {

namespace fs = std::filesystem;

std::string run_line(const SweepPlan& plan, const SweepPoint& p, bool from) {
  std::string s = "\"$ELECTRODEM\" run " + shell_quote(plan.base_file.string()) + " --out " +
                  shell_quote(run_dir(plan, p).string()) + " --threads \"$THREADS\"";
  for (const auto& ov : p.overrides) s += " \\\n      --set " + shell_quote(ov);
  if (from) s += " \\\n      --from " + shell_quote(checkpoint_file(plan, *p.reuse).string());
  return s;
}

// One array task per point; a task skips a point that is already complete.
std::string array_script(const SweepPlan& plan, const std::vector<std::size_t>& points,
                         const fs::path& exe, int threads, const std::string& job_name) {
  std::ostringstream os;
  const fs::path slurm_dir = plan.out_dir / "slurm";
  os << "#!/bin/bash\n"
     << "#SBATCH --job-name=" << job_name << "\n"
     << "#SBATCH --array=0-" << points.size() - 1 << "\n"
     << "#SBATCH --ntasks=1\n"
     << "#SBATCH --cpus-per-task=" << threads << "\n"
     << "#SBATCH --output=" << (slurm_dir / (job_name + "-%A_%a.out")).string() << "\n"
     << "# Written by `electrodem sweep " << plan.sweep_file.string() << " --emit slurm`.\n"
     << "# Add partition/time/account lines for your cluster above.\n"
     << "set -euo pipefail\n"
     << "ELECTRODEM=${ELECTRODEM:-" << shell_quote(exe.string()) << "}\n"
     << "THREADS=${SLURM_CPUS_PER_TASK:-" << threads << "}\n"
     << "export OMP_NUM_THREADS=$THREADS\n"
     << "is_complete() { grep -qs '\"complete\": *true' \"$1/summary.json\"; }\n"
     << "case \"${SLURM_ARRAY_TASK_ID:?run this script with sbatch}\" in\n";
  for (std::size_t t = 0; t < points.size(); ++t) {
    const SweepPoint& p = plan.points[points[t]];
    const std::string dir = shell_quote(run_dir(plan, p).string());
    os << "  " << t << ")  # " << p.name << "\n"
       << "    is_complete " << dir << " && exit 0\n"
       << "    rm -rf " << dir << "\n";
    if (p.reuse) {
      os << "    if [ -f " << shell_quote(checkpoint_file(plan, *p.reuse).string()) << " ]; then\n"
         << "      " << run_line(plan, p, true) << "\n"
         << "    else\n"
         << "      " << run_line(plan, p, false) << "\n"
         << "    fi\n";
    } else {
      os << "    " << run_line(plan, p, false) << "\n";
    }
    os << "    ;;\n";
  }
  os << "  *) echo \"no sweep point for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\n"
     << "esac\n";
  return os.str();
}

}  // namespace

SlurmFiles write_slurm(const SweepPlan& plan, const fs::path& exe, int threads) {
  const fs::path dir = plan.out_dir / "slurm";
  fs::create_directories(dir);
  std::vector<std::size_t> first, second;
  for (std::size_t i = 0; i < plan.points.size(); ++i)
    (plan.points[i].reuse ? second : first).push_back(i);

  SlurmFiles f{dir / "runs.sbatch", dir / "followers.sbatch", dir / "collect.sbatch",
               dir / "submit.sh"};
  write_file_atomic(f.runs, array_script(plan, first, exe, threads, "electrodem-sweep"));
  if (!second.empty())
    write_file_atomic(f.followers,
                      array_script(plan, second, exe, threads, "electrodem-sweep-reuse"));
  else
    fs::remove(f.followers);

  std::ostringstream collect;
  collect << "#!/bin/bash\n"
          << "#SBATCH --job-name=electrodem-sweep-collect\n"
          << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
          << "#SBATCH --output=" << (dir / "collect-%j.out").string() << "\n"
          << "# Rebuilds results.csv from the run dirs (failed points get their error).\n"
          << "ELECTRODEM=${ELECTRODEM:-" << shell_quote(exe.string()) << "}\n"
          << "\"$ELECTRODEM\" sweep "
          << shell_quote(fs::absolute(plan.sweep_file).lexically_normal().string())
          << " --collect --out " << shell_quote(plan.out_dir.string()) << "\n";
  write_file_atomic(f.collect, collect.str());

  std::ostringstream submit;
  submit << "#!/bin/bash\n"
         << "# Submits the sweep: the runs, then the points that start from their\n"
         << "# checkpoints, then the collect step (afterany: it records failures too).\n"
         << "set -euo pipefail\n"
         << "cd " << shell_quote(dir.string()) << "\n"
         << "jid=$(sbatch --parsable runs.sbatch)\n"
         << "echo \"runs: job $jid (" << first.size() << " tasks)\"\n";
  if (!second.empty())
    submit << "jid=$(sbatch --parsable --dependency=afterany:$jid followers.sbatch)\n"
           << "echo \"checkpoint reuse: job $jid (" << second.size() << " tasks)\"\n";
  submit << "cid=$(sbatch --parsable --dependency=afterany:$jid collect.sbatch)\n"
         << "echo \"collect: job $cid -> " << (plan.out_dir / "results.csv").string() << "\"\n";
  write_file_atomic(f.submit, submit.str());
  for (const auto& p : {f.runs, f.followers, f.collect, f.submit})
    if (fs::exists(p))
      fs::permissions(p, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add);
  return f;
}

}  // namespace electrodem::stages
