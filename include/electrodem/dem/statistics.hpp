#pragma once
// Scalar diagnostics of a System, and the named time-series sample the stages write to
// timeseries.csv. Every sum runs serially in index order (deterministic).
#include <string>
#include <utility>
#include <vector>

#include "electrodem/dem/system.hpp"

namespace electrodem::dem {

using NamedValues = std::vector<std::pair<std::string, double>>;

// The functions that read pair contact results take them (System::pair_results, one
// recomputation shared by several diagnostics of the same state); their one-argument forms
// recompute them.

// Translational + rotational kinetic energy [J] (with the scaled masses).
double kinetic_energy(const System& s);
// Mean |net force| on particles / mean contact normal force (Cundall's unbalanced-force ratio) [-].
double unbalanced_force_ratio(const System& s, const ContactResults& r);
inline double unbalanced_force_ratio(const System& s) {
  return unbalanced_force_ratio(s, s.pair_results());
}
// Loaded pair contacts (a > 0) [-].
long long contact_count(const ContactResults& r);
// Mean coordination number 2 C / N over all particles (rattlers included) [-].
double coordination_number(const System& s, const ContactResults& r);
inline double coordination_number(const System& s) {
  return coordination_number(s, s.pair_results());
}
// Fraction of loaded contacts (pairs and walls) that have yielded [-].
double plastic_contact_fraction(const System& s, const ContactResults& r);
inline double plastic_contact_fraction(const System& s) {
  return plastic_contact_fraction(s, s.pair_results());
}
// Fraction of particles whose apparent radius reached the growth cap (kGrowthCap): there solid
// volume is no longer conserved and the relative density is underestimated (validity limit).
double growth_capped_fraction(const System& s);
// Volume-weighted mean particle density including density scaling [kg/m^3].
double mean_density(const System& s);
// I = eps_dot d sqrt(rho / p) from the punch rate |v|/H, mean diameter, mean (scaled) density and
// the larger of punch and bottom stress; 0 while no wall carries load (undefined) [-].
double inertia_number(const System& s);
// Affine estimate of the axial (P-wave, uniaxial-strain) modulus along z of the contact network,
// M = (1/V) [sum_pairs k b_z^4 / |b|^2 + sum_walls k g^2], k = 2 E* a the elastic (unloading)
// normal stiffness, b the branch vector, g the centre-wall gap: the stress response to a uniform
// strain if every particle followed it (Voigt bound; the relaxed modulus is lower, typically
// 1/2-1/3 of it, Makse et al., PRL 83, 5070 (1999)). Tangential springs are left out [Pa].
double affine_axial_modulus(const System& s, const ContactResults& r);
// Per ordered material pair (A, B) of materials present: loaded A-B contacts per A particle [-].
NamedValues coordination_by_pair(const System& s, const ContactResults& r);
// Per unordered pair of materials present: loaded contacts, e.g. "contacts NCM811-LPSCl [-]".
NamedValues contact_counts(const System& s, const ContactResults& r);
// True if any pair of materials present can cold-weld (weld_strength or weld_toughness > 0,
// contact/weld.hpp).
bool welding_enabled(const System& s);
// Per unordered pair of materials present that can weld: "welded contacts A-B [-]" (intact
// necks) and "broken welds A-B [-]" (contacts whose weld broke and that still touch). Empty when
// no pair can weld, so outputs without welding are unchanged.
NamedValues weld_counts(const System& s);

// One time-series sample: "time [s]", "punch stress [Pa]", "thickness [m]",
// "relative density [-]", "coordination number [-]", "coordination A-B [-]" for each ordered
// material pair, "kinetic energy [J]", "unbalanced force ratio [-]", "inertia number [-]",
// "plastic contact fraction [-]", and with welding "welded contacts [-]" (all pairs).
// Order and names are fixed for a given MaterialSet.
NamedValues sample(const System& s);

}  // namespace electrodem::dem
