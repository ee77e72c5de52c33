// Built-in material library. Values are room-temperature literature values;
// each carries its source. Mechanical values of powders are those of the dense
// solid; yield pressures are effective mean contact pressures at the onset of
// plastic flow (the parameter of the Thornton–Ning law), which is the least
// certain number here: calibrate it against a measured compaction curve.
#include <cmath>
#include <map>
#include <stdexcept>

#include "electrodem/dem/material.hpp"

namespace electrodem::dem {
namespace {

// NCM811 (LiNi0.8Mn0.1Co0.1O2) secondary particles.
Material ncm811() {
  Material m;
  m.name = m.base = "NCM811";
  m.role = Role::active;
  m.density = 4750.0;  // crystallographic density ~4.75-4.8 g/cm^3 (de Biasi et al., J. Phys. Chem. C 121 (2017) 26163)
  m.youngs_modulus = 140e9;  // nanoindentation of NCM secondary particles, ~140 GPa (Xu et al., J. Mech. Phys. Solids 2017; Stallard et al., Joule 2022 report 100-200 GPa)
  m.poisson_ratio = 0.25;    // typical layered oxide (Xu et al. 2017)
  m.friction = 0.3;          // generic oxide-on-sulfide value used in DEM of composite cathodes (Bielefeld et al., J. Phys. Chem. C 2019)
  m.restitution = 0.5;
  m.electronic_conductivity = 0.5;  // 5 mS/cm for lithiated NCM811 at RT; strongly x-dependent, 1e-5..1e-1 S/cm (Ruess et al., J. Electrochem. Soc. 167 (2020) 020533)
  m.ionic_conductivity = 0.0;       // Li transport inside AM is solid diffusion, not a network phase
  // Electrochemistry: LG M50 NMC811 parameter set (Chen et al., J. Electrochem. Soc. 167 (2020) 080534).
  m.echem.max_concentration = 51765.0;  // mol/m^3
  m.echem.diffusivity = 4.0e-15;        // m^2/s
  // k0 in i0 = F k0 sqrt(c_e c_s (c_max - c_s)): Chen 2020 give m_ref = F k0 = 3.42e-6
  // (A/m^2)(m^3/mol)^1.5 (PyBaMM "Chen2020"), so k0 = m_ref / F [m^2.5 mol^-0.5 s^-1].
  m.echem.rate_constant = 3.42e-6 / 96485.33212;
  m.echem.charge_transfer_coefficient = 0.5;
  m.echem.initial_lithiation = 0.9084;  // stoichiometry of the discharged cell (Chen 2020, 0 % SOC)
  m.echem.min_lithiation = 0.2661;      // stoichiometry at 100 % SOC (Chen 2020)
  m.echem.max_lithiation = 0.9084;
  // OCV: the Chen 2020 fit U(x) = -0.8090x + 4.4875 - 0.0428 tanh(18.5138(x-0.5542))
  //   - 17.7326 tanh(15.7890(x-0.3117)) + 17.5842 tanh(15.9308(x-0.3120)),
  // tabulated on its measured window [0.2661, 0.9084] (41 points), extended by steep linear
  // ramps (5.0 V at x = 0.2501, 2.0 V at x = 0.915) so that half-cell cut-offs of 4.3 V / 2.5 V
  // fall at the window ends. The ramps are a modelling choice, not data (docs/electrochemistry.md).
  {
    auto chen = [](double x) {
      return -0.8090 * x + 4.4875 - 0.0428 * std::tanh(18.5138 * (x - 0.5542)) -
             17.7326 * std::tanh(15.7890 * (x - 0.3117)) + 17.5842 * std::tanh(15.9308 * (x - 0.3120));
    };
    const double lo = 0.2661, hi = 0.9084;
    m.echem.ocv.x = {lo - 0.016};
    m.echem.ocv.y = {5.0};
    for (int i = 0; i <= 40; ++i) {
      const double x = lo + (hi - lo) * i / 40.0;
      m.echem.ocv.x.push_back(x);
      m.echem.ocv.y.push_back(chen(x));
    }
    m.echem.ocv.x.push_back(hi + 0.0066);
    m.echem.ocv.y.push_back(2.0);
  }
  // Partial molar volume from the swelling law below: Omega = V_m d(eps_v)/dx with
  // V_m = M/rho = 97.3 g/mol / 4.75 g/cm^3 = 20.5 cm^3/mol -> 1.4e-6 m^3/mol (positive: the
  // lattice grows on lithiation, so hydrostatic tension raises U by Omega sigma_h / F).
  m.echem.partial_molar_volume = 1.4e-6;
  // Volume change: unit-cell volume falls by ~5 % on charge to 4.3 V (x ~ 0.25) (de Biasi et al. 2017;
  // Koerver et al., Chem. Mater. 29 (2017) 5574). Linear fit eps_v = 0.068 (x - 1).
  m.swelling.coefficient = 0.068;
  m.swelling.reference_lithiation = 1.0;
  return m;
}

Material licoo2() {
  Material m;
  m.name = m.base = "LiCoO2";
  m.role = Role::active;
  m.density = 5050.0;        // X-ray density 5.05 g/cm^3
  m.youngs_modulus = 191e9;  // polycrystalline LCO, ~191 GPa (Qu et al., Adv. Energy Mater. 2 (2012) 940)
  m.poisson_ratio = 0.24;    // (Qu et al. 2012)
  m.friction = 0.3;
  m.restitution = 0.5;
  m.electronic_conductivity = 0.1;  // ~1e-3 S/cm for Li~1 (Ménétrier et al., J. Mater. Chem. 9 (1999) 1135)
  m.echem.max_concentration = 51410.0;  // rho*F... = 5050 kg/m^3 / 97.87 g/mol (Ramadass et al., J. Power Sources 2004)
  m.echem.diffusivity = 1.0e-14;        // m^2/s (Ramadass et al. 2004)
  // k0 = m_ref / F with m_ref = 6e-7 (A/m^2)(m^3/mol)^1.5 (Dualfoil / PyBaMM "Marquis2019" LiCoO2).
  m.echem.rate_constant = 6e-7 / 96485.33212;
  m.echem.charge_transfer_coefficient = 0.5;
  m.echem.initial_lithiation = 0.99;
  m.echem.min_lithiation = 0.5;   // practical window to 4.2 V: Li0.5CoO2
  m.echem.max_lithiation = 0.99;
  // OCV: the Dualfoil 5.1 LiCoO2 fit (Doyle; Garcia 2001; revised by K. Thomas 2003),
  // U = 2.16216 + 0.07645 tanh(30.834 - 54.4806y) + 2.1581 tanh(52.294 - 50.294y)
  //   - 0.14169 tanh(11.0923 - 19.8543y) + 0.2051 tanh(1.4684 - 5.4888y)
  //   + 0.2531 tanh((0.56478 - y)/0.1316) - 0.02167 tanh((y - 0.525)/0.006),
  // tabulated on [0.5, 0.99] (50 points) with steep ramps outside (5.0 V at 0.49, 2.0 V at 0.995).
  {
    auto dualfoil = [](double y) {
      return 2.16216 + 0.07645 * std::tanh(30.834 - 54.4806 * y) +
             2.1581 * std::tanh(52.294 - 50.294 * y) - 0.14169 * std::tanh(11.0923 - 19.8543 * y) +
             0.2051 * std::tanh(1.4684 - 5.4888 * y) + 0.2531 * std::tanh((-y + 0.56478) / 0.1316) -
             0.02167 * std::tanh((y - 0.525) / 0.006);
    };
    const double lo = 0.5, hi = 0.99;
    m.echem.ocv.x = {lo - 0.01};
    m.echem.ocv.y = {5.0};
    for (int i = 0; i <= 49; ++i) {
      const double y = lo + (hi - lo) * i / 49.0;
      m.echem.ocv.x.push_back(y);
      m.echem.ocv.y.push_back(dualfoil(y));
    }
    m.echem.ocv.x.push_back(hi + 0.005);
    m.echem.ocv.y.push_back(2.0);
  }
  m.swelling.coefficient = 0.04;  // ~+2 % c-axis expansion to x=0.5 (Reimers & Dahn, J. Electrochem. Soc. 139 (1992) 2091)
  m.swelling.reference_lithiation = 1.0;
  return m;
}

// Argyrodite Li6PS5Cl.
Material li6ps5cl() {
  Material m;
  m.name = m.base = "Li6PS5Cl";
  m.role = Role::electrolyte;
  m.density = 1640.0;       // 1.64 g/cm^3 (Deiseroth et al., Angew. Chem. 47 (2008) 755)
  m.youngs_modulus = 22e9;  // DFT ~22 GPa (Deng et al., Chem. Mater. 28 (2016) 7195)
  m.poisson_ratio = 0.3;
  // effective contact yield pressure, calibrated so that a pellet of this library's powder
  // (configs/lps_pellet.json, 1000 particles) reaches relative density 0.72 / 0.85 / 0.93 at
  // 100 / 300 / 500 MPa: sulfides densify to ~0.8-0.9 at 300-500 MPa cold pressing (Doux et al.,
  // J. Mater. Chem. A 8 (2020) 5049). 0.5 GPa gave 0.94 at 300 MPa and reached the model's
  // limit (volume-conservation cap) at 500 MPa.
  m.yield_pressure = 1.0e9;
  m.friction = 0.3;
  m.restitution = 0.5;
  m.ionic_conductivity = 0.2;         // 2 mS/cm cold-pressed argyrodite (Boulineau et al., Solid State Ionics 221 (2012) 1: 1.3 mS/cm; commercial 2-3 mS/cm)
  m.electronic_conductivity = 1e-7;   // ~1e-9 S/cm (negligible)
  return m;
}

// Glass-ceramic Li3PS4 (75Li2S-25P2S5).
Material li3ps4() {
  Material m;
  m.name = m.base = "Li3PS4";
  m.role = Role::electrolyte;
  m.density = 1880.0;         // (Sakuda et al., Sci. Rep. 3 (2013) 2261)
  m.youngs_modulus = 18.5e9;  // (Sakuda et al. 2013; McGrogan et al., Adv. Energy Mater. 7 (2017) 1602011)
  m.poisson_ratio = 0.3;      // (Sakuda et al. 2013)
  m.yield_pressure = 0.4e9;   // effective; cold-pressed 75Li2S-25P2S5 reaches ~0.9 relative density near 360 MPa (Sakuda 2013)
  m.friction = 0.3;
  m.restitution = 0.5;
  m.ionic_conductivity = 0.03;  // 0.3 mS/cm glass-ceramic (Liu et al., JACS 135 (2013) 975: beta-Li3PS4 0.16 mS/cm)
  m.electronic_conductivity = 1e-7;
  return m;
}

// Conductive carbon additive (vapour-grown carbon fibre / carbon black agglomerates as spheres).
Material carbon() {
  Material m;
  m.name = m.base = "carbon";
  m.role = Role::additive;
  m.density = 2000.0;       // carbon black skeletal density 1.8-2.1 g/cm^3
  m.youngs_modulus = 10e9;  // effective agglomerate modulus, order of magnitude
  m.poisson_ratio = 0.3;
  m.friction = 0.3;
  m.restitution = 0.5;
  m.electronic_conductivity = 1000.0;  // 10 S/cm compacted carbon black (Pantea et al., Appl. Surf. Sci. 217 (2003) 181)
  return m;
}

const std::map<std::string, Material>& library() {
  static const std::map<std::string, Material> lib{
      {"NCM811", ncm811()}, {"LiCoO2", licoo2()}, {"Li6PS5Cl", li6ps5cl()},
      {"Li3PS4", li3ps4()}, {"carbon", carbon()}};
  return lib;
}

}  // namespace

const Material& library_material(const std::string& name) {
  const auto& lib = library();
  auto it = lib.find(name);
  if (it == lib.end()) throw std::out_of_range("no library material '" + name + "'");
  return it->second;
}

std::vector<std::string> library_names() {
  std::vector<std::string> names;
  for (const auto& [k, v] : library()) names.push_back(k);
  return names;
}

}  // namespace electrodem::dem
