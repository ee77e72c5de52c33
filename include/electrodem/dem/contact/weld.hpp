#pragma once
// Cold-welded contacts: the cohesive neck a plastically loaded contact forms (docs/contact_laws.md,
// "Cold welding").
//
// Plastic flow at a Thornton–Ning contact (virgin loading beyond yield, Thornton & Ning, Powder
// Technol. 99 (1998) 154) spreads fresh surface of a ductile solid (sulfide electrolyte) over its
// partner; the interface that forms is a solid neck, not a Hertzian contact. While welded:
//   neck radius      a_w = a_p = sqrt(R* delta_max)   (the contact radius at maximum load; it
//                    grows when the contact flows again). The contact radius the transport and the
//                    electrochemistry read is a_w at any load.
//   compression      delta >= delta_r: the Thornton–Ning unloading/reloading law (unchanged).
//   tension          delta <  delta_r: the neck is stretched elastically with the flat-punch
//                    stiffness of a bonded circular contact of radius a_w (Johnson, Contact
//                    Mechanics, 1985, §3.8: F = 2 E* a delta):  F = -2 E* a_w (delta_r - delta).
//   breaking         tension: -F > sigma_w pi a_w^2; shear: |F_t| > mu F_n+ + tau_w pi a_w^2
//                    (the strength criteria of a parallel bond, Potyondy & Cundall, Int. J. Rock
//                    Mech. Min. Sci. 41 (2004) 1329, applied to the neck area; F_n+ the compressive
//                    load; the Mohr–Coulomb form with cohesion is YADE's CohFrictPhys). Breaking is
//                    irreversible: the contact continues as a plain Thornton–Ning contact (no
//                    tension) and welds again only on new plastic flow (delta > delta_max).
#include <cstdint>

namespace electrodem::dem {

// Per-contact weld state (ContactList::bond).
enum WeldState : std::uint8_t { unbonded = 0, welded = 1, weld_broken = 2 };

// Elastic force of a neck of radius a_w stretched by `stretch` = delta_r - delta >= 0 beyond the
// residual plastic overlap (negative: tensile) [N].
inline double weld_tension_force(double stretch, double a_w, double e_eff) {
  return -2.0 * e_eff * a_w * stretch;
}

// Force a neck of radius a_w carries at a stress `strength`, sigma pi a_w^2 [N].
inline double weld_capacity(double strength, double a_w) {
  return strength * 3.14159265358979323846 * a_w * a_w;
}

}  // namespace electrodem::dem
