// results.csv of a sweep: one row per point, built from the run dirs alone so
// that a collect step (or a resumed sweep) rebuilds exactly the same table.
#include "electrodem/stages/sweep_results.hpp"

#include <fstream>
#include <map>
#include <optional>

#include "electrodem/core/files.hpp"

namespace electrodem::stages {
namespace {

namespace fs = std::filesystem;

// SI unit symbol of a dimension for column headers ("press.pressure [Pa]").
std::string si_unit(const units::Dimension& d) {
  namespace dim = units::dim;
  static const std::pair<units::Dimension, const char*> symbols[] = {
      {dim::none, "-"},
      {dim::length, "m"},
      {dim::mass, "kg"},
      {dim::time, "s"},
      {dim::current, "A"},
      {dim::temperature, "K"},
      {dim::area, "m^2"},
      {dim::volume, "m^3"},
      {dim::pressure, "Pa"},
      {dim::density, "kg/m^3"},
      {dim::velocity, "m/s"},
      {dim::energy, "J"},
      {dim::voltage, "V"},
      {dim::conductivity, "S/m"},
      {dim::current_density, "A/m^2"},
      {dim::diffusivity, "m^2/s"},
      {dim::concentration, "mol/m^3"},
      {dim::charge, "C"},
      {dim::specific_charge, "C/kg"},
      {dim::areal_mass, "kg/m^2"},
      {dim::frequency, "1/s"},
  };
  for (const auto& [dd, s] : symbols)
    if (dd == d) return s;
  return d.name();
}

// If every value of an axis is a string with a unit of one dimension, the SI
// unit for an extra numeric column (so plots need no unit parser).
std::optional<units::Dimension> axis_dimension(const SweepAxis& axis) {
  std::optional<units::Dimension> d;
  for (const auto& v : axis.values) {
    if (!v.is_string()) return std::nullopt;
    try {
      const auto q = units::parse_quantity(v.get<std::string>());
      if (q.dim == units::dim::none || (d && !(*d == q.dim))) return std::nullopt;
      d = q.dim;
    } catch (const units::UnitError&) {
      return std::nullopt;
    }
  }
  return d;
}

std::string cell(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_field(v.get<std::string>());
  return csv_field(v.dump());
}

}  // namespace

std::string status_text(PointStatus s) {
  switch (s) {
    case PointStatus::pending:
      return "pending";
    case PointStatus::running:
      return "running";
    case PointStatus::ok:
      return "ok";
    case PointStatus::failed:
      return "failed";
    case PointStatus::interrupted:
      return "interrupted";
  }
  return "unknown";
}

fs::path run_dir(const SweepPlan& plan, const SweepPoint& point) {
  return plan.out_dir / point.name;
}

fs::path console_file(const SweepPlan& plan, const SweepPoint& point) {
  return plan.out_dir / "logs" / (point.name + ".txt");
}

fs::path checkpoint_file(const SweepPlan& plan, const SweepReuse& reuse) {
  return run_dir(plan, plan.points.at(reuse.source)) / "checkpoints" / (reuse.stage + ".ckpt");
}

Json read_summary(const fs::path& dir) {
  const fs::path file = dir / "summary.json";
  std::ifstream is(file);
  if (!is) return nullptr;
  try {
    Json j = Json::parse(is);
    return j.is_object() ? j : Json(nullptr);
  } catch (const Json::parse_error&) {
    return nullptr;
  }
}

namespace {
bool is_true(const Json& obj, const std::string& key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}
}  // namespace

bool summary_complete(const fs::path& dir) {
  const Json s = read_summary(dir);
  if (!s.is_object()) return false;
  const auto run = s.find("run");
  return is_true(s, "complete") ||
         (run != s.end() && run->is_object() && is_true(*run, "complete"));
}

std::vector<std::pair<std::string, Json>> flatten_scalars(const Json& summary) {
  std::vector<std::pair<std::string, Json>> out;
  auto walk = [&](auto&& self, const Json& node, const std::string& prefix) -> void {
    for (const auto& [k, v] : node.items()) {
      const std::string key = prefix.empty() ? k : prefix + "." + k;
      if (k == "complete" && (prefix.empty() || prefix == "run")) continue;  // the marker
      if (v.is_object())
        self(self, v, key);
      else if (v.is_number() || v.is_string() || v.is_boolean())
        out.emplace_back(key, v);
    }
  };
  if (summary.is_object()) walk(walk, summary, "");
  return out;
}

Json point_summary(const SweepPlan& plan, std::size_t point) {
  const SweepPoint& p = plan.points.at(point);
  Json s = read_summary(run_dir(plan, p));
  if (!s.is_object() || !p.reuse) return s;
  // A run started --from a checkpoint reports only the stages it ran; the
  // shared stages (same settings, same state) come from the source run.
  Json source = point_summary(plan, p.reuse->source);
  if (!source.is_object()) return s;
  Json merged = Json::object();
  for (const auto& [k, v] : source.items())
    if (k != "complete" && k != "run" && !s.contains(k)) merged[k] = v;
  for (const auto& [k, v] : s.items()) merged[k] = v;
  return merged;
}

std::string tail_lines(const fs::path& file, int lines) {
  std::ifstream is(file);
  if (!is) return "";
  std::vector<std::string> all;
  for (std::string line; std::getline(is, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) all.push_back(line);
  std::string out;
  const std::size_t from = all.size() > static_cast<std::size_t>(lines) ? all.size() - lines : 0;
  for (std::size_t i = from; i < all.size(); ++i) out += (out.empty() ? "" : " | ") + all[i];
  return out;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) {
    if (c == '"') q += '"';
    q += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return q + "\"";
}

std::string results_csv(const SweepPlan& plan, const std::vector<PointOutcome>& outcomes) {
  // Columns: the union of every point's scalars, in order of first appearance.
  std::vector<std::vector<std::pair<std::string, Json>>> rows(plan.points.size());
  std::vector<std::string> columns;
  std::map<std::string, std::size_t> column_index;
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    if (outcomes.at(i).status != PointStatus::ok) continue;
    rows[i] = flatten_scalars(point_summary(plan, i));
    for (const auto& [k, v] : rows[i])
      if (column_index.emplace(k, columns.size()).second) columns.push_back(k);
  }
  std::vector<std::optional<units::Dimension>> dims;
  std::string out = "point";
  for (const auto& axis : plan.axes) {
    dims.push_back(axis_dimension(axis));
    out += "," + csv_field(axis.path);
    if (dims.back()) out += "," + csv_field(axis.path + " [" + si_unit(*dims.back()) + "]");
  }
  out += ",status,error";
  for (const auto& c : columns) out += "," + csv_field(c);
  out += "\n";
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const SweepPoint& p = plan.points[i];
    out += csv_field(p.name);
    for (std::size_t a = 0; a < plan.axes.size(); ++a) {
      out += "," + cell(p.values[a]);
      if (dims[a])
        out += "," + Json(units::parse_quantity(p.values[a].get<std::string>()).value).dump();
    }
    out += "," + status_text(outcomes[i].status) + "," + csv_field(outcomes[i].error);
    std::vector<std::string> cells(columns.size());
    for (const auto& [k, v] : rows[i]) cells[column_index.at(k)] = cell(v);
    for (const auto& c : cells) out += "," + c;
    out += "\n";
  }
  return out;
}

void write_results(const SweepPlan& plan, const std::vector<PointOutcome>& outcomes) {
  fs::create_directories(plan.out_dir);
  write_file_atomic(plan.out_dir / "results.csv", results_csv(plan, outcomes));
}

std::vector<PointOutcome> collect_outcomes(const SweepPlan& plan) {
  std::vector<PointOutcome> out(plan.points.size());
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const fs::path dir = run_dir(plan, plan.points[i]);
    if (summary_complete(dir)) {
      out[i].status = PointStatus::ok;
    } else if (fs::exists(dir)) {
      out[i].status = PointStatus::failed;
      std::string tail = tail_lines(console_file(plan, plan.points[i]), 5);
      if (tail.empty()) tail = tail_lines(dir / "log.txt", 5);
      out[i].error = "incomplete run" + (tail.empty() ? std::string() : ": " + tail);
    }
  }
  return out;
}

}  // namespace electrodem::stages
