#include "electrodem/core/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

namespace electrodem::units {
namespace {

struct Unit {
  double factor;  // SI value of one unit
  Dimension dim;
};

// A unit expression's dimension with twice its exponents, so half-integer powers ("m^0.5", a
// fracture toughness in Pa m^1/2) are exact integers here.
struct Unit2 {
  double factor;  // SI value of one unit
  Dimension twice;
};

const std::map<std::string, Unit, std::less<>>& base_units() {
  static const std::map<std::string, Unit, std::less<>> table{
      {"m", {1.0, dim::length}},
      {"g", {1e-3, dim::mass}},
      {"s", {1.0, dim::time}},
      {"min", {60.0, dim::time}},
      {"h", {3600.0, dim::time}},
      {"A", {1.0, dim::current}},
      {"K", {1.0, dim::temperature}},
      {"mol", {1.0, dim::amount}},
      {"M", {1e3, dim::concentration}},  // molar, mol/L
      {"Pa", {1.0, dim::pressure}},
      {"bar", {1e5, dim::pressure}},
      {"S", {1.0, dim::conductivity * dim::length}},
      {"V", {1.0, dim::voltage}},
      {"L", {1e-3, dim::volume}},
      {"Ah", {3600.0, dim::charge}},
      {"C", {1.0, dim::charge}},
      {"J", {1.0, dim::energy}},
      {"W", {1.0, dim::energy * dim::time.pow(-1)}},
      {"N", {1.0, dim::pressure * dim::area}},
      {"Ohm", {1.0, dim::voltage * dim::current.pow(-1)}},
      {"ohm", {1.0, dim::voltage * dim::current.pow(-1)}},
  };
  return table;
}

std::optional<double> prefix_factor(std::string_view p) {
  if (p == "G") return 1e9;
  if (p == "M") return 1e6;
  if (p == "k") return 1e3;
  if (p == "c") return 1e-2;
  if (p == "m") return 1e-3;
  if (p == "u" || p == "\u00b5" || p == "\u03bc") return 1e-6;
  if (p == "n") return 1e-9;
  if (p == "p") return 1e-12;
  return std::nullopt;
}

Unit lookup_symbol(std::string_view sym) {
  const auto& table = base_units();
  if (auto it = table.find(sym); it != table.end()) return it->second;
  // Prefix is one ASCII char, or the two-byte UTF-8 micro/mu sign.
  for (std::size_t plen : {std::size_t{1}, std::size_t{2}}) {
    if (sym.size() <= plen) continue;
    auto pf = prefix_factor(sym.substr(0, plen));
    auto it = table.find(sym.substr(plen));
    if (pf && it != table.end()) return {*pf * it->second.factor, it->second.dim};
  }
  throw UnitError("unknown unit '" + std::string(sym) + "'");
}

// term := symbol ('^' ['-'] (digits | digits '.5'))?: integer or half-integer powers
Unit2 parse_term(std::string_view t) {
  double power = 1.0;
  if (auto caret = t.find('^'); caret != std::string_view::npos) {
    auto ps = t.substr(caret + 1);
    auto [ptr, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), power);
    if (ec != std::errc() || ptr != ps.data() + ps.size() || ps.empty() || ps.front() == '+' ||
        std::fabs(power) > 60.0 || 2.0 * power != std::round(2.0 * power))
      throw UnitError("bad exponent in '" + std::string(t) + "' (an integer or a half, e.g. ^0.5)");
    t = t.substr(0, caret);
  }
  const int twice = static_cast<int>(std::lround(2.0 * power));
  if (t == "1") return {1.0, dim::none};
  const Unit u = lookup_symbol(t);
  return {std::pow(u.factor, power), u.dim.pow(twice)};
}

Unit2 parse_unit_expression(std::string_view expr) {
  Unit2 total{1.0, dim::none};
  bool divide = false;
  std::size_t i = 0;
  while (i < expr.size()) {
    const char c = expr[i];
    if (c == ' ' || c == '*' || c == '.') {
      ++i;
      continue;
    }
    if (c == '/') {
      if (divide) throw UnitError("two '/' in a row in '" + std::string(expr) + "'");
      divide = true;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < expr.size() && expr[j] != ' ' && expr[j] != '*' && expr[j] != '/' &&
           !(expr[j] == '.' && j + 1 < expr.size() && std::isalpha(static_cast<unsigned char>(expr[j + 1]))))
      ++j;
    const Unit2 u = parse_term(expr.substr(i, j - i));
    total.factor *= divide ? 1.0 / u.factor : u.factor;
    total.twice = total.twice * (divide ? u.twice.pow(-1) : u.twice);
    divide = false;
    i = j;
  }
  if (divide) throw UnitError("'/' without a unit after it in '" + std::string(expr) + "'");
  return total;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Leading number; returns its value and the rest of the string.
std::pair<double, std::string_view> split_number(std::string_view s) {
  s = trim(s);
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr == s.data())
    throw UnitError("'" + std::string(s) + "' does not start with a number");
  if (!std::isfinite(v)) throw UnitError("'" + std::string(s) + "' is not a finite number");
  return {v, trim(s.substr(static_cast<std::size_t>(ptr - s.data())))};
}

}  // namespace

