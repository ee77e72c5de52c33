#include "electrodem/core/log.hpp"

#include <iostream>
#include <sstream>

namespace electrodem {

std::string fmt(double v, int precision) {
  std::ostringstream os;
  os.precision(precision);
  os << v;
  return os.str();
}

void Logger::open_file(const std::filesystem::path& file) {
  std::lock_guard lock(mutex_);
  file_.open(file, std::ios::app);
  for (const auto& l : pending_) file_ << l << '\n';
  pending_.clear();
  file_.flush();
}

void Logger::write(Level level, const std::string& msg) {
  std::lock_guard lock(mutex_);
  const char* tag = level == Level::warn ? "warning: " : level == Level::error ? "error: " : "";
  if (level == Level::warn) ++warnings_;
  const std::string line = tag + msg;
  if (!quiet_ || level >= Level::warn) (level >= Level::warn ? std::cerr : std::cout) << line << std::endl;
  if (file_.is_open()) {
    file_ << line << '\n';
    file_.flush();
  } else {
    pending_.push_back(line);
  }
}

Progress::Progress(Logger& log, std::string stage, double interval_s)
    : log_(log), stage_(std::move(stage)), interval_(interval_s),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

bool Progress::due() const { return seconds_until_due() <= 0.0; }

double Progress::seconds_until_due() const {
  return interval_ - std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count();
}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::report(long long step, double sim_time, const std::string& fields, double fraction_done) {
  const auto now = std::chrono::steady_clock::now();
  const double dt = std::chrono::duration<double>(now - last_).count();
  const double rate = dt > 0 ? static_cast<double>(step - last_step_) / dt : 0.0;
  std::ostringstream os;
  os << "[" << stage_ << "] step " << step << "  t=" << fmt(sim_time) << " s  " << fields << "  "
     << fmt(rate, 3) << " steps/s";
  if (fraction_done > 0 && fraction_done <= 1) {
    const double el = elapsed();
    os << "  " << fmt(100 * fraction_done, 3) << "%  ETA " << fmt(el * (1 - fraction_done) / fraction_done, 3) << " s";
  }
  log_.info(os.str());
  last_ = now;
  last_step_ = step;
}

}  // namespace electrodem
