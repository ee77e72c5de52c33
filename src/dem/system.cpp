#include "electrodem/dem/system.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "electrodem/core/constants.hpp"
#include "electrodem/core/error.hpp"

namespace electrodem::dem {

using constants::pi;

namespace {
// Grows a vector with 1/8 headroom instead of the library's doubling: contact lists grow by
// small steps during compaction, and doubling would leave up to half the memory unused.
template <class T>
void grow(std::vector<T>& v, std::size_t n) {
  if (v.capacity() < n) v.reserve(n + n / 8);
  v.resize(n);
}
}  // namespace

void ContactList::resize(std::size_t n) {
  for (auto* v : {&i, &j}) grow(*v, n);
  for (auto* v : {&xi_x, &xi_y, &xi_z, &delta_max}) grow(*v, n);
  if (rolling)
    for (auto* v : {&mr_x, &mr_y, &mr_z}) grow(*v, n);
  grow(plastic, n);
  grow(bond, n);
}

void ContactResults::resize(std::size_t n) {
  for (auto* v : {&overlap, &fn, &a, &f_x, &f_y, &f_z}) grow(*v, n);
}

void ContactList::set_rolling(bool on) {
  rolling = on;
  for (auto* v : {&mr_x, &mr_y, &mr_z}) {
    if (on) {
      v->assign(size(), 0.0);
    } else {
      v->clear();
      v->shrink_to_fit();
    }
  }
}

// Rolling springs exist only while some material pair (or wall) has rolling resistance: the
// kernel never reads them otherwise, so results do not depend on whether they are stored.
void System::sync_rolling() {
  bool on = false;
  const int nm = table.materials();
  for (int a = 0; a < nm; ++a)
    for (int b = 0; b <= nm; ++b) on = on || table(a, b).rolling > 0.0;
  if (pairs.rolling != on) {
    sync_cross_history();  // `pairs` current first (partition.cpp)
    pairs.set_rolling(on);
    part_threads_ = 0;  // and it is copied afresh
  }
  if (walls.rolling != on) walls.set_rolling(on);
  if (walls_spare_.rolling != on) walls_spare_.set_rolling(on);
}

System::System(const Packing& packing, MaterialSet mats, DemParams prm)
    : materials(std::move(mats)), params(std::move(prm)) {
  const std::size_t n = packing.size();
  if (packing.position.size() != n || packing.material.size() != n)
    throw std::invalid_argument("packing arrays have different lengths");
  if (!(packing.footprint[0] > 0 && packing.footprint[1] > 0 && packing.height > 0))
    throw std::invalid_argument("packing box must have positive size");
  if (!(params.density_scaling > 0)) throw std::invalid_argument("density_scaling must be > 0");
  table = PairTable(materials, params.wall, params.normal_law, params.viscous_damping);
  sync_rolling();
  box.lx = packing.footprint[0];
  box.ly = packing.footprint[1];
  box.lateral = params.lateral;
  punch.z = packing.height;
  for (auto* v : {&p.x,    &p.y,       &p.z,          &p.vx,     &p.vy,           &p.vz,
                  &p.wx,   &p.wy,      &p.wz,         &p.fx,     &p.fy,           &p.fz,
                  &p.tx,   &p.ty,      &p.tz,         &p.radius, &p.solid_radius, &p.ref_radius,
                  &p.mass, &p.inertia, &p.lens_volume})
    v->assign(n, 0.0);
  p.material.assign(n, 0);
  p.id.resize(n);
  double dsum = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const int m = packing.material[k];
    if (m < 0 || m >= static_cast<int>(materials.size()))
      throw std::invalid_argument("packing particle " + std::to_string(k) +
                                  " refers to material index " + std::to_string(m));
    if (!(packing.radius[k] > 0))
      throw std::invalid_argument("packing particle " + std::to_string(k) + " has radius <= 0");
    p.x[k] = packing.position[k].x();
    p.y[k] = packing.position[k].y();
    p.z[k] = packing.position[k].z();
    p.radius[k] = p.solid_radius[k] = p.ref_radius[k] = packing.radius[k];
    p.material[k] = m;
    p.id[k] = static_cast<int>(k);
    dsum += 2.0 * packing.radius[k];
  }
  for (std::size_t k = 0; k < n; ++k) set_solid_radius(k, p.solid_radius[k]);
  mean_diameter_ = n ? dsum / static_cast<double>(n) : 0.0;
  skin_ = params.skin * mean_diameter_;
  update_time_step();
}

