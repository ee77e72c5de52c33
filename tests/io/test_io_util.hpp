#pragma once
#include <filesystem>
#include <string>

namespace electrodem::io::testing {

// Fresh empty directory under the system temp dir for one test.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() / ("electrodem_io_" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// Files whose name contains ".tmp." (left behind by a non-atomic write).
inline std::size_t temp_files(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) ++n;
  return n;
}

}  // namespace electrodem::io::testing
