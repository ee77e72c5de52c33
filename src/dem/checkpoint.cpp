// Binary checkpoint: native-endian doubles/ints, length-prefixed vectors and strings, a magic
// header and a version. Every field of the state is written, so a restart is bitwise exact.
#include "electrodem/dem/checkpoint.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "electrodem/core/error.hpp"

namespace electrodem::dem {

namespace {

constexpr char kMagic[8] = {'E', 'D', 'E', 'M', 'C', 'K', 'P', '1'};
// 2: contact_period_safety; 3: no per-contact torques, cold welds; 4: weld toughness
constexpr std::uint32_t kVersion = 5;
constexpr std::uint32_t kOldestVersion = 2;

struct Writer {
  std::ostream& os;
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    os.write(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    if (!v.empty()) os.write(reinterpret_cast<const char*>(v.data()), sizeof(T) * v.size());
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    os.write(s.data(), static_cast<std::streamsize>(s.size()));
  }
  void table(const Table1D& t) {
    vec(t.x);
    vec(t.y);
  }
};

struct Reader {
  std::istream& is;
  void check() {
    if (!is)
      throw InputError("checkpoint", "truncated file", "a complete electrodem DEM checkpoint");
  }
  template <class T>
  void pod(T& v) {
    is.read(reinterpret_cast<char*>(&v), sizeof(T));
    check();
  }
  template <class T>
  void vec(std::vector<T>& v) {
    std::uint64_t n = 0;
    pod(n);
    if (n > (1ull << 40))
      throw InputError("checkpoint", "vector of " + std::to_string(n), "a sane length");
    v.resize(n);
    if (n) is.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(sizeof(T) * n));
    check();
  }
  void str(std::string& s) {
    std::uint64_t n = 0;
    pod(n);
    if (n > (1u << 20))
      throw InputError("checkpoint", "string of " + std::to_string(n), "a sane length");
    s.resize(n);
    is.read(s.data(), static_cast<std::streamsize>(n));
    check();
  }
  void table(Table1D& t) {
    vec(t.x);
    vec(t.y);
  }
};

// One function for both directions keeps the field lists identical; `version` is the file's
// (the writer always writes kVersion).
template <class IO, class M>
void material_io(IO& io, M& m, std::uint32_t version) {
  io.str(m.name);
  io.str(m.base);
  io.pod(m.role);
  for (auto* v : {&m.density, &m.youngs_modulus, &m.poisson_ratio, &m.yield_pressure, &m.friction,
                  &m.rolling_friction, &m.restitution, &m.ionic_conductivity,
                  &m.electronic_conductivity, &m.surface_energy})
    io.pod(*v);
  auto& e = m.echem;
  for (auto* v :
       {&e.max_concentration, &e.diffusivity, &e.rate_constant, &e.charge_transfer_coefficient,
        &e.initial_lithiation, &e.min_lithiation, &e.max_lithiation, &e.partial_molar_volume})
    io.pod(*v);
  io.table(e.diffusivity_vs_x);
  io.table(e.ocv);
  io.pod(m.swelling.coefficient);
  io.pod(m.swelling.reference_lithiation);
  io.table(m.swelling.table);
  if (version >= 3) {
    io.pod(m.weld_strength);
    io.pod(m.weld_shear_strength);
  }
  if (version >= 4) io.pod(m.weld_toughness);  // older files: 0, the stress form
}

template <class IO, class P>
void params_io(IO& io, P& p) {
  for (auto* v : {&p.time_step_safety, &p.contact_period_safety, &p.skin, &p.local_damping,
                  &p.density_scaling, &p.volume_relaxation, &p.max_elastic_overlap, &p.gravity,
                  &p.wall.youngs_modulus, &p.wall.poisson_ratio, &p.wall.friction})
    io.pod(*v);
  io.pod(p.viscous_damping);
  io.pod(p.conserve_volume);
  io.pod(p.lateral);
  io.str(p.normal_law);
}

// Rolling springs are empty vectors when no pair has rolling resistance. Wall contacts also
// store the results of their last evaluation (the punch load); pairs did up to version 4 (six
// vectors after delta_max) and version 2 stored per-contact torques (six vectors after f_z):
// both are read and dropped, they are outputs, not state.
template <class IO, class C>
void contacts_io(IO& io, C& c, std::uint32_t version = kVersion) {
  constexpr bool walls = std::is_same_v<std::remove_const_t<C>, WallContacts>;
  io.vec(c.i);
  io.vec(c.j);
  for (auto* v : {&c.xi_x, &c.xi_y, &c.xi_z, &c.mr_x, &c.mr_y, &c.mr_z, &c.delta_max}) io.vec(*v);
  if constexpr (walls) {
    for (auto* v : {&c.overlap, &c.fn, &c.a, &c.f_x, &c.f_y, &c.f_z}) io.vec(*v);
  } else if constexpr (!std::is_const_v<C>) {
    std::vector<double> results;
    if (version < 5)
      for (int k = 0; k < 6; ++k) io.vec(results);
  }
  if constexpr (!std::is_const_v<C>) {
    if (version < 3) {
      std::vector<double> torque;
      for (int k = 0; k < 6; ++k) io.vec(torque);
    }
    c.rolling = !c.mr_x.empty();
  }
  io.vec(c.plastic);
  if (version >= 3)
    io.vec(c.bond);
  else if constexpr (!std::is_const_v<C>)
    c.bond.assign(c.i.size(), 0);  // nothing welded before version 3
}

template <class IO, class Pt>
void particles_io(IO& io, Pt& p) {
  for (auto* v : {&p.x,    &p.y,       &p.z,          &p.vx,     &p.vy,           &p.vz,
                  &p.wx,   &p.wy,      &p.wz,         &p.fx,     &p.fy,           &p.fz,
                  &p.tx,   &p.ty,      &p.tz,         &p.radius, &p.solid_radius, &p.ref_radius,
                  &p.mass, &p.inertia, &p.lens_volume})
    io.vec(*v);
  io.vec(p.material);
  io.vec(p.id);
}

// The loaded arrays must be consistent before anything indexes with them: equal lengths, particle
// and material indices in range, and contact lists sorted by (i, j) with i < j for pairs (the
// neighbour search writes them so, and the thread partition relies on it: partition.cpp).
void check_lengths(const std::string& what, std::size_t size, std::size_t expected) {
  if (size != expected)
    throw InputError("checkpoint", what + " has " + std::to_string(size) + " entries",
                     std::to_string(expected) + " (a consistent DEM state)");
}

template <class C>
void check_contacts(const std::string& what, const C& c, std::size_t n, int j_max) {
  const std::size_t m = c.i.size();
  check_lengths(what + ".j", c.j.size(), m);
  for (const auto* v : {&c.xi_x, &c.xi_y, &c.xi_z, &c.delta_max})
    check_lengths(what + " history", v->size(), m);
  for (const auto* v : {&c.mr_x, &c.mr_y, &c.mr_z})
    check_lengths(what + " rolling history", v->size(), c.rolling ? m : 0);
  check_lengths(what + ".plastic", c.plastic.size(), m);
  check_lengths(what + ".bond", c.bond.size(), m);
  for (std::size_t k = 0; k < m; ++k) {
    const int i = c.i[k], j = c.j[k];
    const bool pair = j_max < 0;
    const bool ok = i >= 0 && static_cast<std::size_t>(i) < n &&
                    (pair ? j > i && static_cast<std::size_t>(j) < n : j >= 0 && j <= j_max) &&
                    (k == 0 || c.i[k - 1] < i || (c.i[k - 1] == i && c.j[k - 1] < j));
    if (!ok)
      throw InputError("checkpoint",
                       what + " contact " + std::to_string(k) + " (" + std::to_string(i) + ", " +
                           std::to_string(j) + ")",
                       pair ? "particle pairs i < j below " + std::to_string(n) + ", sorted"
                            : "particle below " + std::to_string(n) + " and wall 0-" +
                                  std::to_string(j_max) + ", sorted");
  }
}

// reference: the neighbour list's reference positions and radii (empty before the first build)
void check_state(const System& s, std::initializer_list<const std::vector<double>*> reference) {
  const std::size_t n = s.p.x.size();
  for (const auto* v :
       {&s.p.y,       &s.p.z,          &s.p.vx,     &s.p.vy,           &s.p.vz,         &s.p.wx,
        &s.p.wy,      &s.p.wz,         &s.p.fx,     &s.p.fy,           &s.p.fz,         &s.p.tx,
        &s.p.ty,      &s.p.tz,         &s.p.radius, &s.p.solid_radius, &s.p.ref_radius, &s.p.mass,
        &s.p.inertia, &s.p.lens_volume})
    check_lengths("particle array", v->size(), n);
  check_lengths("particle materials", s.p.material.size(), n);
  check_lengths("particle ids", s.p.id.size(), n);
  for (std::size_t i = 0; i < n; ++i)
    if (s.p.material[i] < 0 || static_cast<std::size_t>(s.p.material[i]) >= s.materials.size())
      throw InputError(
          "checkpoint",
          "particle " + std::to_string(i) + " material " + std::to_string(s.p.material[i]),
          "a material index below " + std::to_string(s.materials.size()));
  const std::size_t nref = (*reference.begin())->empty() ? 0 : n;
  for (const auto* v : reference) check_lengths("neighbour-list reference state", v->size(), nref);
  check_contacts("pairs", s.pairs, n, -1);
  check_contacts("walls", s.walls, n, WallId::y_hi);
}

}  // namespace

