#pragma once
// Child processes of a sweep: one `electrodem run` per point, with its
// console output in a file, killed if the sweep process dies.
#include <signal.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace electrodem::stages {

struct ChildCommand {
  std::vector<std::string> argv;  // argv[0] is the executable path
  std::vector<std::string> env;   // extra "NAME=value" entries
  std::filesystem::path console;  // stdout and stderr go here (truncated)
};

// Starts the command; throws std::runtime_error if fork fails. A child that
// cannot exec exits with 127 and says why in its console file.
pid_t spawn_child(const ChildCommand& command);

struct ChildExit {
  bool signalled = false;
  int code = 0;  // exit code, or the signal number if signalled
  std::string describe() const;
};

// Non-blocking: the exit of `pid` if it has ended.
std::optional<ChildExit> poll_child(pid_t pid);
// Sends SIGTERM, waits up to `grace_s` seconds, then SIGKILL; reaps the child.
ChildExit stop_child(pid_t pid, double grace_s);

// Catches SIGINT and SIGTERM while alive (restoring the previous handlers on
// destruction) so the sweep can stop its children and keep finished points.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  // The signal received (SIGINT or SIGTERM), or 0.
  int received() const;

 private:
  struct sigaction old_interrupt_ {};
  struct sigaction old_terminate_ {};
};

// Shell-quoted text of one argument (POSIX sh single quotes).
std::string shell_quote(const std::string& arg);

// Path of the running executable (/proc/self/exe).
std::filesystem::path self_executable();

}  // namespace electrodem::stages
