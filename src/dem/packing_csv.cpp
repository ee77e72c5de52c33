// Packing and diameter lists as CSV.
#include "electrodem/dem/packing_csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <sstream>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/core/files.hpp"
#include "electrodem/core/units.hpp"

namespace electrodem::dem {

namespace {

// Stop collecting after this many problems: the first few tell the story.
constexpr std::size_t kMaxIssues = 20;

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Comma-separated if there is a comma, else whitespace-separated.
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  if (line.find(',') != std::string::npos) {
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) out.push_back(trim(f));
    if (!line.empty() && line.back() == ',') out.emplace_back();
  } else {
    std::stringstream ss(line);
    std::string f;
    while (ss >> f) {
      // "d [um]": a bracketed unit belongs to the name before it.
      if (f.front() == '[' && !out.empty())
        out.back() += " " + f;
      else
        out.push_back(f);
    }
  }
  return out;
}

std::optional<double> parse_double(const std::string& s) {
  double v = 0.0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  const auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A data line (not blank, not a comment) with its 1-based line number.
struct Line {
  std::size_t number;
  std::vector<std::string> fields;
};

std::vector<Line> read_lines(const std::filesystem::path& file) {
  std::ifstream is(file);
  if (!is) throw InputError(file.string(), "", "a readable CSV file (cannot open it)");
  std::vector<Line> out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(is, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    out.push_back({number, split(t)});
  }
  return out;
}

std::string where(const std::filesystem::path& file, std::size_t line) {
  return file.string() + ":" + std::to_string(line);
}

// Header cell "name [unit]" -> lower-case name and SI factor of the unit
// (1 without a unit). The unit must be a length.
struct Column {
  std::string name;
  double factor = 1.0;
};

Column parse_header_cell(const std::string& cell, const std::string& at,
                         std::vector<InputIssue>& issues) {
  Column c;
  std::string name = cell;
  const auto open = cell.find('[');
  if (open != std::string::npos) {
    const auto close = cell.find(']', open);
    const std::string unit = trim(
        cell.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
    name = cell.substr(0, open);
    if (!unit.empty() && unit != "-") {
      try {
        const auto q = units::parse_quantity("1 " + unit);
        if (!(q.dim == units::dim::length))
          throw units::UnitError("'" + unit + "' is not a length unit");
        c.factor = q.value;
      } catch (const units::UnitError& e) {
        issues.push_back(
            {at, "\"" + cell + "\"", std::string("a length unit such as [um] (") + e.what() + ")"});
      }
    }
  }
  name = trim(name);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  c.name = name;
  return c;
}

bool is_header(const Line& l) {
  return !l.fields.empty() && !parse_double(l.fields[0]);
}

int material_of(const std::string& field, const MaterialSet& m) {
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i].name == field) return static_cast<int>(i);
  long long idx = 0;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), idx);
  if (ec == std::errc() && ptr == field.data() + field.size() && idx >= 0 &&
      idx < static_cast<long long>(m.size()))
    return static_cast<int>(idx);
  return -1;
}

std::string num(double v) {
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

}  // namespace

