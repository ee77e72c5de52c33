// Reading a sweep file into its points (grid or zip over axes of values or
// ranges with units). All problems are collected and thrown together.
#include "electrodem/stages/sweep_plan.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "electrodem/core/json_file.hpp"

namespace electrodem::stages {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {
    "base", "set", "axes", "mode", "out", "reuse_checkpoints", "description"};
const std::vector<std::string> kRangeKeys = {"from", "to", "steps", "spacing"};

std::string axis_path(const std::string& path) {
  return "axes[\"" + path + "\"]";
}

// Collects problems so a user sees all of them in one go.
struct Issues {
  std::vector<InputIssue> list;
  void add(std::string path, std::string value, std::string expected) {
    for (const auto& i : list)  // the same bad axis value shows up in many points
      if (i.path == path && i.value == value && i.expected == expected) return;
    list.push_back({std::move(path), std::move(value), std::move(expected)});
  }
  void add_all(const InputError& e) {
    list.insert(list.end(), e.issues().begin(), e.issues().end());
  }
  void throw_if_any() const {
    if (!list.empty()) throw InputError(list);
  }
};

void check_keys(const Json& obj, const std::vector<std::string>& known, const std::string& where,
                Issues& issues) {
  for (const auto& [k, v] : obj.items()) {
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    const std::string near = nearest(k, known);
    issues.add(where.empty() ? k : where + "." + k, "",
               near.empty() ? "unknown key" : "unknown key; did you mean '" + near + "'?");
  }
}

// "100 MPa" -> (100, "MPa"); a bare number gives an empty unit.
std::optional<std::pair<double, std::string>> split_quantity_text(const std::string& s) {
  const char* begin = s.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin) return std::nullopt;
  std::string unit(end);
  const auto first = unit.find_first_not_of(" \t");
  unit = first == std::string::npos ? ""
                                    : unit.substr(first, unit.find_last_not_of(" \t") - first + 1);
  return std::make_pair(v, unit);
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Shortest dotted suffix of each path that no other axis shares.
std::vector<std::string> unique_labels(const std::vector<std::string>& paths) {
  auto suffix = [](const std::string& p, int parts) {
    std::size_t pos = p.size();
    for (int k = 0; k < parts; ++k) {
      const auto dot = pos == 0 ? std::string::npos : p.rfind('.', pos - 1);
      if (dot == std::string::npos) return p;
      pos = dot;
    }
    return p.substr(pos + 1);
  };
  std::vector<std::string> labels(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (int parts = 1;; ++parts) {
      const std::string mine = suffix(paths[i], parts);
      bool clash = false;
      for (std::size_t j = 0; j < paths.size(); ++j)
        if (j != i && suffix(paths[j], parts) == mine) clash = true;
      if (!clash || mine == paths[i]) {
        labels[i] = mine;
        break;
      }
    }
  }
  return labels;
}

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string point_name(const std::vector<SweepAxis>& axes, const std::vector<Json>& values) {
  std::string name;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (!name.empty()) name += "_";
    name += axes[a].label + "=" + safe_value_text(values[a]);
  }
  // Keep names well below NAME_MAX (255) while staying unique.
  constexpr std::size_t kMax = 150;
  if (name.size() > kMax) {
    char hash[20];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(name)));
    name = name.substr(0, kMax - 17) + "~" + hash;
  }
  return name;
}

std::vector<Json> read_axis(const std::string& path, const Json& spec, Issues& issues) {
  const std::string where = axis_path(path);
  if (path.empty()) issues.add("axes", "\"\"", "a config path such as \"press.pressure\"");
  if (spec.is_array()) {
    if (spec.empty()) issues.add(where, "[]", "a non-empty list of values");
    return {spec.begin(), spec.end()};
  }
  if (spec.is_object()) {
    try {
      return expand_range(spec, where);
    } catch (const InputError& e) {
      issues.add_all(e);
      return {};
    }
  }
  issues.add(
      where, show(spec),
      "a list of values or a range {\"from\": \"100 MPa\", \"to\": \"500 MPa\", \"steps\": 5}");
  return {};
}

// Indices of every point: the cartesian product (last axis fastest) or the zip.
std::vector<std::vector<std::size_t>> point_indices(const std::vector<SweepAxis>& axes, bool zip) {
  std::vector<std::vector<std::size_t>> out;
  if (axes.empty()) return out;
  if (zip) {
    for (std::size_t i = 0; i < axes.front().values.size(); ++i) out.emplace_back(axes.size(), i);
    return out;
  }
  std::vector<std::size_t> idx(axes.size(), 0);
  for (;;) {
    out.push_back(idx);
    std::size_t a = axes.size();
    while (a > 0) {
      --a;
      if (++idx[a] < axes[a].values.size()) break;
      idx[a] = 0;
      if (a == 0) return out;
    }
  }
}

}  // namespace

std::string override_text(const std::string& path, const Json& value) {
  return path + "=" + value.dump();
}

