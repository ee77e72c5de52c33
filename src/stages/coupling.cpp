// Mechano-electrochemical coupling (DESIGN.md §3.4, docs/coupling.md).
//
// Swelling: V(x)/V_ref = 1 + eps_v(x)  =>  r(x) = r_ref (1 + eps_v(x))^(1/3), eps_v from
// SwellingParams (linear coefficient or table per material), x the particle's mean lithiation.
// The pressed electrode is at the initial lithiation x0, so r_ref = r(x0) / (1 + eps_v(x0))^(1/3).
// Relaxation: dem::relax with a servo punch at the stack pressure (constant_pressure) or a fixed
// punch (constant_thickness) until the unbalanced-force ratio is below tolerance; contact history
// (Thornton–Ning max overlap, Mindlin springs) stays in the System, so shrink/swell is hysteretic.
// Stress feedback: Love–Weber particle stress -> hydrostatic sigma_h -> ElectrochemSystem, which
// shifts U by Omega sigma_h / F (Larché–Cahn; see docs/electrochemistry.md).
#include "coupling.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/constants.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/dem/stress.hpp"
#include "electrodem/network/extract_graph.hpp"

namespace electrodem::stages {

CouplingParams parse_coupling(ConfigNode cycle) {
  CouplingParams p;
  p.threshold = cycle.number("coupling_threshold", p.threshold, Range::open(0.0, 0.5));
  ConfigNode r = cycle.child("relax");
  p.servo = dem::parse_servo(r, p.servo);
  p.local_damping = r.number("local_damping", p.local_damping, Range::closed(0.0, 0.99));
  p.affine_prestrain = r.boolean("affine_prestrain", p.affine_prestrain);
  return p;
}

ContactMetrics contact_metrics(const network::ContactGraph& g, const dem::MaterialSet& materials) {
  ContactMetrics m;
  auto role = [&](int i) { return materials[static_cast<std::size_t>(g.material[i])].role; };
  for (const auto& e : g.edges) {
    const dem::Role a = role(e.i), b = role(e.j);
    const bool am_se = (a == dem::Role::active && b == dem::Role::electrolyte) ||
                       (a == dem::Role::electrolyte && b == dem::Role::active);
    if (!am_se || !(e.contact_radius > 0.0)) continue;
    ++m.am_se_contacts;
    m.am_se_area += constants::pi * e.contact_radius * e.contact_radius;
  }
  return m;
}

Coupling::Coupling(dem::System& system, const dem::MaterialSet& materials,
                   CouplingSettings settings, const std::vector<double>& x0, Logger& log)
    : s_(system), materials_(materials), settings_(std::move(settings)), log_(log) {
  if (materials_.size() != s_.materials.size())
    throw InputError("materials", std::to_string(materials_.size()) + " materials",
                     "the " + std::to_string(s_.materials.size()) + " materials of the DEM system");
  const std::size_t n = s_.p.size();
  if (x0.size() != n)
    throw NumericalError("coupling: " + std::to_string(x0.size()) + " lithiations for " +
                         std::to_string(n) + " particles");
  r_ref_.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = materials_[static_cast<std::size_t>(s_.p.material[i])];
    if (m.role != dem::Role::active || std::isnan(x0[i])) continue;
    const double eps = m.swelling.strain(x0[i]);
    if (!(eps > -1.0))
      throw InputError("materials." + m.name + ".swelling", std::to_string(eps),
                       "a volumetric strain > -1 at the initial lithiation");
    r_ref_[i] = s_.p.solid_radius[i] / std::cbrt(1.0 + eps);
  }
  r_last_ = s_.p.solid_radius;
  h0_ = s_.thickness();
  for (const double r : s_.p.solid_radius) solid_volume_ += r * r * r;  // x 4/3 pi cancels
}

double Coupling::target_radius(std::size_t i, double x) const {
  if (!(r_ref_[i] > 0.0) || std::isnan(x)) return s_.p.solid_radius[i];
  const auto& m = materials_[static_cast<std::size_t>(s_.p.material[i])];
  return r_ref_[i] * std::cbrt(1.0 + m.swelling.strain(x));
}

