// Run directory layout.
#include "electrodem/io/run_dir.hpp"

#include <fstream>

#include "electrodem/core/error.hpp"

namespace electrodem::io {

RunDir RunDir::create(const std::filesystem::path& root) {
  RunDir d{root, root / "vtk", root / "checkpoints"};
  for (const auto& dir : {d.root, d.vtk, d.checkpoints}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
      throw InputError(
          dir.string(), "",
          "a directory that can be created (" + (ec ? ec.message() : "exists as a file") + ")");
  }
  // Fail now, not after hours of simulation, if nothing can be written here.
  const auto probe = d.root / ".electrodem_write_test";
  {
    std::ofstream os(probe);
    if (!os) throw InputError(d.root.string(), "", "a writable output directory");
  }
  std::error_code ec;
  std::filesystem::remove(probe, ec);
  return d;
}

}  // namespace electrodem::io