Packing read_packing_csv(const std::filesystem::path& file, std::array<double, 2> footprint,
                         std::optional<double> height, const MaterialSet& materials) {
  const auto lines = read_lines(file);
  std::vector<InputIssue> issues;
  auto issue = [&](std::size_t line, std::string value, std::string expected) {
    if (issues.size() < kMaxIssues)
      issues.push_back({where(file, line), std::move(value), std::move(expected)});
  };
  // Column positions of x, y, z, radius (or diameter) and material (-1: absent).
  int cx = 0, cy = 1, cz = 2, cr = 3, cm = 4;
  double fx = 1, fy = 1, fz = 1, fr = 1;
  bool diameter = false;
  std::size_t first = 0, ncols = 0;
  if (!lines.empty() && is_header(lines[0])) {
    first = 1;
    cx = cy = cz = cr = cm = -1;
    const auto& h = lines[0].fields;
    ncols = h.size();
    for (std::size_t k = 0; k < h.size(); ++k) {
      const Column col = parse_header_cell(h[k], where(file, lines[0].number), issues);
      const int ki = static_cast<int>(k);
      if (col.name == "x")
        cx = ki, fx = col.factor;
      else if (col.name == "y")
        cy = ki, fy = col.factor;
      else if (col.name == "z")
        cz = ki, fz = col.factor;
      else if (col.name == "radius" || col.name == "r")
        cr = ki, fr = col.factor;
      else if (col.name == "diameter" || col.name == "d")
        cr = ki, fr = col.factor, diameter = true;
      else if (col.name == "material" || col.name == "material id" || col.name == "material_id")
        cm = ki;
      // Other columns (ids, velocities, ...) are ignored.
    }
    const char* names[] = {"x", "y", "z", "radius (or diameter)"};
    const int cols[] = {cx, cy, cz, cr};
    for (int k = 0; k < 4; ++k)
      if (cols[k] < 0)
        issue(lines[0].number,
              "\"" +
                  trim(std::accumulate(h.begin(), h.end(), std::string(),
                                       [](std::string a, const std::string& b) {
                                         return a.empty() ? b : a + "," + b;
                                       })) +
                  "\"",
              std::string("a header with a column '") + names[k] + "'");
  } else if (!lines.empty()) {
    ncols = lines[0].fields.size();
    if (ncols != 4 && ncols != 5)
      issue(lines[0].number, std::to_string(ncols) + " columns",
            "x,y,z,radius[,material] (4 or 5 columns) or a header line");
    if (ncols < 5) cm = -1;
  }
  if (lines.size() <= first)
    issue(lines.empty() ? 1 : lines[0].number, "no data", "at least one sphere");
  if (cm < 0 && materials.size() != 1 && issues.empty())
    issue(lines[0].number, "no material column",
          "a material column (name or index) since there are " + std::to_string(materials.size()) +
              " materials");
  if (!issues.empty()) throw InputError(issues);

  Packing p;
  p.footprint = footprint;
  const double half = 0.5 * std::min(footprint[0], footprint[1]);
  for (std::size_t li = first; li < lines.size(); ++li) {
    const auto& l = lines[li];
    if (l.fields.size() != ncols) {
      issue(l.number, std::to_string(l.fields.size()) + " fields",
            std::to_string(ncols) + " fields like the first line");
      continue;
    }
    const char* what[] = {"x", "y", "z", diameter ? "diameter" : "radius"};
    const int cols[] = {cx, cy, cz, cr};
    const double factors[] = {fx, fy, fz, diameter ? 0.5 * fr : fr};
    double v[4] = {};
    bool ok = true;
    for (int k = 0; k < 4; ++k) {
      const auto& f = l.fields[std::size_t(cols[k])];
      const auto d = parse_double(f);
      if (!d) {
        issue(l.number, "\"" + f + "\"", std::string("a finite number for ") + what[k]);
        ok = false;
        continue;
      }
      v[k] = *d * factors[k];
    }
    int mat = 0;
    if (cm >= 0) {
      const auto& f = l.fields[std::size_t(cm)];
      mat = material_of(f, materials);
      if (mat < 0) {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < materials.size(); ++i) names.push_back(materials[i].name);
        const std::string near = nearest(f, names);
        issue(l.number, "\"" + f + "\"",
              "a material name or index < " + std::to_string(materials.size()) +
                  (near.empty() ? "" : "; did you mean '" + near + "'?"));
        ok = false;
      }
    }
    if (!ok) continue;
    const double r = v[3];
    if (!(r > 0.0)) {
      issue(l.number, num(r) + " m", "a positive radius");
      continue;
    }
    if (r > 0.5 * half)
      issue(l.number, "radius " + num(r) + " m",
            "a diameter at most half the footprint (" + num(half) + " m)");
    // A tiny tolerance for coordinates written by other tools at limited precision.
    if (v[2] - r < -1e-9 * r)
      issue(l.number, "z - radius = " + num(v[2] - r) + " m",
            "a sphere above the bottom wall z = 0");
    if (height && v[2] + r > *height + 1e-9 * r)
      issue(l.number, "z + radius = " + num(v[2] + r) + " m",
            "a sphere below the top wall at height " + num(*height) + " m");
    // Periodic in x and y: wrap into [0, L). Values already inside are unchanged.
    double x = v[0] - footprint[0] * std::floor(v[0] / footprint[0]);
    double y = v[1] - footprint[1] * std::floor(v[1] / footprint[1]);
    if (x >= footprint[0]) x = 0.0;
    if (y >= footprint[1]) y = 0.0;
    p.position.emplace_back(x, y, v[2]);
    p.radius.push_back(r);
    p.material.push_back(mat);
  }
  if (!issues.empty()) throw InputError(issues);
  double top = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) top = std::max(top, p.position[i].z() + p.radius[i]);
  p.height = height.value_or(top);
  return p;
}

