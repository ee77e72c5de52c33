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
//   breaking         tension: -F > F_c(a_w); shear: |F_t| > mu F_n+ + F_c,s(a_w), with the neck's
//                    capacity F_c from weld_capacity() below: a constant neck stress (the strength
//                    criteria of a parallel bond, Potyondy & Cundall, Int. J. Rock Mech. Min. Sci.
//                    41 (2004) 1329, applied to the neck area) or the fracture of the neck's edge
//                    (fracture toughness K_c). F_n+ the compressive load; the Mohr–Coulomb form
//                    with cohesion is YADE's CohFrictPhys. Breaking is irreversible: the contact
//                    continues as a plain Thornton–Ning contact (no tension) and welds again only
//                    on new plastic flow (delta > delta_max).
#include <cmath>
#include <cstdint>

namespace electrodem::dem {

// Per-contact weld state (ContactList::bond).
enum WeldState : std::uint8_t { unbonded = 0, welded = 1, weld_broken = 2 };

// Elastic force of a neck of radius a_w stretched by `stretch` = delta_r - delta >= 0 beyond the
// residual plastic overlap (negative: tensile) [N].
[[gnu::always_inline]] inline double weld_tension_force(double stretch, double a_w, double e_eff) {
  return -2.0 * e_eff * a_w * stretch;
}

// Force a neck of radius a_w carries before it breaks [N], in one of two forms (a material has
// one of `strength` and `toughness` > 0, material.cpp; a pair takes the same form, PairTable):
//   constant neck stress sigma [Pa]:       F_c = sigma pi a_w^2
//   fracture toughness K_c [Pa m^1/2]:     F_c = 2 sqrt(pi) K_c a_w^(3/2)
// The second: a bonded circular neck of radius a under a net tensile force F is an external
// circular crack, K_I = F / (2 sqrt(pi) a^(3/2)) (Tada, Paris & Irwin, The Stress Analysis of
// Cracks Handbook, 3rd ed. 2000, external circular crack under tension), and breaks at K_I = K_c.
// This is Kendall's flat-punch pull-off F_c = sqrt(8 pi a^3 E* w) (J. Phys. D 4 (1971) 1186) with
// w = G_c = K_c^2 / (2 E*), i.e. K_c^2 / E' for identical halves (E* = E'/2). The mean neck
// stress at failure, 2 K_c / sqrt(pi a), falls with the neck size. In shear (mode II) the same
// F_c is the cohesion (K_IIc ~ K_Ic assumed; docs/contact_laws.md).
[[gnu::always_inline]] inline double weld_capacity(double strength, double toughness, double a_w) {
  if (toughness > 0.0) return 2.0 * 1.77245385090551602730 * toughness * a_w * std::sqrt(a_w);
  return strength * 3.14159265358979323846 * a_w * a_w;
}

}  // namespace electrodem::dem
