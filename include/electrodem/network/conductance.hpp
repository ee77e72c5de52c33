#pragma once
// Conductance of the links of the contact network (DESIGN.md §3.2).
// A link between particles i and j through a contact of radius a is two
// half-particle resistances in series; each half is a constriction plus a
// bulk term (docs/conductance.md gives the model, its sources and limits):
//
//   holm_flux_tube (default): per-contact flux tube of the particle's share
//     A_c = 4 pi R^2 / max(Z, 4)   (Z = contacts of the particle, walls included)
//     b   = sqrt(A_c / pi) = R min(1, 2 / sqrt(Z))   (tube radius)
//     R_half = psi(a/b) / (4 sigma a) + R / (sigma A_c),  psi(e) = (1 - e)^(3/2)
//     - constriction of a circular contact of radius a at the end of a flux
//       tube of radius b (Holm 1967 for psi = 1; the (1 - e)^1.5 form as
//       usually attributed to Cooper, Mikic & Yovanovich, Int. J. Heat Mass
//       Transfer 12 (1969) 279, see conductance.cpp),
//     - bulk: a tube of cross-section A_c and length R (centre to contact).
//     The surface share makes the affine-field dissipation of a particle's
//     tubes equal to that of its volume for an isotropic contact fabric, so by
//     Thomson's principle sigma_eff <= phi sigma (see conductance.cpp).
//     a -> 0: Holm's half-space value 1/(4 sigma a); a >= b: the tube value.
//   holm: R_half = 1 / (4 sigma a), constriction only.
#include <vector>

#include "electrodem/network/graph.hpp"

namespace electrodem::network {

enum class ContactModel { holm_flux_tube, holm };

// Flux-tube constriction factor psi(e) = (1 - e)^(3/2), e = a/b clamped to [0, 1].
double flux_tube_factor(double a_over_b);

// Radius [m] of the flux tube of one of the Z contacts of a particle of radius
// r: b = r min(1, 2/sqrt(Z)) (area 4 pi r^2 / Z, at most the particle's pi r^2).
double flux_tube_radius(double particle_radius, int coordination);

// Number of contacts per particle (edges with a > 0 and wall contacts with
// a > 0), the Z of the flux-tube share; all phases count (they share the surface).
std::vector<int> contact_counts(const ContactGraph& g);

// Resistance [Ohm] between a particle's centre and one contact of radius a
// on its surface, for bulk conductivity sigma [S/m], particle radius r [m]
// and Z contacts on the particle. Requires sigma > 0 and a > 0 (infinite otherwise).
double half_link_resistance(double sigma, double particle_radius, int coordination,
                            double contact_radius,
                            ContactModel model = ContactModel::holm_flux_tube);

// Conductance [S] of a particle-particle link (two halves in series).
// Zero if either conductivity is zero or a <= 0.
double link_conductance(double sigma_i, double radius_i, int coordination_i, double sigma_j,
                        double radius_j, int coordination_j, double contact_radius,
                        ContactModel model = ContactModel::holm_flux_tube);

// Conductance [S] between a particle's centre and a flat, ideally conducting
// terminal (wall) through a contact of radius a: one half-link.
double terminal_conductance(double sigma, double radius, int coordination, double contact_radius,
                            ContactModel model = ContactModel::holm_flux_tube);

}  // namespace electrodem::network