double Coupling::set_radii(const std::vector<double>& radius) {
  double change = 0.0;
  for (std::size_t i = 0; i < radius.size(); ++i) {
    if (radius[i] == s_.p.solid_radius[i]) continue;
    change = std::max(change, std::fabs(radius[i] / r_last_[i] - 1.0));
    const double r0 = s_.p.solid_radius[i];
    const double dv = radius[i] * radius[i] * radius[i] - r0 * r0 * r0;
    pending_volume_strain_ += dv / solid_volume_;
    solid_volume_ += dv;
    s_.set_solid_radius(i, radius[i]);
  }
  return change;
}

void Coupling::relax() {
  dem::RelaxParams prm;
  prm.mode =
      settings_.mechanics == "constant_thickness" ? "constant_thickness" : "constant_pressure";
  prm.pressure = settings_.stack_pressure;
  prm.servo = settings_.params.servo;
  s_.update_time_step();
  // Quasi-static start: the electrochemical step between two relaxations lasts seconds to hours,
  // far longer than any elastic transient (~1e-8 s), so whatever kinetic energy the last
  // relaxation left is gone by now. Starting at rest also keeps rattlers (particles the
  // shrinkage freed) from drifting through the whole relaxation.
  for (auto* v : {&s_.p.vx, &s_.p.vy, &s_.p.vz, &s_.p.wx, &s_.p.wy, &s_.p.wz})
    std::fill(v->begin(), v->end(), 0.0);
  s_.punch.v = 0.0;
  struct DampingScope {  // restores the System's damping even if relax throws
    dem::System& s;
    double alpha0;
    ~DampingScope() { s.params.local_damping = alpha0; }
  } scope{s_, s_.params.local_damping};
  s_.params.local_damping = settings_.params.local_damping;
  // Relaxations are frequent and short: no per-relaxation progress lines or samples.
  dem::Observers obs;
  obs.progress_interval = 1e30;
  Logger quiet(true);  // relax warns itself; the coupling reports non-convergence below
  const auto t0 = std::chrono::steady_clock::now();
  // Affine start at constant pressure (CouplingParams::affine_prestrain): e = beta dV_s / V_s.
  const double h_start = s_.thickness(), dv = pending_volume_strain_;
  const bool prestrain =
      settings_.params.affine_prestrain && prm.mode == "constant_pressure" && std::fabs(dv) > 1e-9;
  if (prestrain) {
    const double f = 1.0 + beta_ * dv;
    for (double& z : s_.p.z) z *= f;
    s_.punch.z *= f;
    s_.invalidate_neighbours();
  }
  const auto out = dem::relax(s_, prm, quiet, obs);
  if (prestrain) {
    const double e = (s_.thickness() - h_start) / h_start;
    beta_ = std::clamp(e / dv, 0.0, 1.0);
  }
  pending_volume_strain_ = 0.0;
  relax_wall_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& [k, v] : out) {
    if (k == "steps [-]") relax_steps_ += static_cast<long long>(v);
    if (k == "converged [-]" && v < 0.5)
      log_.warn("[cycle] DEM relaxation " + std::to_string(relaxations_ + 1) +
                " not converged (stress " + fmt(s_.punch_stress() / 1e6) + " MPa)");
  }
  ++relaxations_;
  r_last_ = s_.p.solid_radius;
}

std::vector<double> Coupling::hydrostatic_stress() const {
  return dem::particle_stress(s_).hydrostatic;
}

std::optional<network::ContactGraph> Coupling::update(solvers::ElectrochemSystem& e, bool force) {
  if (!active()) return std::nullopt;
  const std::vector<double> x = e.mean_lithiation();
  target_.resize(x.size());
  double change = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    target_[i] = target_radius(i, x[i]);
    change = std::max(change, std::fabs(target_[i] / r_last_[i] - 1.0));
  }
  if (!force && !(change > settings_.params.threshold)) return std::nullopt;
  set_radii(target_);
  relax();
  if (settings_.stress_feedback) e.set_hydrostatic_stress(hydrostatic_stress());
  return network::extract_graph(s_);
}

}  // namespace electrodem::stages
