#include "electrodem/dem/statistics.hpp"

#include <algorithm>
#include <cmath>

#include "electrodem/core/constants.hpp"
#include "electrodem/dem/contact/weld.hpp"

namespace electrodem::dem {

double kinetic_energy(const System& s) {
  const Particles& p = s.p;
  double e = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i)
    e += 0.5 * p.mass[i] * (p.vx[i] * p.vx[i] + p.vy[i] * p.vy[i] + p.vz[i] * p.vz[i]) +
         0.5 * p.inertia[i] * (p.wx[i] * p.wx[i] + p.wy[i] * p.wy[i] + p.wz[i] * p.wz[i]);
  return e;
}

double unbalanced_force_ratio(const System& s, const ContactResults& r) {
  const Particles& p = s.p;
  double fnet = 0.0, fc = 0.0;
  long long nc = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    fnet += std::sqrt(p.fx[i] * p.fx[i] + p.fy[i] * p.fy[i] + p.fz[i] * p.fz[i]);
  for (const ContactResults* c : {&r, static_cast<const ContactResults*>(&s.walls)})
    for (const double fn : c->fn)
      if (fn > 0.0) {
        fc += fn;
        ++nc;
      }
  if (nc == 0 || fc <= 0.0) return p.size() ? 1.0 : 0.0;  // no contact network: not balanced
  return (fnet / static_cast<double>(p.size())) / (fc / static_cast<double>(nc));
}

long long contact_count(const ContactResults& r) {
  long long n = 0;
  for (const double a : r.a) n += a > 0.0;
  return n;
}

double coordination_number(const System& s, const ContactResults& r) {
  return s.p.size() ? 2.0 * static_cast<double>(contact_count(r)) / static_cast<double>(s.p.size())
                    : 0.0;
}

double growth_capped_fraction(const System& s) {
  const std::size_t n = s.p.size();
  std::size_t capped = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (s.p.radius[i] >= 0.99 * kGrowthCap * s.p.solid_radius[i]) ++capped;
  return n ? static_cast<double>(capped) / static_cast<double>(n) : 0.0;
}

double plastic_contact_fraction(const System& s, const ContactResults& r) {
  long long n = 0, pl = 0;
  const auto count = [&n, &pl](const std::vector<double>& a,
                               const std::vector<std::uint8_t>& plastic) {
    for (std::size_t k = 0; k < a.size(); ++k)
      if (a[k] > 0.0) {
        ++n;
        pl += plastic[k] != 0;
      }
  };
  count(r.a, s.pairs.plastic);
  count(s.walls.a, s.walls.plastic);
  return n ? static_cast<double>(pl) / static_cast<double>(n) : 0.0;
}

double mean_density(const System& s) {
  double m = 0.0, v = 0.0;
  for (std::size_t i = 0; i < s.p.size(); ++i) {
    const double r = s.p.solid_radius[i];
    m += s.p.mass[i];
    v += 4.0 / 3.0 * constants::pi * r * r * r;
  }
  return v > 0 ? m / v : 0.0;
}

double inertia_number(const System& s) {
  const double p = std::max(s.punch_stress(), s.bottom_stress());
  if (!(p > 0.0) || s.thickness() <= 0.0) return 0.0;
  const double rate = std::fabs(s.punch.v) / s.thickness();
  return rate * s.mean_diameter() * std::sqrt(mean_density(s) / p);
}

double affine_axial_modulus(const System& s, const ContactResults& r) {
  const int nm = s.table.materials();
  double m = 0.0;
  for (std::size_t c = 0; c < s.pairs.size(); ++c) {
    if (!(r.a[c] > 0.0)) continue;
    const int i = s.pairs.i[c], j = s.pairs.j[c];
    const V3 b = s.separation(i, j);
    const double b2 = b.x * b.x + b.y * b.y + b.z * b.z;
    const double k = 2.0 * s.table(s.p.material[i], s.p.material[j]).e_eff * r.a[c];
    m += k * b.z * b.z * b.z * b.z / b2;
  }
  for (std::size_t c = 0; c < s.walls.size(); ++c) {
    if (!(s.walls.a[c] > 0.0)) continue;
    const int i = s.walls.i[c];
    const double g = s.walls.j[c] == WallId::top      ? s.thickness() - s.p.z[i]
                     : s.walls.j[c] == WallId::bottom ? s.p.z[i]
                                                      : 0.0;  // lateral die walls: no z stiffness
    m += 2.0 * s.table(s.p.material[i], nm).e_eff * s.walls.a[c] * g * g;
  }
  return s.volume() > 0.0 ? m / s.volume() : 0.0;
}

