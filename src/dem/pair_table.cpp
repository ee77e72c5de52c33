#include "electrodem/dem/pair_table.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "electrodem/core/error.hpp"
#include "electrodem/dem/contact/adhesion.hpp"
#include "electrodem/dem/contact/viscous_damping.hpp"

namespace electrodem::dem {

std::string to_string(NormalLaw law) {
  return law == NormalLaw::hertz ? "hertz" : "thornton_ning";
}

NormalLaw normal_law_from_string(const std::string& s) {
  if (s == "hertz") return NormalLaw::hertz;
  if (s == "thornton_ning") return NormalLaw::thornton_ning;
  throw std::invalid_argument("unknown normal law '" + s + "' (hertz, thornton_ning)");
}

namespace {

struct Elastic {
  double e, nu, py, mu, mur, rest, gamma, weld, weld_shear, weld_toughness;
};

PairParams mix(const Elastic& a, const Elastic& b, const std::string& law_override, bool damping,
               bool wall) {
  PairParams p;
  p.e_eff = 1.0 / ((1 - a.nu * a.nu) / a.e + (1 - b.nu * b.nu) / b.e);
  const double ga = a.e / (2 * (1 + a.nu)), gb = b.e / (2 * (1 + b.nu));
  p.g_eff = 1.0 / ((2 - a.nu) / ga + (2 - b.nu) / gb);
  p.yield_pressure = std::min(a.py, b.py);
  const bool finite = p.yield_pressure < std::numeric_limits<double>::infinity();
  if (law_override.empty() || law_override == "auto")
    p.law = finite ? NormalLaw::thornton_ning : NormalLaw::hertz;
  else
    p.law = normal_law_from_string(law_override);
  // Thornton–Ning with p_y -> infinity is Hertz: pairs of elastic materials stay Hertz under an
  // override (a material set may hold library materials no particle uses)
  if (!finite) p.law = NormalLaw::hertz;
  p.friction = wall && b.mu >= 0 ? b.mu : (wall ? a.mu : 0.5 * (a.mu + b.mu));
  p.rolling = wall ? a.mur : 0.5 * (a.mur + b.mur);
  p.restitution = wall ? a.rest : 0.5 * (a.rest + b.rest);
  p.beta = damping ? damping_beta_for_restitution(p.restitution) : 0.0;
  p.damp_n = dashpot_coefficient(p.beta, 2.0 * p.e_eff, 1.0);
  p.damp_t = dashpot_coefficient(p.beta, 8.0 * p.g_eff, 1.0);
  // no adhesion to the (lubricated) die and punch, so a released pellet does not stick to them
  p.adhesion = wall ? 0.0 : work_of_adhesion(a.gamma, b.gamma);
  // cold welds need plastic flow (Thornton–Ning) and form between particles only (the die is
  // lubricated); the weaker of the two materials sets the neck strength
  const bool weldable = !wall && p.law == NormalLaw::thornton_ning;
  p.weld_strength = weldable ? std::min(a.weld, b.weld) : 0.0;
  p.weld_shear_strength = weldable ? std::min(a.weld_shear, b.weld_shear) : 0.0;
  p.weld_toughness = weldable ? std::min(a.weld_toughness, b.weld_toughness) : 0.0;
  p.weld = p.weld_strength > 0.0 || p.weld_toughness > 0.0;
  return p;
}

// The two neck-strength forms (contact/weld.hpp) are not comparable, so a pair cannot take the
// smaller of a stress and a toughness: such a material set is an input error.
void check_weld_forms(const MaterialSet& m) {
  for (const auto& a : m.materials)
    for (const auto& b : m.materials)
      if (a.weld_strength > 0.0 && b.weld_toughness > 0.0)
        throw InputError("materials." + b.name + ".weld_toughness",
                         std::to_string(b.weld_toughness) + " Pa m^0.5",
                         "the neck strength form of materials." + a.name +
                             " (weld_strength): all welding materials use weld_strength or all "
                             "weld_toughness");
}

}  // namespace

PairTable::PairTable(const MaterialSet& m, const WallMaterial& wall,
                     const std::string& law_override, bool viscous_damping)
    : n_(static_cast<int>(m.size())), p_(static_cast<std::size_t>((n_ + 1) * (n_ + 1))) {
  std::vector<Elastic> el;
  for (const auto& mat : m.materials) {
    if (!(mat.youngs_modulus > 0) || !(mat.density > 0))
      throw std::invalid_argument("material '" + mat.name +
                                  "' needs a positive youngs_modulus and density");
    el.push_back({mat.youngs_modulus, mat.poisson_ratio, mat.yield_pressure, mat.friction,
                  mat.rolling_friction, mat.restitution, mat.surface_energy, mat.weld_strength,
                  mat.weld_shear_strength, mat.weld_toughness});
  }
  check_weld_forms(m);
  const Elastic w{wall.youngs_modulus,
                  wall.poisson_ratio,
                  std::numeric_limits<double>::infinity(),
                  wall.friction,
                  0.0,
                  1.0,
                  0.0,
                  0.0,
                  0.0,
                  0.0};
  for (int a = 0; a < n_; ++a) {
    for (int b = 0; b < n_; ++b) at(a, b) = mix(el[a], el[b], law_override, viscous_damping, false);
    at(a, n_) = mix(el[a], w, law_override, viscous_damping, true);
  }
}

// (called every step: no allocation)
KernelLaws PairTable::pair_kernel(std::uint64_t present) const {
  const auto used = [&](int m) { return (present & material_bit(m)) != 0; };
  int first = 0;
  while (first < n_ && !used(first)) ++first;
  if (first == n_) return KernelLaws::any;
  const NormalLaw law = (*this)(first, first).law;
  for (int a = first; a < n_; ++a)
    for (int b = first; b < n_; ++b) {
      if (!used(a) || !used(b)) continue;
      const PairParams& pp = (*this)(a, b);
      if (pp.law != law || pp.weld || pp.adhesion > 0.0 || pp.rolling > 0.0) return KernelLaws::any;
    }
  return law == NormalLaw::hertz ? KernelLaws::hertz : KernelLaws::thornton_ning;
}

}  // namespace electrodem::dem