std::string safe_value_text(const Json& value) {
  const std::string raw = value.is_string() ? value.get<std::string>() : value.dump();
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (std::isalnum(c) || c == '.' || c == '-' || c == '+') {
      out += static_cast<char>(c);
    } else if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xB5) {
      out += 'u';  // UTF-8 micro sign
      ++i;
    } else if (c == '%') {
      out += "pct";
    } else if (c == ' ' || c == '\t' || c == '"' || c == '^') {
      // dropped: "100 MPa" -> "100MPa", "cm^2" -> "cm2"
    } else if (out.empty() || out.back() != '_') {
      out += '_';
    }
  }
  if (out.empty() || out == "." || out == "..") out = "v" + out;
  return out;
}

std::vector<Json> expand_range(const Json& range, const std::string& path) {
  Issues issues;
  check_keys(range, kRangeKeys, path, issues);
  const Json* from = range.contains("from") ? &range["from"] : nullptr;
  const Json* to = range.contains("to") ? &range["to"] : nullptr;
  if (!from) issues.add(path + ".from", "", "the first value, e.g. \"100 MPa\"");
  if (!to) issues.add(path + ".to", "", "the last value, e.g. \"500 MPa\"");
  long long steps = 0;
  if (!range.contains("steps") || !range["steps"].is_number_integer() ||
      range["steps"].get<long long>() < 2)
    issues.add(path + ".steps", range.contains("steps") ? show(range["steps"]) : "",
               "an integer >= 2 (the number of values, ends included)");
  else
    steps = range["steps"].get<long long>();
  std::string spacing = "linear";
  if (range.contains("spacing")) {
    const Json& s = range["spacing"];
    if (!s.is_string() || (s != "linear" && s != "log"))
      issues.add(path + ".spacing", show(s), "\"linear\" or \"log\"");
    else
      spacing = s.get<std::string>();
  }
  issues.throw_if_any();

  // Both ends in the unit of "from": SI = a * x + b (b != 0 only for degC).
  double x0 = 0, x1 = 0;
  std::string unit;
  const bool numbers = from->is_number() && to->is_number();
  if (numbers) {
    x0 = from->get<double>();
    x1 = to->get<double>();
  } else if (from->is_string() && to->is_string()) {
    const auto f = split_quantity_text(from->get<std::string>());
    if (!f) issues.add(path + ".from", show(*from), "a number with a unit, e.g. \"100 MPa\"");
    std::optional<units::Quantity> qf, qt;
    try {
      qf = units::parse_quantity(from->get<std::string>());
    } catch (const units::UnitError& e) {
      issues.add(path + ".from", show(*from), e.what());
    }
    try {
      qt = units::parse_quantity(to->get<std::string>());
    } catch (const units::UnitError& e) {
      issues.add(path + ".to", show(*to), e.what());
    }
    if (qf && qt && !(qf->dim == qt->dim))
      issues.add(path + ".to", show(*to), "a " + qf->dim.name() + " like \"from\"");
    issues.throw_if_any();
    unit = f->second;
    const double b = units::parse_quantity("0 " + unit).value;
    const double a = units::parse_quantity("1 " + unit).value - b;
    x0 = f->first;
    x1 = (qt->value - b) / a;
  } else {
    issues.add(path, show(range), "\"from\" and \"to\" both numbers or both strings with units");
  }
  if (spacing == "log" && !(x0 > 0 && x1 > 0))
    issues.add(path + ".spacing", "\"log\"", "positive \"from\" and \"to\" for log spacing");
  issues.throw_if_any();

  const bool integers = numbers && spacing == "linear" && from->is_number_integer() &&
                        to->is_number_integer() &&
                        (to->get<long long>() - from->get<long long>()) % (steps - 1) == 0;
  std::vector<Json> values;
  for (long long i = 0; i < steps; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(steps - 1);
    if (integers) {
      values.emplace_back(from->get<long long>() +
                          (to->get<long long>() - from->get<long long>()) / (steps - 1) * i);
      continue;
    }
    const double x = spacing == "log" ? x0 * std::pow(x1 / x0, t) : x0 + (x1 - x0) * t;
    // Round to 10 digits so 100..500 MPa gives "200 MPa", not "200.00000000000003 MPa".
    const double clean = std::strtod(format_number(x).c_str(), nullptr);
    if (numbers)
      values.emplace_back(clean);
    else
      values.emplace_back(format_number(clean) + " " + unit);
  }
  return values;
}

