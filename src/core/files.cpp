#include "electrodem/core/files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "electrodem/core/error.hpp"

namespace electrodem {

std::filesystem::path temp_sibling(const std::filesystem::path& file) {
  auto tmp = file;
  tmp += ".tmp." + std::to_string(::getpid());
  return tmp;
}

void commit_temp(const std::filesystem::path& tmp, const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot move " + tmp.string() + " to " + file.string() + ": " + ec.message());
  }
}

void write_file_atomic(const std::filesystem::path& file, const std::function<void(std::ostream&)>& writer) {
  const auto tmp = temp_sibling(file);
  try {
    std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
    if (!os) throw std::runtime_error("cannot open " + tmp.string() + " for writing");
    writer(os);
    os.flush();
    if (!os) throw std::runtime_error("write to " + tmp.string() + " failed (disk full?)");
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  commit_temp(tmp, file);
}

void write_file_atomic(const std::filesystem::path& file, const std::string& content) {
  write_file_atomic(file, [&](std::ostream& os) { os << content; });
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream is(file, std::ios::binary);
  if (!is) throw InputError(file.string(), "", "cannot open file for reading");
  std::ostringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

}  // namespace electrodem
