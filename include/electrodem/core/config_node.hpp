#pragma once
// Typed, validated reading of a JSON config.
//
// A ConfigNode is a view of one JSON object (possibly absent) plus the place
// in the resolved config where every value read, or its default, is written.
// Problems are collected in a ConfigReader and reported together: the path,
// the value and what was expected. Keys nobody asked for are reported at the
// end with the nearest valid key.
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "electrodem/core/error.hpp"
#include "electrodem/core/units.hpp"

namespace electrodem {

using Json = nlohmann::ordered_json;

// Closed or open interval a value must lie in.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }
  static Range non_negative() { return {0.0, std::numeric_limits<double>::infinity()}; }
  static Range unit() { return {0.0, 1.0}; }
  static Range closed(double lo, double hi) { return {lo, hi}; }
  static Range open(double lo, double hi) { return {lo, hi, true, true}; }
  bool contains(double v) const;
  std::string describe() const;
};

class ConfigNode;

// Owns the resolved config and the list of problems; one per config read.
class ConfigReader {
 public:
  explicit ConfigReader(Json input);
  ConfigNode root();
  void add_issue(std::string path, std::string value, std::string expected);
  // Reports unknown keys (with suggestions) and throws InputError if any
  // problem was found.
  void finish();
  const Json& resolved() const { return resolved_; }
  const Json& input() const { return input_; }

 private:
  friend class ConfigNode;
  Json input_;
  Json resolved_ = Json::object();
  std::vector<InputIssue> issues_;
  std::map<std::string, std::set<std::string>> known_keys_;  // per object path
  std::set<std::string> free_maps_;                          // objects whose keys are names
};

class ConfigNode {
 public:
  ConfigNode(ConfigReader* reader, const Json* in, Json* out, std::string path);

  const std::string& path() const { return path_; }
  bool present() const { return in_ != nullptr; }
  bool has(const std::string& key) const;
  std::string key_path(const std::string& key) const;

  // Physical quantity: SI number or "<number> <unit>" of dimension d.
  double quantity(const std::string& key, units::Dimension d, double def, Range r = {});
  std::optional<double> optional_quantity(const std::string& key, units::Dimension d, Range r = {});
  double required_quantity(const std::string& key, units::Dimension d, Range r = {});
  double number(const std::string& key, double def, Range r = {});
  std::optional<double> optional_number(const std::string& key, Range r = {});
  long long integer(const std::string& key, long long def, Range r = {});
  bool boolean(const std::string& key, bool def);
  std::string string(const std::string& key, const std::string& def);
  std::optional<std::string> optional_string(const std::string& key);
  // One of a fixed set of words; suggests the nearest on a typo.
  std::string choice(const std::string& key, const std::vector<std::string>& options,
                     const std::string& def);
  std::vector<std::string> string_list(const std::string& key, const std::vector<std::string>& def);

  // Sub-object (an absent key gives an absent node that yields defaults).
  ConfigNode child(const std::string& key);
  // Array of objects; an absent key gives an empty vector.
  std::vector<ConfigNode> object_list(const std::string& key);
  // Array of quantities (each a number or a unit string).
  std::vector<double> quantity_list(const std::string& key, units::Dimension d, Range r = {});
  // Raw JSON value (for polymorphic entries); records the key as known.
  const Json* raw(const std::string& key);
  // Keys of an object whose keys are user names (e.g. materials).
  std::vector<std::string> names();

  void error(const std::string& key, const std::string& value, const std::string& expected);
  // Reads a value that may be a number or a unit string as a quantity, for
  // callers that hold a raw Json (e.g. list entries).
  std::optional<double> to_quantity(const Json& v, const std::string& path, units::Dimension d,
                                    Range r);

 private:
  const Json* find(const std::string& key);
  void record(const std::string& key, Json value);

  ConfigReader* reader_;
  const Json* in_;
  Json* out_;
  std::string path_;
};

// Levenshtein-nearest candidate, or "" if nothing is reasonably close.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

// JSON value as short text for error messages.
std::string show(const Json& v);

}  // namespace electrodem
