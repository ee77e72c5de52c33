#pragma once
// Physical quantities at the config boundary: "300 MPa", "5 um", "1.5 mS/cm".
// Inside the code everything is SI; unit strings are parsed here and nowhere else.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace electrodem::units {

// Exponents of the SI base dimensions: length, mass, time, current,
// temperature, amount of substance.
struct Dimension {
  std::array<std::int8_t, 6> e{};
  constexpr bool operator==(const Dimension&) const = default;
  constexpr Dimension operator*(const Dimension& o) const {
    Dimension r;
    for (std::size_t k = 0; k < e.size(); ++k) r.e[k] = static_cast<std::int8_t>(e[k] + o.e[k]);
    return r;
  }
  constexpr Dimension pow(int p) const {
    Dimension r;
    for (std::size_t k = 0; k < e.size(); ++k) r.e[k] = static_cast<std::int8_t>(e[k] * p);
    return r;
  }
  // Human name ("length", "pressure", ...) or the SI expression ("m^-1 s").
  std::string name() const;
  // A typical unit for error messages, e.g. "um" for a length.
  std::string example() const;
};

namespace dim {
inline constexpr Dimension none{};
inline constexpr Dimension length{{1, 0, 0, 0, 0, 0}};
inline constexpr Dimension mass{{0, 1, 0, 0, 0, 0}};
inline constexpr Dimension time{{0, 0, 1, 0, 0, 0}};
inline constexpr Dimension current{{0, 0, 0, 1, 0, 0}};
inline constexpr Dimension temperature{{0, 0, 0, 0, 1, 0}};
inline constexpr Dimension amount{{0, 0, 0, 0, 0, 1}};
inline constexpr Dimension area = length.pow(2);
inline constexpr Dimension volume = length.pow(3);
inline constexpr Dimension pressure{{-1, 1, -2, 0, 0, 0}};
inline constexpr Dimension density{{-3, 1, 0, 0, 0, 0}};
inline constexpr Dimension velocity{{1, 0, -1, 0, 0, 0}};
inline constexpr Dimension energy{{2, 1, -2, 0, 0, 0}};
inline constexpr Dimension voltage{{2, 1, -3, -1, 0, 0}};
inline constexpr Dimension conductivity{{-3, -1, 3, 2, 0, 0}};
inline constexpr Dimension current_density{{-2, 0, 0, 1, 0, 0}};
inline constexpr Dimension diffusivity{{2, 0, -1, 0, 0, 0}};
inline constexpr Dimension concentration{{-3, 0, 0, 0, 0, 1}};
inline constexpr Dimension charge{{0, 0, 1, 1, 0, 0}};
inline constexpr Dimension specific_charge{{0, -1, 1, 1, 0, 0}};      // C/kg (mAh/g)
inline constexpr Dimension areal_mass{{-2, 1, 0, 0, 0, 0}};           // kg/m^2 (mg/cm^2)
inline constexpr Dimension molar_volume{{3, 0, 0, 0, 0, -1}};         // m^3/mol
inline constexpr Dimension rate_constant{{1, 0, -1, 0, 0, 0}};        // m/s (BV k0)
inline constexpr Dimension surface_energy{{0, 1, -2, 0, 0, 0}};       // J/m^2
inline constexpr Dimension frequency{{0, 0, -1, 0, 0, 0}};
// Fracture toughness K_c [Pa m^1/2] has a half power of length, which Dimension (integer
// exponents) cannot hold; its square [Pa^2 m] can.
inline constexpr Dimension fracture_toughness_squared = pressure.pow(2) * length;
}  // namespace dim

struct Quantity {
  double value;  // SI
  Dimension dim;
};

// Parses "<number> [unit]" into SI. Units compose with '/', '*', '.', ' '
// and integer powers ("mA/cm^2", "m^2/s", "S cm^-1"); SI prefixes G M k c m
// u µ n p apply to the base symbols m g s A K mol Pa S V L Ah J W N Ohm.
// "degC" and "%" are accepted. Throws UnitError with a readable reason (also
// for a net half-integer power, see fracture_toughness_to_si).
Quantity parse_quantity(std::string_view text);

// A fracture toughness [Pa m^1/2] into SI: the unit may carry half-integer powers
// ("0.23 MPa m^0.5", "0.23 MPa*m^0.5", "230 kPa m^0.5", "7.27 MPa mm^0.5"); throws
// UnitError unless its square is a Pa^2 m.
double fracture_toughness_to_si(std::string_view text);

// Like parse_quantity, but also checks the dimension.
double to_si(std::string_view text, Dimension expected);

// C-rate multiple: "C/10" -> 0.1, "2C" -> 2, "0.5 C" -> 0.5, "1C" -> 1.
double parse_c_rate(std::string_view text);

class UnitError : public std::exception {
 public:
  explicit UnitError(std::string what) : what_(std::move(what)) {}
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string what_;
};

}  // namespace electrodem::units
