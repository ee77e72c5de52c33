#pragma once
// Conductance of the links of the contact network (DESIGN.md §3.2).
// A link between particles i and j through a contact of radius a is two
// half-particle resistances in series; each half is a constriction plus a
// bulk term (docs/conductance.md gives the model, its sources and limits):
//
//   holm_flux_tube (default):
//     R_half = psi(a/R) / (4 sigma a) + 1 / (pi sigma R),  psi(e) = (1 - e)^(3/2)
//     - constriction of a circular contact of radius a at the end of a flux
//       tube of radius R (Holm 1967; psi from Cooper, Mikic & Yovanovich,
//       Int. J. Heat Mass Transfer 12 (1969) 279),
//     - bulk: a cylinder of radius R and length R (centre to contact).
//     a -> 0: Holm's half-space value 1/(4 sigma a); a -> R: the cylinder value
//     1/(pi sigma R). a > R is clamped to R.
//   holm: R_half = 1 / (4 sigma a), constriction only.
namespace electrodem::network {

enum class ContactModel { holm_flux_tube, holm };

// Flux-tube constriction factor psi(e) = (1 - e)^(3/2), e = a/R clamped to [0, 1].
double flux_tube_factor(double a_over_r);

// Resistance [Ohm] between a particle's centre and one contact of radius a
// on its surface, for bulk conductivity sigma [S/m] and particle radius r [m].
// Requires sigma > 0 and a > 0 (infinite otherwise).
double half_link_resistance(double sigma, double particle_radius, double contact_radius,
                            ContactModel model = ContactModel::holm_flux_tube);

// Conductance [S] of a particle-particle link (two halves in series).
// Zero if either conductivity is zero or a <= 0.
double link_conductance(double sigma_i, double radius_i, double sigma_j, double radius_j,
                        double contact_radius, ContactModel model = ContactModel::holm_flux_tube);

// Conductance [S] between a particle's centre and a flat, ideally conducting
// terminal (wall) through a contact of radius a: one half-link.
double terminal_conductance(double sigma, double radius, double contact_radius,
                            ContactModel model = ContactModel::holm_flux_tube);

}  // namespace electrodem::network