SweepPlan make_sweep_plan(const Json& sweep, const fs::path& sweep_file,
                          const std::optional<fs::path>& out) {
  Issues issues;
  if (!sweep.is_object()) {
    issues.add(sweep_file.string(), show(sweep), "a JSON object with \"base\" and \"axes\"");
    issues.throw_if_any();
  }
  check_keys(sweep, kTopKeys, "", issues);
  SweepPlan plan;
  plan.sweep_file = sweep_file;

  // base: a run config, relative to the sweep file.
  Json base;
  if (!sweep.contains("base") || !sweep["base"].is_string() ||
      sweep["base"].get<std::string>().empty()) {
    issues.add("base", sweep.contains("base") ? show(sweep["base"]) : "",
               "the base run config, a path relative to the sweep file");
  } else {
    fs::path b = sweep["base"].get<std::string>();
    if (b.is_relative()) b = sweep_file.parent_path() / b;
    plan.base_file = fs::absolute(b).lexically_normal();
    if (!fs::is_regular_file(plan.base_file)) {
      issues.add("base", show(sweep["base"]),
                 "an existing config file (looked for " + plan.base_file.string() + ")");
    } else {
      try {
        base = read_json_file(plan.base_file);
        if (!base.is_object())
          issues.add("base", show(sweep["base"]), "a config holding a JSON object");
      } catch (const InputError& e) {
        issues.add_all(e);
      }
    }
  }

  // set: overrides for every point.
  if (sweep.contains("set")) {
    if (!sweep["set"].is_object()) {
      issues.add("set", show(sweep["set"]), "an object {\"config.path\": value, ...}");
    } else {
      for (const auto& [path, value] : sweep["set"].items()) {
        plan.set_overrides.push_back(override_text(path, value));
        try {
          if (base.is_object()) apply_override(base, plan.set_overrides.back());
        } catch (const InputError& e) {
          issues.add("set[\"" + path + "\"]", show(value), e.issues().front().describe());
        }
      }
    }
  }

  // axes.
  if (!sweep.contains("axes") || !sweep["axes"].is_object() || sweep["axes"].empty()) {
    issues.add("axes", sweep.contains("axes") ? show(sweep["axes"]) : "",
               "an object of config paths to lists or ranges, e.g. {\"press.pressure\": [\"100 "
               "MPa\", \"300 MPa\"]}");
  } else {
    std::vector<std::string> paths;
    for (const auto& [path, spec] : sweep["axes"].items()) {
      plan.axes.push_back({path, "", read_axis(path, spec, issues)});
      paths.push_back(path);
    }
    const auto labels = unique_labels(paths);
    for (std::size_t a = 0; a < plan.axes.size(); ++a) plan.axes[a].label = labels[a];
  }

  plan.mode = "grid";
  if (sweep.contains("mode")) {
    const Json& m = sweep["mode"];
    if (!m.is_string() || (m != "grid" && m != "zip"))
      issues.add("mode", show(m),
                 "\"grid\" (every combination) or \"zip\" (i-th value of every axis)");
    else
      plan.mode = m.get<std::string>();
  }
  if (plan.mode == "zip") {
    for (const auto& axis : plan.axes)
      if (!plan.axes.empty() && axis.values.size() != plan.axes.front().values.size())
        issues.add(axis_path(axis.path), std::to_string(axis.values.size()) + " values",
                   "as many values as " + axis_path(plan.axes.front().path) + " (" +
                       std::to_string(plan.axes.front().values.size()) + ") in zip mode");
  }
  if (sweep.contains("reuse_checkpoints")) {
    if (!sweep["reuse_checkpoints"].is_boolean())
      issues.add("reuse_checkpoints", show(sweep["reuse_checkpoints"]), "true or false");
    else
      plan.reuse_checkpoints = sweep["reuse_checkpoints"].get<bool>();
  }
  fs::path out_dir = "runs/" + sweep_file.stem().string();
  if (sweep.contains("out")) {
    if (!sweep["out"].is_string() || sweep["out"].get<std::string>().empty())
      issues.add("out", show(sweep["out"]), "a directory path (relative to the working directory)");
    else
      out_dir = sweep["out"].get<std::string>();
  }
  if (out) out_dir = *out;
  plan.out_dir = fs::absolute(out_dir).lexically_normal();
  issues.throw_if_any();

  // Points: overrides applied to the base; each named by its values.
  std::map<std::string, std::size_t> names;
  for (const auto& idx : point_indices(plan.axes, plan.mode == "zip")) {
    SweepPoint p;
    p.overrides = plan.set_overrides;
    p.config = base;
    for (std::size_t a = 0; a < plan.axes.size(); ++a) {
      const Json& v = plan.axes[a].values[idx[a]];
      p.values.push_back(v);
      const std::string ov = override_text(plan.axes[a].path, v);
      p.overrides.push_back(ov);
      try {
        apply_override(p.config, ov);
      } catch (const InputError& e) {
        issues.add(axis_path(plan.axes[a].path), show(v), e.issues().front().describe());
      }
    }
    p.name = point_name(plan.axes, p.values);
    const auto [it, fresh] = names.emplace(p.name, plan.points.size());
    if (!fresh)
      issues.add("axes", p.name,
                 "distinct points; points " + std::to_string(it->second) + " and " +
                     std::to_string(plan.points.size()) +
                     " have the same values (or the same run dir name)");
    plan.points.push_back(std::move(p));
  }
  issues.throw_if_any();
  return plan;
}

SweepPlan load_sweep_plan(const fs::path& sweep_file, const std::optional<fs::path>& out) {
  if (!fs::is_regular_file(sweep_file))
    throw InputError(sweep_file.string(), "", "an existing sweep file");
  return make_sweep_plan(read_json_file(sweep_file), sweep_file, out);
}

}  // namespace electrodem::stages
