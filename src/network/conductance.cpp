#include "electrodem/network/conductance.hpp"

namespace electrodem::network {

// Placeholder Holm constriction only, 1/(4 sigma a) (Holm, Electric Contacts, 1967);
// the transport work replaces this with the constriction + bulk model.
double half_link_resistance(double sigma, double /*particle_radius*/, double contact_radius) {
  return 1.0 / (4.0 * sigma * contact_radius);
}

double link_conductance(double sigma_i, double radius_i, double sigma_j, double radius_j,
                        double contact_radius) {
  if (sigma_i <= 0 || sigma_j <= 0 || contact_radius <= 0) return 0.0;
  return 1.0 / (half_link_resistance(sigma_i, radius_i, contact_radius) +
                half_link_resistance(sigma_j, radius_j, contact_radius));
}

double terminal_conductance(double sigma, double radius, double contact_radius) {
  if (sigma <= 0 || contact_radius <= 0) return 0.0;
  return 1.0 / half_link_resistance(sigma, radius, contact_radius);
}

}  // namespace electrodem::network