std::string Dimension::name() const {
  static const std::pair<Dimension, const char*> names[] = {
      {dim::none, "dimensionless"},   {dim::length, "length"},
      {dim::mass, "mass"},            {dim::time, "time"},
      {dim::current, "current"},      {dim::temperature, "temperature"},
      {dim::area, "area"},            {dim::volume, "volume"},
      {dim::pressure, "pressure"},    {dim::density, "density"},
      {dim::velocity, "velocity"},    {dim::energy, "energy"},
      {dim::voltage, "voltage"},      {dim::conductivity, "conductivity"},
      {dim::current_density, "current density"}, {dim::diffusivity, "diffusivity"},
      {dim::concentration, "concentration"},     {dim::charge, "charge"},
      {dim::specific_charge, "specific charge"}, {dim::areal_mass, "areal mass"},
      {dim::molar_volume, "molar volume"},       {dim::surface_energy, "surface energy"},
      {dim::frequency, "frequency"},
  };
  for (const auto& [d, n] : names)
    if (d == *this) return n;
  static const char* sym[] = {"m", "kg", "s", "A", "K", "mol"};
  std::ostringstream os;
  for (std::size_t k = 0; k < e.size(); ++k) {
    if (e[k] == 0) continue;
    if (os.tellp() > 0) os << ' ';
    os << sym[k];
    if (e[k] != 1) os << '^' << int(e[k]);
  }
  return os.str();
}

std::string Dimension::example() const {
  static const std::pair<Dimension, const char*> ex[] = {
      {dim::length, "\"5 um\""},           {dim::pressure, "\"300 MPa\""},
      {dim::density, "\"4.75 g/cm^3\""},   {dim::conductivity, "\"1.5 mS/cm\""},
      {dim::time, "\"10 min\""},           {dim::voltage, "\"4.3 V\""},
      {dim::current, "\"1 mA\""},          {dim::current_density, "\"1 mA/cm^2\""},
      {dim::diffusivity, "\"1e-14 m^2/s\""}, {dim::concentration, "\"49600 mol/m^3\""},
      {dim::temperature, "\"298.15 K\" or \"25 degC\""}, {dim::areal_mass, "\"10 mg/cm^2\""},
      {dim::velocity, "\"0.1 m/s\""},      {dim::molar_volume, "\"3e-6 m^3/mol\""},
      {dim::specific_charge, "\"200 mAh/g\""}, {dim::none, "0.5"},
  };
  for (const auto& [d, s] : ex)
    if (d == *this) return s;
  return "a number with a unit of " + name();
}

namespace {
// The number with its unit, the dimension with twice its exponents.
std::pair<double, Dimension> parse_twice(std::string_view text) {
  auto [value, unit] = split_number(text);
  if (unit.empty()) return {value, dim::none};
  if (unit == "%") return {value * 0.01, dim::none};
  if (unit == "degC" || unit == "\u00b0C") return {value + 273.15, dim::temperature.pow(2)};
  const Unit2 u = parse_unit_expression(unit);
  return {value * u.factor, u.twice};
}
}  // namespace

Quantity parse_quantity(std::string_view text) {
  const auto [value, twice] = parse_twice(text);
  Dimension d;
  for (std::size_t k = 0; k < d.e.size(); ++k) {
    if (twice.e[k] % 2 != 0)
      throw UnitError("'" + std::string(text) +
                      "' has a half-integer power, which only a fracture toughness accepts");
    d.e[k] = static_cast<std::int8_t>(twice.e[k] / 2);
  }
  return {value, d};
}

double to_si(std::string_view text, Dimension expected) {
  const Quantity q = parse_quantity(text);
  if (!(q.dim == expected))
    throw UnitError("'" + std::string(text) + "' is a " + q.dim.name() + ", expected a " +
                    expected.name() + " such as " + expected.example());
  return q.value;
}

double fracture_toughness_to_si(std::string_view text) {
  const auto [value, twice] = parse_twice(text);
  if (!(twice == dim::fracture_toughness_squared))
    throw UnitError("'" + std::string(text) +
                    "' is not a fracture toughness; expected e.g. \"0.23 MPa m^0.5\" (Pa m^1/2)");
  return value;
}

double parse_c_rate(std::string_view text) {
  std::string_view s = trim(text);
  // "C/10"
  if (!s.empty() && s.front() == 'C') {
    auto rest = trim(s.substr(1));
    if (rest.empty()) return 1.0;
    if (rest.front() != '/') throw UnitError("bad C-rate '" + std::string(text) + "'");
    auto [n, tail] = split_number(rest.substr(1));
    if (!tail.empty() || n <= 0) throw UnitError("bad C-rate '" + std::string(text) + "'");
    return 1.0 / n;
  }
  // "2C", "0.5 C"
  auto [v, tail] = split_number(s);
  if (tail != "C" || v <= 0)
    throw UnitError("bad C-rate '" + std::string(text) + "', expected e.g. \"C/10\" or \"2C\"");
  return v;
}

}  // namespace electrodem::units
