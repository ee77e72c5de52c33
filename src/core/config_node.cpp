#include "electrodem/core/config_node.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace electrodem {

namespace {
std::string type_name(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string show(const Json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // Accept up to about a third of the word wrong: catches typos, not guesses.
  return best_d <= std::max<std::size_t>(2, word.size() / 3) ? best : std::string();
}

bool Range::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string Range::describe() const {
  std::ostringstream os;
  os.precision(6);
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) {
    os << "in " << (lo_open ? '(' : '[') << lo << ", " << hi << (hi_open ? ')' : ']');
  } else if (has_lo) {
    os << (lo_open ? "> " : ">= ") << lo;
  } else if (has_hi) {
    os << (hi_open ? "< " : "<= ") << hi;
  } else {
    os << "finite";
  }
  return os.str();
}

ConfigReader::ConfigReader(Json input) : input_(std::move(input)) {
  if (!input_.is_object()) {
    add_issue("", show(input_), "the config must be a JSON object");
    input_ = Json::object();
  }
}

ConfigNode ConfigReader::root() { return ConfigNode(this, &input_, &resolved_, ""); }

void ConfigReader::add_issue(std::string path, std::string value, std::string expected) {
  issues_.push_back({std::move(path), std::move(value), std::move(expected)});
}

void ConfigReader::finish() {
  // Walk the input: every key of a visited object must have been asked for.
  auto walk = [&](auto&& self, const Json& node, const std::string& path) -> void {
    if (node.is_object()) {
      if (free_maps_.count(path)) {
        for (const auto& [k, v] : node.items()) self(self, v, join_path(path, k));
        return;
      }
      auto it = known_keys_.find(path);
      if (it == known_keys_.end()) return;  // never read: reported at its parent
      const std::vector<std::string> known(it->second.begin(), it->second.end());
      for (const auto& [k, v] : node.items()) {
        if (it->second.count(k)) {
          self(self, v, join_path(path, k));
          continue;
        }
        const std::string near = nearest(k, known);
        add_issue(join_path(path, k), "", near.empty() ? "unknown key" : "unknown key; did you mean '" + near + "'?");
      }
    } else if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) self(self, node[i], join_path(path, std::to_string(i)));
    }
  };
  walk(walk, input_, "");
  if (!issues_.empty()) throw InputError(issues_);
}

ConfigNode::ConfigNode(ConfigReader* reader, const Json* in, Json* out, std::string path)
    : reader_(reader), in_(in), out_(out), path_(std::move(path)) {
  if (in_ && !in_->is_object()) {
    reader_->add_issue(path_, show(*in_), "expected an object, got " + type_name(*in_));
    in_ = nullptr;
  }
  if (out_ && !out_->is_object()) *out_ = Json::object();
  reader_->known_keys_[path_];
}

bool ConfigNode::has(const std::string& key) const { return in_ && in_->contains(key); }

std::string ConfigNode::key_path(const std::string& key) const { return join_path(path_, key); }

const Json* ConfigNode::find(const std::string& key) {
  reader_->known_keys_[path_].insert(key);
  if (!in_) return nullptr;
  auto it = in_->find(key);
  return it == in_->end() ? nullptr : &*it;
}

void ConfigNode::record(const std::string& key, Json value) {
  if (out_) (*out_)[key] = std::move(value);
}

void ConfigNode::error(const std::string& key, const std::string& value, const std::string& expected) {
  reader_->add_issue(key_path(key), value, expected);
}

std::optional<double> ConfigNode::to_quantity(const Json& v, const std::string& path,
                                              units::Dimension d, Range r) {
  double si = 0.0;
  if (v.is_number()) {
    si = v.get<double>();
  } else if (v.is_string()) {
    try {
      si = units::to_si(v.get<std::string>(), d);
    } catch (const units::UnitError& e) {
      reader_->add_issue(path, show(v), std::string(e.what()));
      return std::nullopt;
    }
  } else {
    reader_->add_issue(path, show(v), "expected a " + d.name() + " such as " + d.example() + ", got " + type_name(v));
    return std::nullopt;
  }
  if (!std::isfinite(si) || !r.contains(si)) {
    std::ostringstream os;
    os << "expected a " << d.name() << " " << r.describe() << " (SI units)";
    reader_->add_issue(path, show(v), os.str());
    return std::nullopt;
  }
  return si;
}

double ConfigNode::quantity(const std::string& key, units::Dimension d, double def, Range r) {
  if (!has(key)) {
    find(key);
    record(key, def);
    return def;
  }
  return optional_quantity(key, d, r).value_or(def);
}

std::optional<double> ConfigNode::optional_quantity(const std::string& key, units::Dimension d, Range r) {
  const Json* v = find(key);
  if (!v) return std::nullopt;
  record(key, *v);
  return to_quantity(*v, key_path(key), d, r);
}

double ConfigNode::required_quantity(const std::string& key, units::Dimension d, Range r) {
  if (!has(key)) {
    find(key);
    error(key, "", "missing; expected a " + d.name() + " such as " + d.example());
    return 0.0;
  }
  return optional_quantity(key, d, r).value_or(0.0);
}

