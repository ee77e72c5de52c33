#include "electrodem/network/phase_network.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "electrodem/core/error.hpp"

namespace electrodem::network {

std::string to_string(Phase p) {
  return p == Phase::ionic ? "ionic" : "electronic";
}

double phase_conductivity(const dem::Material& m, Phase p, const PhaseOptions& opt) {
  if (opt.cross_conduction)
    return p == Phase::ionic ? m.ionic_conductivity : m.electronic_conductivity;
  // Default carriers (DESIGN.md §3.2): SE carries ions, AM and additive electrons.
  if (p == Phase::ionic) return m.role == dem::Role::electrolyte ? m.ionic_conductivity : 0.0;
  return m.role == dem::Role::electrolyte ? 0.0 : m.electronic_conductivity;
}

namespace {

void check_graph(const ContactGraph& g, const dem::MaterialSet& materials) {
  const std::size_t n = g.size();
  if (g.position.size() != n || g.material.size() != n)
    throw InputError("network", std::to_string(n) + " radii",
                     "as many positions and material indices as radii");
  for (std::size_t k = 0; k < n; ++k) {
    const int m = g.material[k];
    if (m < 0 || static_cast<std::size_t>(m) >= materials.size())
      throw InputError("network.material." + std::to_string(k), std::to_string(m),
                       "a material index below " + std::to_string(materials.size()));
    if (!(g.radius[k] > 0) || !std::isfinite(g.radius[k]))
      throw NumericalError("contact network: particle " + std::to_string(k) + " has radius " +
                           std::to_string(g.radius[k]));
  }
  auto check_node = [&](int i, const char* what) {
    if (i < 0 || static_cast<std::size_t>(i) >= n)
      throw NumericalError(std::string("contact network: ") + what + " refers to particle " +
                           std::to_string(i) + " of " + std::to_string(n));
  };
  for (const Edge& e : g.edges) {
    check_node(e.i, "a contact");
    check_node(e.j, "a contact");
    if (!std::isfinite(e.contact_radius))
      throw NumericalError("contact network: non-finite contact radius between particles " +
                           std::to_string(e.i) + " and " + std::to_string(e.j));
  }
  for (const auto* side : {&g.bottom, &g.top})
    for (const TerminalContact& t : *side) check_node(t.node, "a wall contact");
}

}  // namespace

PhaseNetwork build_phase_network(const ContactGraph& g, const dem::MaterialSet& materials,
                                 Phase phase, const PhaseOptions& opt) {
  check_graph(g, materials);
  std::vector<double> sigma_of_material(materials.size());
  for (std::size_t m = 0; m < materials.size(); ++m)
    sigma_of_material[m] = std::max(0.0, phase_conductivity(materials[m], phase, opt));

  PhaseNetwork net;
  net.phase = phase;
  const std::size_t n = g.size();
  net.node_sigma.resize(n);
  for (std::size_t k = 0; k < n; ++k)
    net.node_sigma[k] = sigma_of_material[static_cast<std::size_t>(g.material[k])];

  // Contacts per particle: the flux-tube share of each contact (conductance.hpp).
  const std::vector<int> z = contact_counts(g);
  net.edge_g.resize(g.edges.size());
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    const Edge& c = g.edges[e];
    const auto i = static_cast<std::size_t>(c.i), j = static_cast<std::size_t>(c.j);
    net.edge_g[e] = link_conductance(net.node_sigma[i], g.radius[i], z[i], net.node_sigma[j],
                                     g.radius[j], z[j], c.contact_radius, opt.model);
  }
  auto terminals = [&](const std::vector<TerminalContact>& side) {
    std::vector<double> out(side.size());
    for (std::size_t t = 0; t < side.size(); ++t) {
      const auto k = static_cast<std::size_t>(side[t].node);
      out[t] = terminal_conductance(net.node_sigma[k], g.radius[k], z[k], side[t].contact_radius,
                                    opt.model);
    }
    return out;
  };
  net.bottom_g = terminals(g.bottom);
  net.top_g = terminals(g.top);
  return net;
}

namespace {
// Volume of a spherical cap of height h on a sphere of radius r.
double cap_volume(double r, double h) {
  h = std::clamp(h, 0.0, 2.0 * r);
  return std::numbers::pi * h * h * (3.0 * r - h) / 3.0;
}
}  // namespace

std::vector<double> particle_solid_volume(const ContactGraph& g) {
  const std::size_t n = g.size();
  std::vector<double> v(n), full(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double r = g.radius[k];
    full[k] = 4.0 / 3.0 * std::numbers::pi * r * r * r;
    v[k] = full[k];
  }
  // The DEM's own accounting includes overlaps that carry no load (a = 0,
  // e.g. plastically flattened contacts after springback), which are not edges.
  if (g.solid_volume.size() == n) {
    for (std::size_t k = 0; k < n; ++k) v[k] = std::clamp(g.solid_volume[k], 0.0, full[k]);
    return v;
  }
  for (const Edge& e : g.edges) {
    const auto i = static_cast<std::size_t>(e.i), j = static_cast<std::size_t>(e.j);
    const double ri = g.radius[i], rj = g.radius[j], d = e.distance;
    if (!(d > 0) || d >= ri + rj) continue;
    // The lens of two intersecting spheres is split by the radical plane,
    // at distance (d^2 + ri^2 - rj^2) / (2d) from centre i.
    const double di = (d * d + ri * ri - rj * rj) / (2.0 * d);
    v[i] -= cap_volume(ri, ri - di);
    v[j] -= cap_volume(rj, rj - (d - di));
  }
  for (const auto* side : {&g.bottom, &g.top})
    for (const TerminalContact& t : *side) {
      const auto k = static_cast<std::size_t>(t.node);
      const double r = g.radius[k], a = std::min(t.contact_radius, r);
      v[k] -= cap_volume(r, r - std::sqrt(r * r - a * a));
    }
  for (std::size_t k = 0; k < n; ++k) v[k] = std::clamp(v[k], 0.0, full[k]);
  return v;
}

}  // namespace electrodem::network
