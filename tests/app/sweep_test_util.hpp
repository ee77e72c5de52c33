#pragma once
// Helpers shared by the sweep tests: scratch dirs and small files.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "electrodem/core/config_node.hpp"

namespace sweep_test {

namespace fs = std::filesystem;

// A fresh, empty scratch directory per test. Named by the process (test executables that run
// at once may use the same name) and left for inspection after the test, like the other test
// helpers' directories; the ones of this name left by processes that are gone are removed
// first, so they do not pile up run after run.
inline fs::path scratch(const std::string& name) {
  const std::string stem = "electrodem_test_" + name + "_";
  std::error_code ec;  // other processes add and remove entries meanwhile: skip what fails
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    const std::string file = e.path().filename().string();
    const std::string pid = file.substr(std::min(stem.size(), file.size()));
    if (file.rfind(stem, 0) != 0 || pid.empty() || pid.size() > 9 ||
        pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (::kill(std::stoi(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
  const fs::path d = fs::temp_directory_path() / (stem + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

inline void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

inline std::string read(const fs::path& file) {
  std::ifstream is(file);
  std::ostringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

inline void write_json(const fs::path& file, const electrodem::Json& j) {
  write(file, j.dump(2));
}

}  // namespace sweep_test