double ConfigNode::number(const std::string& key, double def, Range r) {
  const auto v = optional_number(key, r);
  if (!has(key)) record(key, def);
  return v.value_or(def);
}

std::optional<double> ConfigNode::optional_number(const std::string& key, Range r) {
  const Json* v = find(key);
  if (!v) return std::nullopt;
  record(key, *v);
  if (!v->is_number()) {
    error(key, show(*v), "expected a number " + r.describe() + ", got " + type_name(*v));
    return std::nullopt;
  }
  const double x = v->get<double>();
  if (!r.contains(x)) {
    error(key, show(*v), "expected a number " + r.describe());
    return std::nullopt;
  }
  return x;
}

long long ConfigNode::integer(const std::string& key, long long def, Range r) {
  const Json* v = find(key);
  if (!v) {
    record(key, def);
    return def;
  }
  record(key, *v);
  if (!v->is_number_integer() && !(v->is_number_float() && std::floor(v->get<double>()) == v->get<double>())) {
    error(key, show(*v), "expected an integer " + r.describe() + ", got " + type_name(*v));
    return def;
  }
  const auto x = v->get<long long>();
  if (!r.contains(static_cast<double>(x))) {
    error(key, show(*v), "expected an integer " + r.describe());
    return def;
  }
  return x;
}

bool ConfigNode::boolean(const std::string& key, bool def) {
  const Json* v = find(key);
  if (!v) {
    record(key, def);
    return def;
  }
  record(key, *v);
  if (!v->is_boolean()) {
    error(key, show(*v), "expected true or false, got " + type_name(*v));
    return def;
  }
  return v->get<bool>();
}

std::optional<std::string> ConfigNode::optional_string(const std::string& key) {
  const Json* v = find(key);
  if (!v) return std::nullopt;
  record(key, *v);
  if (!v->is_string()) {
    error(key, show(*v), "expected a string, got " + type_name(*v));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::string ConfigNode::string(const std::string& key, const std::string& def) {
  if (!has(key)) {
    find(key);
    record(key, def);
    return def;
  }
  return optional_string(key).value_or(def);
}

std::string ConfigNode::choice(const std::string& key, const std::vector<std::string>& options,
                               const std::string& def) {
  const std::string s = string(key, def);
  if (std::find(options.begin(), options.end(), s) != options.end()) return s;
  std::string list;
  for (const auto& o : options) list += (list.empty() ? "" : ", ") + ("'" + o + "'");
  const std::string near = nearest(s, options);
  error(key, "\"" + s + "\"", "expected one of " + list + (near.empty() ? "" : "; did you mean '" + near + "'?"));
  return def;
}

std::vector<std::string> ConfigNode::string_list(const std::string& key, const std::vector<std::string>& def) {
  const Json* v = find(key);
  if (!v) {
    record(key, def);
    return def;
  }
  record(key, *v);
  if (!v->is_array()) {
    error(key, show(*v), "expected an array of strings");
    return def;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      reader_->add_issue(key_path(key) + "." + std::to_string(i), show((*v)[i]), "expected a string");
      continue;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

ConfigNode ConfigNode::child(const std::string& key) {
  const Json* v = find(key);
  Json* o = nullptr;
  if (out_) {
    (*out_)[key] = Json::object();
    o = &(*out_)[key];
  }
  return ConfigNode(reader_, v, o, key_path(key));
}

std::vector<ConfigNode> ConfigNode::object_list(const std::string& key) {
  const Json* v = find(key);
  std::vector<ConfigNode> nodes;
  if (!v) {
    record(key, Json::array());
    return nodes;
  }
  if (!v->is_array()) {
    error(key, show(*v), "expected an array of objects, got " + type_name(*v));
    return nodes;
  }
  Json* arr = nullptr;
  if (out_) {
    (*out_)[key] = Json::array();
    arr = &(*out_)[key];
    for (std::size_t i = 0; i < v->size(); ++i) arr->push_back(Json::object());
  }
  for (std::size_t i = 0; i < v->size(); ++i)
    nodes.emplace_back(reader_, &(*v)[i], arr ? &(*arr)[i] : nullptr, key_path(key) + "." + std::to_string(i));
  return nodes;
}

std::vector<double> ConfigNode::quantity_list(const std::string& key, units::Dimension d, Range r) {
  const Json* v = find(key);
  std::vector<double> out;
  if (!v) return out;
  record(key, *v);
  if (!v->is_array()) {
    error(key, show(*v), "expected an array of " + d.name() + " values");
    return out;
  }
  for (std::size_t i = 0; i < v->size(); ++i)
    if (auto q = to_quantity((*v)[i], key_path(key) + "." + std::to_string(i), d, r)) out.push_back(*q);
  return out;
}

const Json* ConfigNode::raw(const std::string& key) {
  const Json* v = find(key);
  if (v) record(key, *v);
  return v;
}

std::vector<std::string> ConfigNode::names() {
  reader_->free_maps_.insert(path_);
  std::vector<std::string> out;
  if (in_)
    for (const auto& [k, v] : in_->items()) out.push_back(k);
  return out;
}

}  // namespace electrodem
