#pragma once
// Atomic file output: write to a temporary sibling, then rename, so a reader
// (or an interrupted run) never sees a half-written file.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace electrodem {

void write_file_atomic(const std::filesystem::path& file, const std::string& content);
// Streams into a temporary sibling and renames on success; on exception the
// temporary is removed and the target untouched.
void write_file_atomic(const std::filesystem::path& file, const std::function<void(std::ostream&)>& writer);
// Temporary sibling name used by the atomic writers (for writers that need a path, e.g. VTK).
std::filesystem::path temp_sibling(const std::filesystem::path& file);
// Renames tmp onto file (same directory), throwing std::runtime_error with both names on failure.
void commit_temp(const std::filesystem::path& tmp, const std::filesystem::path& file);
std::string read_file(const std::filesystem::path& file);

}  // namespace electrodem
