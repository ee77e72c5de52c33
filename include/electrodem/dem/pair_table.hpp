#pragma once
// Per material pair contact parameters, resolved ONCE when a System is built; the force loop
// only indexes this table and switches on `law` (no virtual call per contact).
// Mixing rules (documented in docs/contact_laws.md):
//   1/E* = (1-nu_i^2)/E_i + (1-nu_j^2)/E_j      (Hertz)
//   1/G* = (2-nu_i)/G_i + (2-nu_j)/G_j          (Mindlin)
//   p_y  = min(p_y,i, p_y,j)                     (the softer solid yields)
//   mu, mu_r, e = arithmetic means of the two materials
//   W = 2 sqrt(gamma_i gamma_j)                   (DMT adhesion; none at walls)
//   sigma_w, tau_w, K_c = min of the two materials (cold welding; none at walls, none for hertz;
//                    a pair of one material with sigma_w > 0 and one with K_c > 0 is an InputError)
// Walls are a material of their own (index n_materials), elastic.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "electrodem/dem/material.hpp"

namespace electrodem::dem {

enum class NormalLaw : unsigned char { hertz = 0, thornton_ning = 1 };
std::string to_string(NormalLaw law);
NormalLaw normal_law_from_string(const std::string& s);  // throws std::invalid_argument

// What the pair kernel must handle, decided once per evaluation from the whole table rather
// than per contact (issue 8): one normal law and none of cold welding, adhesion and rolling
// resistance lets the compiler drop those branches and the registers they hold (~8 % of a
// one-thread Hertz step at N = 5000). The specialised kernels do the same arithmetic as `any`.
enum class KernelLaws : unsigned char { hertz, thornton_ning, any };

struct PairParams {
  NormalLaw law = NormalLaw::hertz;
  bool weld = false;            // can cold-weld: weld_strength > 0 or weld_toughness > 0
  double e_eff = 0.0;           // E* [Pa]
  double g_eff = 0.0;           // G* [Pa]
  double yield_pressure = 0.0;  // p_y [Pa] (thornton_ning only)
  double friction = 0.0;        // mu [-]
  double rolling = 0.0;         // mu_r [-]
  double restitution = 1.0;     // e [-]
  double beta = 0.0;            // dashpot ratio giving restitution e for Hertz [-]
  double adhesion = 0.0;        // work of adhesion W = 2 sqrt(gamma_i gamma_j), 0 at walls [J/m^2]
  double weld_strength = 0.0;   // tensile strength of a cold-welded neck, 0 = off [Pa]
  double weld_shear_strength = 0.0;  // its shear strength [Pa]
  double weld_toughness = 0.0;       // or: fracture toughness of the neck, 0 = off [Pa m^1/2]
  // dashpots of the elastic stiffnesses 2 E* a and 8 G* a per sqrt(a m*):
  // gamma = damp * sqrt(a m*), damp = 2 sqrt(5/6) beta sqrt(2 E*) resp. sqrt(8 G*) [sqrt(N/m^2)]
  double damp_n = 0.0, damp_t = 0.0;
};

struct WallMaterial {
  double youngs_modulus = 210e9;  // [Pa] (steel die and punch)
  double poisson_ratio = 0.3;     // [-]
  double friction = -1.0;         // [-]; < 0: use the particle's friction
};

class PairTable {
 public:
  PairTable() = default;
  // law_override: "" (default rule: thornton_ning if either material has a finite yield
  // pressure, else hertz), "hertz" or "thornton_ning" (pairs of elastic materials stay hertz).
  PairTable(const MaterialSet& m, const WallMaterial& wall, const std::string& law_override,
            bool viscous_damping);
  int materials() const { return n_; }
  const PairParams& operator()(int mi, int mj) const { return p_[mi * (n_ + 1) + mj]; }
  const PairParams& wall(int mi) const { return p_[mi * (n_ + 1) + n_]; }
  PairParams& at(int mi, int mj) { return p_[mi * (n_ + 1) + mj]; }
  // The kernel that serves every pair of the materials in `present` (a material_bit mask) as
  // the table is now; walls excluded. (A material set also holds the library's materials that
  // no particle uses.)
  KernelLaws pair_kernel(std::uint64_t present) const;
  // Material m's bit in a mask of present materials; materials from 63 on share the last bit.
  static std::uint64_t material_bit(int m) { return std::uint64_t{1} << std::min(m, 63); }

 private:
  int n_ = 0;
  std::vector<PairParams> p_;
};

}  // namespace electrodem::dem
