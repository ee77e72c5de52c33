#pragma once
// DMT adhesion (Derjaguin, Muller & Toporov, J. Colloid Interface Sci. 53 (1975) 314): a constant
// attraction F_ad = 2 pi W R acting while the surfaces touch, W the work of adhesion [J/m^2] and
// R the curvature radius of the contact. The contact geometry stays Hertzian (a^2 = R delta), so
// at zero external load a closed contact keeps a_0 = (3 pi W R^2 / (2 E*))^(1/3).
// On a Thornton–Ning contact R is the plastically enlarged radius R_p of the unloading branch:
// a flattened contact sticks harder, which is how pressed ductile powders (sulfide electrolytes)
// keep their contacts after the pressure is released (Thornton & Ning, Powder Technol. 99 (1998)
// 154; Mesarovic & Johnson, J. Mech. Phys. Solids 48 (2000) 2009). DMT suits stiff, weakly
// adhering contacts (small Tabor parameter); for large compliant contacts JKR gives larger a_0.
#include <cmath>

namespace electrodem::dem {

// Pull-off force 2 pi W R [N].
[[gnu::always_inline]] inline double dmt_adhesion_force(double work_of_adhesion,
                                                        double curvature_radius) {
  return 2.0 * 3.14159265358979323846 * work_of_adhesion * curvature_radius;
}

// Work of adhesion of two surfaces from their surface energies, W = 2 sqrt(g_i g_j)
// (Girifalco & Good, J. Phys. Chem. 61 (1957) 904, interaction parameter 1; W = 2 g for a
// contact of two like surfaces that cold-weld).
inline double work_of_adhesion(double gamma_i, double gamma_j) {
  return 2.0 * std::sqrt(gamma_i * gamma_j);
}

}  // namespace electrodem::dem