void System::set_solid_radius(std::size_t i, double r) {
  if (!(r > 0))
    throw NumericalError("particle " + std::to_string(i) + ": radius " + std::to_string(r) +
                         " m is not positive");
  const double old = p.solid_radius[i];
  p.radius[i] = old > 0 ? p.radius[i] * (r / old) : r;
  p.solid_radius[i] = r;
  const double rho = materials[p.material[i]].density * params.density_scaling;
  p.mass[i] = rho * 4.0 / 3.0 * pi * r * r * r;
  p.inertia[i] = 0.4 * p.mass[i] * r * r;
  forces_valid_ = false;
}

void System::set_lateral(Lateral lateral) {
  box.lateral = lateral;
  params.lateral = lateral;
  need_rebuild_ = true;
  forces_valid_ = false;
}

// Rayleigh wave time T_R = pi r sqrt(rho/G) / (0.1631 nu + 0.8766) (Li et al. 2005; LIGGGHTS).
double System::rayleigh_time() const {
  double t = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto& m = materials[p.material[i]];
    const double rho = m.density * params.density_scaling;
    const double tr = pi * p.solid_radius[i] * std::sqrt(rho / m.shear_modulus()) /
                      (0.1631 * m.poisson_ratio + 0.8766);
    t = std::min(t, tr);
  }
  return t;
}

void System::update_time_step() {
  if (p.size() == 0) {
    dt_ = 0.0;
    return;
  }
  dt_ = params.time_step_safety * rayleigh_time();
}

// Cap volume pi h^2 (3r - h)/3 summed per particle in accumulate(); lens volumes are counted once
// per particle side, so the sum is the volume the sphere loses to its neighbours and walls.
double System::solid_volume() const {
  double v = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double r = p.radius[i];
    v += 4.0 / 3.0 * pi * r * r * r - p.lens_volume[i];
  }
  return v;
}

namespace {
template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
std::size_t bytes(const ContactList& c) {
  std::size_t b = bytes(c.i) + bytes(c.j) + bytes(c.plastic) + bytes(c.bond);
  for (const auto* v : {&c.xi_x, &c.xi_y, &c.xi_z, &c.mr_x, &c.mr_y, &c.mr_z, &c.delta_max})
    b += bytes(*v);
  return b;
}
std::size_t bytes(const WallContacts& c) {
  std::size_t b = bytes(static_cast<const ContactList&>(c));
  for (const auto* v : {&c.overlap, &c.fn, &c.a, &c.f_x, &c.f_y, &c.f_z}) b += bytes(*v);
  return b;
}
}  // namespace

std::size_t System::memory_bytes() const {
  std::size_t b = bytes(pairs) + bytes(walls) + bytes(walls_spare_);
  for (const auto* v : {&p.x,
                        &p.y,
                        &p.z,
                        &p.vx,
                        &p.vy,
                        &p.vz,
                        &p.wx,
                        &p.wy,
                        &p.wz,
                        &p.fx,
                        &p.fy,
                        &p.fz,
                        &p.tx,
                        &p.ty,
                        &p.tz,
                        &p.radius,
                        &p.solid_radius,
                        &p.ref_radius,
                        &p.mass,
                        &p.inertia,
                        &p.lens_volume,
                        &x0_,
                        &y0_,
                        &z0_,
                        &r0_})
    b += bytes(*v);
  for (const auto* v :
       {&p.material, &p.id, &wall_start_, &row_start_, &edge_slot_, &cross_part_, &cross_active_,
        &cell_start_, &cell_list_, &cell_of_, &count_, &bucket_slot_})
    b += bytes(*v);
  b += bytes(side_) + bytes(active_) + bytes(acc_) + bytes(geo_) + bytes(dyn_) + bytes(cell_geo_) +
       bytes(keys_) + bytes(match_);
  b += bytes(wall_torque_) + bytes(edge_) + bytes(halo_src_) + bytes(halo_part_) + bytes(cross_) +
       bytes(cross_history_) + bytes(cross_done_) + bytes(halo_done_) + bytes(wall_loads_) +
       forces_.memory_bytes() + drift_.memory_bytes();
  for (const auto& t : thread_keys_) b += bytes(t);
  return b;
}

}  // namespace electrodem::dem
