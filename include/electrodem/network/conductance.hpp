#pragma once
// Conductance of the links of the contact network (DESIGN.md §3.2).
// A link between particles i and j through a contact of radius a is two
// half-particle resistances in series; each half is a constriction plus a
// bulk term (see docs/conductance.md for the model and its source).
namespace electrodem::network {

// Resistance [Ohm] between a particle's centre and one contact of radius a
// on its surface, for bulk conductivity sigma [S/m] and particle radius r [m].
double half_link_resistance(double sigma, double particle_radius, double contact_radius);

// Conductance [S] of a particle-particle link (two halves in series).
// Zero if either conductivity is zero or a <= 0.
double link_conductance(double sigma_i, double radius_i, double sigma_j, double radius_j,
                        double contact_radius);

// Conductance [S] between a particle's centre and a flat terminal (wall) contact.
double terminal_conductance(double sigma, double radius, double contact_radius);

}  // namespace electrodem::network
