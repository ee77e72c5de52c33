#pragma once
// ParaView collection files (.pvd): a time series of .vtp frames. The .pvd is
// rewritten atomically after every frame, so an interrupted run still opens
// in ParaView with every frame written so far.
#include <filesystem>
#include <string>
#include <vector>

namespace electrodem::io {

class PvdCollection {
 public:
  struct Entry {
    double time = 0.0;  // [s]
    std::string file;   // relative to the .pvd's directory
  };

  // Starts an empty collection (the file is written at the first add()).
  explicit PvdCollection(std::filesystem::path pvd_file);
  // Reads an existing .pvd (e.g. to continue a series after a restart).
  // Throws InputError naming the file if it cannot be read or parsed.
  static PvdCollection read(const std::filesystem::path& pvd_file);

  // Appends a frame and rewrites the .pvd. `file` may be absolute or relative
  // to the current directory; it is stored relative to the .pvd's directory.
  void add(double time, const std::filesystem::path& file);
  // Rewrites the .pvd (atomic).
  void write() const;

  const std::vector<Entry>& entries() const { return entries_; }
  const std::filesystem::path& path() const { return file_; }

 private:
  std::filesystem::path file_;
  std::vector<Entry> entries_;
};

// A numbered series of frames in one directory: <dir>/<name>_000000.vtp, ...
// and <dir>/<name>.pvd. Usage: write the frame to next_path(), then commit(t).
class FrameSeries {
 public:
  FrameSeries(std::filesystem::path dir, std::string name);
  std::filesystem::path next_path() const;
  void commit(double time);
  std::size_t frames() const { return pvd_.entries().size(); }
  const PvdCollection& collection() const { return pvd_; }

 private:
  std::filesystem::path dir_;
  std::string name_;
  PvdCollection pvd_;
};

}  // namespace electrodem::io
