#include "electrodem/network/conductance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace electrodem::network {

// Cooper, Mikic & Yovanovich (1969), Int. J. Heat Mass Transfer 12, 279-300:
// constriction resistance of a circular contact of radius a at the end of a
// circular flux tube of radius b is psi(a/b)/(4 k a) with psi ~ (1 - a/b)^1.5;
// psi(0) = 1 recovers Holm's half-space result, psi(1) = 0 (no constriction).
double flux_tube_factor(double a_over_r) {
  const double e = std::clamp(a_over_r, 0.0, 1.0);
  return std::pow(1.0 - e, 1.5);
}

double half_link_resistance(double sigma, double particle_radius, double contact_radius,
                            ContactModel model) {
  if (!(sigma > 0) || !(contact_radius > 0)) return std::numeric_limits<double>::infinity();
  switch (model) {
    case ContactModel::holm:
      // Holm, Electric Contacts (4th ed., Springer 1967), §4: spreading
      // resistance of an equipotential circular spot on a half-space.
      return 1.0 / (4.0 * sigma * contact_radius);
    case ContactModel::holm_flux_tube: {
      // Constriction into a flux tube of the particle's radius plus the bulk of
      // a cylinder of radius R and length R (the centre-to-contact path).
      const double r = particle_radius;
      const double a = std::min(contact_radius, r);
      return flux_tube_factor(a / r) / (4.0 * sigma * a) + 1.0 / (std::numbers::pi * sigma * r);
    }
  }
  return std::numeric_limits<double>::infinity();
}

double link_conductance(double sigma_i, double radius_i, double sigma_j, double radius_j,
                        double contact_radius, ContactModel model) {
  if (!(sigma_i > 0) || !(sigma_j > 0) || !(contact_radius > 0)) return 0.0;
  return 1.0 / (half_link_resistance(sigma_i, radius_i, contact_radius, model) +
                half_link_resistance(sigma_j, radius_j, contact_radius, model));
}

double terminal_conductance(double sigma, double radius, double contact_radius,
                            ContactModel model) {
  if (!(sigma > 0) || !(contact_radius > 0)) return 0.0;
  return 1.0 / half_link_resistance(sigma, radius, contact_radius, model);
}

}  // namespace electrodem::network
