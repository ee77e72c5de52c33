// The transport stage's computation: both phases' networks, connectivity,
// conduction, effective properties, utilisable AM, and the named outputs.
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "electrodem/core/config_node.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/solvers/conduction.hpp"

namespace electrodem::solvers {

using network::Phase;

TransportParams parse_transport(ConfigNode node) {
  TransportParams p;
  p.linear.method = node.choice("solver", {"cg", "cholmod"}, "cg") == "cholmod"
                        ? LinearMethod::cholmod
                        : LinearMethod::cg;
  const std::string pre =
      node.choice("preconditioner", {"amg", "incomplete_cholesky", "diagonal"}, "amg");
  p.linear.preconditioner = pre == "diagonal"              ? Preconditioner::diagonal
                            : pre == "incomplete_cholesky" ? Preconditioner::incomplete_cholesky
                                                           : Preconditioner::amg;
  p.linear.tolerance = node.number("tolerance", 1e-10, Range::open(0.0, 1.0));
  p.linear.max_iterations = node.integer("max_iterations", 0, Range::non_negative());
  p.phase.model =
      node.choice("contact_model", {"holm_flux_tube", "holm"}, "holm_flux_tube") == "holm"
          ? network::ContactModel::holm
          : network::ContactModel::holm_flux_tube;
  p.phase.cross_conduction = node.boolean("cross_conduction", false);
  p.applied_voltage = node.quantity("applied_voltage", units::dim::voltage, 1.0, Range::positive());
  p.separator_is_electrolyte = node.boolean("separator_is_electrolyte", true);
  return p;
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

PhaseTransport transport_phase(const network::ContactGraph& g, const dem::MaterialSet& materials,
                               const std::vector<double>& volume, Phase phase,
                               const TransportParams& params) {
  PhaseTransport t;
  t.network = network::build_phase_network(g, materials, phase, params.phase);
  t.connectivity = network::analyse_connectivity(g, t.network, volume);
  t.conduction =
      solve_conduction(g, t.network, t.connectivity, params.applied_voltage, params.linear);
  double sv = 0.0;
  for (std::size_t v = 0; v < g.size(); ++v) sv += t.network.node_sigma[v] * volume[v];
  const double vm = t.connectivity.member_volume;
  t.volume_fraction = vm / (g.area * g.thickness);
  t.bulk_conductivity = vm > 0 ? sv / vm : 0.0;
  const double se = t.conduction.conductivity, sb = t.bulk_conductivity, eps = t.volume_fraction;
  // tau = eps sigma_bulk / sigma_eff; sigma_eff = sigma_bulk eps^n (one-point fit).
  t.tortuosity = se > 0 ? eps * sb / se : std::numeric_limits<double>::infinity();
  t.bruggeman_exponent =
      (se > 0 && sb > 0 && eps > 0 && eps < 1) ? std::log(se / sb) / std::log(eps) : nan;
  return t;
}

void add_phase_summary(std::vector<std::pair<std::string, double>>& out, const std::string& p,
                       const PhaseTransport& t) {
  const auto& c = t.connectivity;
  const auto& s = t.conduction;
  const double imbalance =
      s.current_in != 0 ? std::abs(s.current_in - s.current_out) / std::abs(s.current_in) : 0.0;
  out.insert(
      out.end(),
      {
          {p + " tortuosity factor [-]", t.tortuosity},
          {p + " Bruggeman exponent [-]", t.bruggeman_exponent},
          {p + " bulk conductivity [S/m]", t.bulk_conductivity},
          {p + " phase volume fraction [-]", t.volume_fraction},
          {p + " percolating fraction [-]", c.percolating_fraction()},
          {p + " backbone fraction [-]",
           c.member_volume > 0 ? c.backbone_volume / c.member_volume : 0.0},
          {p + " conducting particles [-]", static_cast<double>(c.members)},
          {p + " isolated particles [-]", static_cast<double>(c.isolated)},
          {p + " single-wall particles [-]", static_cast<double>(c.bottom_only + c.top_only)},
          {p + " dead-end particles [-]", static_cast<double>(c.dead_end)},
          {p + " clusters [-]", static_cast<double>(c.clusters)},
          {p + " current [A]", 0.5 * (s.current_in + s.current_out)},
          {p + " current imbalance [-]", imbalance},
          {p + " current leak [-]", s.current_leak},
          {p + " solver iterations [-]", static_cast<double>(s.solver.iterations)},
          {p + " solver relative residual [-]", s.solver.relative_residual},
          {p + " solver time [s]", s.solver.seconds},
      });
}

std::vector<double> as_double(const std::vector<network::NodeState>& v) {
  std::vector<double> out(v.size());
  for (std::size_t k = 0; k < v.size(); ++k) out[k] = static_cast<int>(v[k]);
  return out;
}

template <class T>
std::vector<double> as_double(const std::vector<T>& v) {
  return {v.begin(), v.end()};
}

void log_phase(Logger& log, const std::string& p, const PhaseTransport& t, double tolerance) {
  const auto& c = t.connectivity;
  log.info("[transport] " + p + ": sigma_eff " + fmt(t.conduction.conductivity) + " S/m (bulk " +
           fmt(t.bulk_conductivity) + ", eps " + fmt(t.volume_fraction) + ", tau " +
           fmt(t.tortuosity) + "), percolating " + fmt(c.percolating_fraction()) + ", " +
           std::to_string(c.isolated) + " isolated, " + std::to_string(c.dead_end) + " dead-end; " +
           std::to_string(t.conduction.unknowns) + " unknowns, " + t.conduction.solver.method +
           " " + std::to_string(t.conduction.solver.iterations) + " it, residual " +
           fmt(t.conduction.solver.relative_residual));
  if (t.conduction.current_leak > tolerance)
    log.warn("[transport] " + p + ": current leak " + fmt(t.conduction.current_leak) +
             " exceeds the tolerance " + fmt(tolerance) + " (ill-conditioned network?)");
  if (!c.percolates())
    log.warn("[transport] the " + p + " phase does not connect the two walls: sigma_eff = 0");
}

}  // namespace

TransportResult run_transport(const network::ContactGraph& g, const dem::MaterialSet& materials,
                              const TransportParams& params, Logger& log) {
  TransportResult r;
  const std::vector<double> volume = network::particle_solid_volume(g);
  r.ionic = transport_phase(g, materials, volume, Phase::ionic, params);
  r.electronic = transport_phase(g, materials, volume, Phase::electronic, params);
  r.utilisation =
      network::compute_utilisation(g, materials, r.electronic.connectivity, r.ionic.connectivity,
                                   volume, params.separator_is_electrolyte);
  const auto& u = r.utilisation;

  r.summary = {
      {"ionic conductivity [S/m]", r.ionic.conduction.conductivity},
      {"electronic conductivity [S/m]", r.electronic.conduction.conductivity},
      {"utilisable AM fraction [-]", u.fraction()},
      {"active AM|SE area per volume [1/m]", u.active_area_per_volume},
      {"active AM|SE area [m^2]", u.active_area},
      {"utilisable AM particles [-]", static_cast<double>(u.utilisable_count)},
      {"AM particles [-]", static_cast<double>(u.am_count)},
      {"particles [-]", static_cast<double>(g.size())},
      {"contacts [-]", static_cast<double>(g.edges.size())},
  };
  add_phase_summary(r.summary, "ionic", r.ionic);
  add_phase_summary(r.summary, "electronic", r.electronic);

  for (const auto* t : {&r.ionic, &r.electronic}) {
    const std::string p = network::to_string(t->network.phase);
    r.particle_fields.push_back({p + " potential [V]", t->conduction.potential});
    r.particle_fields.push_back({p + " current [A]", t->conduction.node_current});
    r.particle_fields.push_back({p + " state [-]", as_double(t->connectivity.state)});
    r.particle_fields.push_back({p + " cluster [-]", as_double(t->connectivity.cluster)});
    r.contact_fields.push_back({p + " conductance [S]", t->network.edge_g});
    r.contact_fields.push_back({p + " current [A]", t->conduction.edge_current});
  }
  r.particle_fields.push_back({"utilisable AM [-]", as_double(u.utilisable)});

  log_phase(log, "ionic", r.ionic, params.linear.tolerance);
  log_phase(log, "electronic", r.electronic, params.linear.tolerance);
  log.info("[transport] utilisable AM fraction " + fmt(u.fraction()) + " (" +
           std::to_string(u.utilisable_count) + " of " + std::to_string(u.am_count) +
           "), active AM|SE area per volume " + fmt(u.active_area_per_volume) + " 1/m");
  return r;
}

}  // namespace electrodem::solvers
