#pragma once
// Materials: mechanical, transport, electrochemical and swelling parameters,
// all SI. A built-in library (material_library.cpp, each value with its
// source) is the base; configs refer to materials by name and override fields.
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace electrodem {
class ConfigNode;
}

namespace electrodem::dem {

enum class Role { active, electrolyte, additive };
std::string to_string(Role r);

// A monotone table y(x) with linear interpolation (clamped at the ends).
struct Table1D {
  std::vector<double> x, y;
  bool empty() const { return x.empty(); }
  double operator()(double xv) const;
};

// Parameters of an intercalation (active) material; unused for SE/additive.
struct ElectrochemParams {
  double max_concentration = 0.0;  // c_max [mol/m^3]
  double diffusivity = 0.0;        // D_s [m^2/s]
  Table1D diffusivity_vs_x;        // optional D_s(x) [m^2/s]; overrides diffusivity when set
  double rate_constant = 0.0;  // k0 in i0 = F k0 sqrt(c_e c_s (c_max - c_s)) [A/m^2 (m^3/mol)^1.5]
  double charge_transfer_coefficient = 0.5;  // alpha [-]
  double initial_lithiation = 1.0;           // x at assembly [-]
  double min_lithiation = 0.0;               // x window used for the theoretical capacity [-]
  double max_lithiation = 1.0;
  Table1D ocv;                        // U(x) [V] vs Li/Li+
  double partial_molar_volume = 0.0;  // Omega [m^3/mol], stress shift Omega*sigma_h/F
};

// Volumetric strain of the active material vs lithiation: V(x)/V_ref = 1 + eps_v(x),
// eps_v(x) = coefficient * (x - reference_lithiation) unless a table is given.
struct SwellingParams {
  double coefficient = 0.0;           // d eps_v / dx [-]
  double reference_lithiation = 1.0;  // x at which the radius is the reference radius
  Table1D table;                      // eps_v(x), overrides the linear law when set
  double strain(double x) const;
};

struct Material {
  std::string name;
  std::string base;  // library entry it was built from
  Role role = Role::electrolyte;
  double density = 0.0;                                             // [kg/m^3]
  double youngs_modulus = 0.0;                                      // [Pa]
  double poisson_ratio = 0.3;                                       // [-]
  double yield_pressure = std::numeric_limits<double>::infinity();  // mean contact pressure at
                                                                    // yield [Pa]; inf = elastic
  double friction = 0.3;                                            // Coulomb mu [-]
  double rolling_friction = 0.0;         // rolling resistance coefficient [-]
  double restitution = 0.5;              // normal coefficient of restitution [-]
  double ionic_conductivity = 0.0;       // [S/m]
  double electronic_conductivity = 0.0;  // [S/m]
  double surface_energy = 0.0;           // [J/m^2], DMT adhesion (contact/adhesion.hpp)
  // Cold welding (contact/weld.hpp): the neck a plastically loaded contact forms breaks at a
  // constant tensile/shear stress, or (weld_toughness) by fracture of its edge; a pair takes the
  // smaller value of its two materials; 0 = no welding. At most one of weld_strength and
  // weld_toughness is > 0.
  double weld_strength = 0.0;        // [Pa]
  double weld_shear_strength = 0.0;  // [Pa]
  double weld_toughness = 0.0;       // K_c [Pa m^1/2]
  ElectrochemParams echem;
  SwellingParams swelling;

  double shear_modulus() const { return youngs_modulus / (2.0 * (1.0 + poisson_ratio)); }
  bool elastic() const { return !(yield_pressure < std::numeric_limits<double>::infinity()); }
};

// Built-in library: NCM811, LiCoO2, Li6PS5Cl, Li3PS4, carbon. Throws std::out_of_range if unknown.
const Material& library_material(const std::string& name);
std::vector<std::string> library_names();

// Ordered materials of a run; particles refer to them by index.
struct MaterialSet {
  std::vector<Material> materials;
  int index_of(const std::string& name) const;  // -1 if absent
  const Material& operator[](std::size_t i) const { return materials[i]; }
  std::size_t size() const { return materials.size(); }
};

// Reads the "materials" object: each entry names a "base" library material
// (defaults to its own key) and may override any field. Library materials not
// mentioned are available under their library names as well.
MaterialSet parse_materials(ConfigNode node);

}  // namespace electrodem::dem