struct SystemAccess {
  template <class IO, class S>
  static void state_io(IO& io, S& s, std::uint32_t version = kVersion) {
    particles_io(io, s.p);
    contacts_io(io, s.pairs, version);
    contacts_io(io, s.walls, version);
    io.pod(s.box);
    io.pod(s.punch);
    io.pod(s.time_);
    io.pod(s.step_);
    io.pod(s.dt_);
    io.pod(s.skin_);
    io.pod(s.mean_diameter_);
    io.pod(s.bottom_force_);
    io.pod(s.need_rebuild_);
    io.pod(s.forces_valid_);
    io.pod(s.rebuilds_);
    io.vec(s.x0_);
    io.vec(s.y0_);
    io.vec(s.z0_);
    io.vec(s.r0_);
    io.pod(s.punch_z0_);
  }

  static void save(const System& s, std::ostream& out) {
    Writer w{out};
    out.write(kMagic, sizeof kMagic);
    w.pod(kVersion);
    w.pod<std::uint64_t>(s.materials.size());
    for (const auto& m : s.materials.materials) material_io(w, m, kVersion);
    params_io(w, s.params);
    state_io(w, s, kVersion);
    if (!out) throw std::runtime_error("checkpoint: write failed");
  }

  static System load(std::istream& in) {
    char magic[8] = {};
    in.read(magic, sizeof magic);
    if (!in || std::string(magic, 8) != std::string(kMagic, 8))
      throw InputError("checkpoint", "unknown header", "an electrodem DEM checkpoint (EDEMCKP1)");
    Reader r{in};
    std::uint32_t version = 0;
    r.pod(version);
    if (version < kOldestVersion || version > kVersion)
      throw InputError("checkpoint", "DEM state version " + std::to_string(version),
                       "version " + std::to_string(kOldestVersion) + " to " +
                           std::to_string(kVersion) + " (written by another electrodem build)");
    System s;
    std::uint64_t nm = 0;
    r.pod(nm);
    s.materials.materials.resize(nm);
    for (auto& m : s.materials.materials) material_io(r, m, version);
    params_io(r, s.params);
    state_io(r, s, version);
    check_state(s, {&s.x0_, &s.y0_, &s.z0_, &s.r0_});
    s.table = PairTable(s.materials, s.params.wall, s.params.normal_law, s.params.viscous_damping);
    s.sync_rolling();
    s.rebuild_incidence();
    return s;
  }
};

void save(const System& s, std::ostream& out) {
  SystemAccess::save(s, out);
}
System load(std::istream& in) {
  return SystemAccess::load(in);
}

}  // namespace electrodem::dem
