#pragma once
// Helpers shared by the sweep tests: scratch dirs and small files.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "electrodem/core/config_node.hpp"

namespace sweep_test {

namespace fs = std::filesystem;

// A fresh, empty scratch directory per test.
inline fs::path scratch(const std::string& name) {
  const fs::path d =
      fs::temp_directory_path() / ("electrodem_test_" + name + "_" + std::to_string(::getpid()));
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