void write_packing_csv(const std::filesystem::path& file, const Packing& p,
                       const MaterialSet& materials) {
  write_file_atomic(file, [&](std::ostream& os) {
    os.precision(std::numeric_limits<double>::max_digits10);
    os << "# electrodem packing: " << p.size() << " spheres\n";
    os << "# footprint [m]: " << p.footprint[0] << " " << p.footprint[1] << "\n";
    os << "# height [m]: " << p.height << "\n";
    os << "x [m],y [m],z [m],radius [m],material\n";
    for (std::size_t i = 0; i < p.size(); ++i) {
      const auto m = static_cast<std::size_t>(p.material[i]);
      os << p.position[i].x() << ',' << p.position[i].y() << ',' << p.position[i].z() << ','
         << p.radius[i] << ','
         << (m < materials.size() ? materials[m].name : std::to_string(p.material[i])) << '\n';
    }
  });
}

PackingCsvBox read_packing_csv_box(const std::filesystem::path& file) {
  PackingCsvBox box;
  std::ifstream is(file);
  std::string line;
  while (std::getline(is, line)) {
    const std::string t = trim(line);
    if (t.empty()) continue;
    if (t[0] != '#') break;  // comments come first
    const auto colon = t.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(t.substr(1, colon - 1));
    std::vector<std::string> v = split(trim(t.substr(colon + 1)));
    if (key == "footprint [m]" && v.size() == 2) {
      const auto a = parse_double(v[0]), b = parse_double(v[1]);
      if (a && b && *a > 0 && *b > 0) box.footprint = std::array<double, 2>{*a, *b};
    } else if (key == "height [m]" && v.size() == 1) {
      const auto h = parse_double(v[0]);
      if (h && *h > 0) box.height = *h;
    }
  }
  return box;
}

std::vector<double> read_diameter_csv(const std::filesystem::path& file) {
  const auto lines = read_lines(file);
  std::vector<InputIssue> issues;
  double factor = 1.0;
  std::size_t first = 0;
  if (!lines.empty() && is_header(lines[0])) {
    factor = parse_header_cell(lines[0].fields[0], where(file, lines[0].number), issues).factor;
    first = 1;
  }
  std::vector<double> out;
  for (std::size_t li = first; li < lines.size() && issues.size() < kMaxIssues; ++li) {
    const auto& f = lines[li].fields[0];
    const auto d = parse_double(f);
    if (!d || !(*d > 0.0))
      issues.push_back({where(file, lines[li].number), "\"" + f + "\"", "a positive diameter"});
    else
      out.push_back(*d * factor);
  }
  if (out.empty() && issues.empty())
    issues.push_back({file.string(), "no data", "at least one diameter"});
  if (!issues.empty()) throw InputError(issues);
  return out;
}

}  // namespace electrodem::dem
