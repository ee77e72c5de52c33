#pragma once
// Logging to stdout and (once a run dir exists) log.txt, plus a rate-limited
// progress reporter for long stages. A Logger is passed by reference; there is
// no global logger.
#include <chrono>
#include <fstream>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace electrodem {

class Logger {
 public:
  enum class Level { debug, info, warn, error };
  explicit Logger(bool quiet = false) : quiet_(quiet) {}
  // Mirrors everything logged from now on (and what was logged before) into a file.
  void open_file(const std::filesystem::path& file);
  void info(const std::string& msg) { write(Level::info, msg); }
  void warn(const std::string& msg) { write(Level::warn, msg); }
  void error(const std::string& msg) { write(Level::error, msg); }
  void write(Level level, const std::string& msg);
  int warnings() const { return warnings_; }

 private:
  bool quiet_;
  int warnings_ = 0;
  std::vector<std::string> pending_;  // lines logged before the file was opened
  std::ofstream file_;
  std::mutex mutex_;
};

// Prints "[stage] step N  t=...  <fields>  rate  ETA" at most every `interval`
// seconds of wall time.
class Progress {
 public:
  Progress(Logger& log, std::string stage, double interval_s = 5.0);
  // True when a report is due (cheap; call every step).
  bool due() const;
  // Wall seconds until the next report is due (<= 0: due now).
  double seconds_until_due() const;
  // fraction_done in [0,1] gives the ETA; negative means unknown.
  void report(long long step, double sim_time, const std::string& fields, double fraction_done);
  double elapsed() const;

 private:
  Logger& log_;
  std::string stage_;
  double interval_;
  std::chrono::steady_clock::time_point start_, last_;
  long long last_step_ = 0;
};

// "1.23e-05" style short number formatting for logs.
std::string fmt(double v, int precision = 4);

}  // namespace electrodem
