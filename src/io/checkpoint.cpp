// Checkpoint container (see checkpoint.hpp for the layout).
#include "electrodem/io/checkpoint.hpp"

#include <algorithm>
#include <sstream>

#include "electrodem/core/error.hpp"
#include "electrodem/core/files.hpp"

namespace electrodem::io {

namespace {
constexpr char kMagic[8] = {'E', 'D', 'E', 'M', 'C', 'K', 'P', 'T'};
constexpr char kTrailer[8] = {'E', 'D', 'E', 'M', 'E', 'N', 'D', '!'};

// FNV-1a, 64 bit (Fowler, Noll, Vo): catches flipped or zeroed bytes.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

template <class T>
void put(std::ostream& os, T v) {
  for (std::size_t k = 0; k < sizeof(T); ++k)
    os.put(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * k)) & 0xff));
}

// Bounds-checked little-endian cursor over the file contents.
class Cursor {
 public:
  Cursor(const std::string& data, const std::filesystem::path& file) : d_(data), file_(file) {}
  template <class T>
  T get(const char* what) {
    need(sizeof(T), what);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < sizeof(T); ++k)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(d_[pos_ + k])) << (8 * k);
    pos_ += sizeof(T);
    return static_cast<T>(v);
  }
  std::string bytes(std::size_t n, const char* what) {
    need(n, what);
    std::string s = d_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  [[noreturn]] void fail(const std::string& expected) const {
    throw InputError(file_.string(), "", "a complete electrodem checkpoint: " + expected);
  }
  std::size_t pos() const { return pos_; }
  std::size_t left() const { return d_.size() - pos_; }

 private:
  void need(std::size_t n, const char* what) const {
    if (n > d_.size() - pos_)
      fail(std::string("file ends at byte ") + std::to_string(d_.size()) + " inside the " + what +
           " (truncated?)");
  }
  const std::string& d_;
  const std::filesystem::path& file_;
  std::size_t pos_ = 0;
};
}  // namespace

void Checkpoint::set(const std::string& name, std::string bytes) {
  for (auto& [n, b] : sections_)
    if (n == name) {
      b = std::move(bytes);
      return;
    }
  sections_.emplace_back(name, std::move(bytes));
}

void Checkpoint::set(const std::string& name,
                     const std::function<void(std::ostream&)>& serializer) {
  std::ostringstream os(std::ios::binary);
  serializer(os);
  set(name, std::move(os).str());
}

bool Checkpoint::has(const std::string& name) const {
  return std::any_of(sections_.begin(), sections_.end(),
                     [&](const auto& s) { return s.first == name; });
}

const std::string& Checkpoint::bytes(const std::string& name) const {
  for (const auto& [n, b] : sections_)
    if (n == name) return b;
  throw InputError(
      source_.empty() ? std::string("checkpoint") : source_,
      "", "a section '" + name + "' (has: " + [&] {
        std::string s;
        for (const auto& sec : sections_) s += (s.empty() ? "" : ", ") + sec.first;
        return s.empty() ? std::string("none") : s;
      }() + ")");
}

std::vector<std::string> Checkpoint::names() const {
  std::vector<std::string> out;
  for (const auto& s : sections_) out.push_back(s.first);
  return out;
}

void Checkpoint::write(const std::filesystem::path& file) const {
  write_file_atomic(file, [&](std::ostream& os) {
    os.write(kMagic, sizeof kMagic);
    put<std::uint32_t>(os, version);
    put<std::uint32_t>(os, static_cast<std::uint32_t>(sections_.size()));
    for (const auto& [name, b] : sections_) {
      put<std::uint32_t>(os, static_cast<std::uint32_t>(name.size()));
      os.write(name.data(), static_cast<std::streamsize>(name.size()));
      put<std::uint64_t>(os, b.size());
      put<std::uint64_t>(os, fnv1a(b));
      os.write(b.data(), static_cast<std::streamsize>(b.size()));
    }
    os.write(kTrailer, sizeof kTrailer);
  });
}

Checkpoint Checkpoint::read(const std::filesystem::path& file) {
  const std::string data = read_file(file);
  Cursor c(data, file);
  if (c.bytes(sizeof kMagic, "header") != std::string(kMagic, sizeof kMagic))
    c.fail("wrong magic bytes (not an electrodem checkpoint)");
  const auto ver = c.get<std::uint32_t>("header");
  if (ver != version)
    c.fail("version " + std::to_string(ver) + " is not supported (this build reads version " +
           std::to_string(version) + ")");
  const auto n = c.get<std::uint32_t>("header");
  Checkpoint ck;
  ck.source_ = file.string();
  for (std::uint32_t s = 0; s < n; ++s) {
    const auto len = c.get<std::uint32_t>("section header");
    if (len > c.left())
      c.fail("section " + std::to_string(s) + " name length " + std::to_string(len) +
             " beyond the end (truncated?)");
    std::string name = c.bytes(len, "section name");
    const auto size = c.get<std::uint64_t>("section header");
    const auto hash = c.get<std::uint64_t>("section header");
    if (size > c.left())
      c.fail("section '" + name + "' needs " + std::to_string(size) + " bytes, " +
             std::to_string(c.left()) + " left (truncated?)");
    std::string b = c.bytes(static_cast<std::size_t>(size), "section data");
    if (fnv1a(b) != hash) c.fail("section '" + name + "' is corrupt (checksum mismatch)");
    ck.sections_.emplace_back(std::move(name), std::move(b));
  }
  if (c.bytes(sizeof kTrailer, "trailer") != std::string(kTrailer, sizeof kTrailer))
    c.fail("bad trailer (corrupt)");
  if (c.left() != 0) c.fail(std::to_string(c.left()) + " unexpected bytes after the trailer");
  return ck;
}

void BinaryReader::fail(const std::string& wanted) const {
  throw InputError(context_, "",
                   "checkpoint data with " + wanted + " at byte " + std::to_string(pos_) + " of " +
                       std::to_string(bytes_.size()) +
                       " (truncated, or written by another version)");
}

void BinaryReader::expect_done() const {
  if (!done())
    throw InputError(context_, "",
                     "no data after byte " + std::to_string(pos_) + " (" +
                         std::to_string(bytes_.size() - pos_) +
                         " bytes left: reader/writer mismatch)");
}

}  // namespace electrodem::io