NamedValues coordination_by_pair(const System& s, const ContactResults& r) {
  const std::size_t nm = s.materials.size();
  std::vector<double> count(nm * nm, 0.0), members(nm, 0.0);
  for (std::size_t i = 0; i < s.p.size(); ++i) members[s.p.material[i]] += 1.0;
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    if (!(r.a[k] > 0.0)) continue;
    const int a = s.p.material[s.pairs.i[k]], b = s.p.material[s.pairs.j[k]];
    count[a * nm + b] += 1.0;
    count[b * nm + a] += 1.0;
  }
  NamedValues out;  // materials without particles are left out
  for (std::size_t a = 0; a < nm; ++a)
    for (std::size_t b = 0; b < nm; ++b)
      if (members[a] > 0 && members[b] > 0)
        out.emplace_back("coordination " + s.materials[a].name + "-" + s.materials[b].name + " [-]",
                         members[a] > 0 ? count[a * nm + b] / members[a] : 0.0);
  return out;
}

NamedValues contact_counts(const System& s, const ContactResults& r) {
  const std::size_t nm = s.materials.size();
  std::vector<double> count(nm * nm, 0.0), members(nm, 0.0);
  for (std::size_t i = 0; i < s.p.size(); ++i) members[s.p.material[i]] += 1.0;
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    if (!(r.a[k] > 0.0)) continue;
    const std::size_t a = s.p.material[s.pairs.i[k]], b = s.p.material[s.pairs.j[k]];
    count[std::min(a, b) * nm + std::max(a, b)] += 1.0;
  }
  NamedValues out;
  for (std::size_t a = 0; a < nm; ++a)
    for (std::size_t b = a; b < nm; ++b)
      if (members[a] > 0 && members[b] > 0)
        out.emplace_back("contacts " + s.materials[a].name + "-" + s.materials[b].name + " [-]",
                         count[a * nm + b]);
  return out;
}

namespace {
// Materials with particles.
std::vector<double> members(const System& s) {
  std::vector<double> m(s.materials.size(), 0.0);
  for (std::size_t i = 0; i < s.p.size(); ++i) m[s.p.material[i]] += 1.0;
  return m;
}
}  // namespace

bool welding_enabled(const System& s) {
  const auto m = members(s);
  for (std::size_t a = 0; a < m.size(); ++a)
    for (std::size_t b = a; b < m.size(); ++b)
      if (m[a] > 0 && m[b] > 0 && s.table(static_cast<int>(a), static_cast<int>(b)).weld)
        return true;
  return false;
}

NamedValues weld_counts(const System& s) {
  const std::size_t nm = s.materials.size();
  const auto m = members(s);
  std::vector<double> welded(nm * nm, 0.0), broken(nm * nm, 0.0);
  for (std::size_t k = 0; k < s.pairs.size(); ++k) {
    const std::size_t a = s.p.material[s.pairs.i[k]], b = s.p.material[s.pairs.j[k]];
    const std::size_t ab = std::min(a, b) * nm + std::max(a, b);
    welded[ab] += s.pairs.bond[k] == WeldState::welded;
    broken[ab] += s.pairs.bond[k] == WeldState::weld_broken;
  }
  NamedValues out;
  for (std::size_t a = 0; a < nm; ++a)
    for (std::size_t b = a; b < nm; ++b)
      if (m[a] > 0 && m[b] > 0 && s.table(static_cast<int>(a), static_cast<int>(b)).weld) {
        const std::string ab = s.materials[a].name + "-" + s.materials[b].name;
        out.emplace_back("welded contacts " + ab + " [-]", welded[a * nm + b]);
        out.emplace_back("broken welds " + ab + " [-]", broken[a * nm + b]);
      }
  return out;
}

NamedValues sample(const System& s) {
  const ContactResults r = s.pair_results();
  NamedValues out{{"time [s]", s.time()},
                  {"punch stress [Pa]", s.punch_stress()},
                  {"thickness [m]", s.thickness()},
                  {"relative density [-]", s.relative_density()},
                  {"coordination number [-]", coordination_number(s, r)}};
  for (auto& kv : coordination_by_pair(s, r)) out.push_back(std::move(kv));
  out.emplace_back("kinetic energy [J]", kinetic_energy(s));
  out.emplace_back("unbalanced force ratio [-]", unbalanced_force_ratio(s, r));
  out.emplace_back("inertia number [-]", inertia_number(s));
  out.emplace_back("plastic contact fraction [-]", plastic_contact_fraction(s, r));
  if (welding_enabled(s)) {
    double n = 0.0;
    for (const std::uint8_t b : s.pairs.bond) n += b == WeldState::welded;
    out.emplace_back("welded contacts [-]", n);
  }
  return out;
}

}  // namespace electrodem::dem
