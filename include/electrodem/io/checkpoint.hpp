#pragma once
// Checkpoint container: one binary file with named sections ("config", "dem",
// "echem", ...), each an opaque byte blob produced by its owner's serializer.
//
// Layout (little-endian): "EDEMCKPT", u32 version, u32 section count, then per
// section u32 name length, name, u64 size, u64 FNV-1a hash of the bytes, the
// bytes; and the trailer "EDEMEND!". Truncation, a wrong magic, an unknown
// version or a hash mismatch give an InputError naming the file.
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace electrodem::io {

class Checkpoint {
 public:
  static constexpr std::uint32_t version = 1;

  // Adds or replaces a section.
  void set(const std::string& name, std::string bytes);
  void set(const std::string& name, const std::function<void(std::ostream&)>& serializer);
  bool has(const std::string& name) const;
  // InputError naming the file (when read from one) if the section is absent.
  const std::string& bytes(const std::string& name) const;
  std::vector<std::string> names() const;

  void write(const std::filesystem::path& file) const;  // atomic
  static Checkpoint read(const std::filesystem::path& file);

 private:
  std::vector<std::pair<std::string, std::string>> sections_;
  std::string source_;  // file read from, for error messages
};

// Helpers for producers' serializers: trivially copyable values and vectors
// of them in native (little-endian) layout, strings with a length prefix.
static_assert(std::endian::native == std::endian::little,
              "checkpoints assume a little-endian machine");

class BinaryWriter {
 public:
  explicit BinaryWriter(std::ostream& os) : os_(os) {}
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    os_.write(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <class T>
  void vector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod<std::uint64_t>(v.size());
    if (!v.empty())
      os_.write(reinterpret_cast<const char*>(v.data()),
                static_cast<std::streamsize>(v.size() * sizeof(T)));
  }
  void string(const std::string& s) {
    pod<std::uint64_t>(s.size());
    os_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }

 private:
  std::ostream& os_;
};

// Reads what BinaryWriter wrote; running past the end throws InputError
// naming `context` (e.g. "run/checkpoints/press.ckpt [dem]").
class BinaryReader {
 public:
  BinaryReader(std::string_view bytes, std::string context)
      : bytes_(bytes), context_(std::move(context)) {}
  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    std::memcpy(&v, take(sizeof(T)), sizeof(T));
    return v;
  }
  template <class T>
  std::vector<T> vector() {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto n = pod<std::uint64_t>();
    if (n > (bytes_.size() - pos_) / (sizeof(T) ? sizeof(T) : 1))
      fail("a vector of " + std::to_string(n) + " elements");
    std::vector<T> v(static_cast<std::size_t>(n));
    if (n)
      std::memcpy(v.data(), take(static_cast<std::size_t>(n) * sizeof(T)),
                  static_cast<std::size_t>(n) * sizeof(T));
    return v;
  }
  std::string string() {
    const auto n = pod<std::uint64_t>();
    if (n > bytes_.size() - pos_) fail("a string of " + std::to_string(n) + " bytes");
    return std::string(take(static_cast<std::size_t>(n)), static_cast<std::size_t>(n));
  }
  bool done() const { return pos_ == bytes_.size(); }
  // Throws if bytes are left over (a reader/writer mismatch).
  void expect_done() const;

 private:
  const char* take(std::size_t n) {
    if (n > bytes_.size() - pos_) fail(std::to_string(n) + " more bytes");
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  [[noreturn]] void fail(const std::string& wanted) const;
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string context_;
};

}  // namespace electrodem::io
