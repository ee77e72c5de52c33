#include "electrodem/solvers/conduction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/SparseCore>

#include "electrodem/core/error.hpp"

namespace electrodem::solvers {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
using network::NodeState;
}  // namespace

// Kirchhoff's current law at every particle of the spanning clusters:
//   sum_j g_ij (V_i - V_j) + g_bi (V_i - 0) + g_ti (V_i - dV) = 0,
// a symmetric positive definite graph Laplacian (every spanning cluster
// touches a Dirichlet wall).
ConductionSolution solve_conduction(const network::ContactGraph& g,
                                    const network::PhaseNetwork& net,
                                    const network::PhaseConnectivity& conn, double voltage,
                                    const LinearOptions& opt) {
  if (!(g.area > 0) || !(g.thickness > 0))
    throw InputError("network.area/thickness",
                     std::to_string(g.area) + " m^2 / " + std::to_string(g.thickness) + " m",
                     "a positive electrode footprint area and thickness");
  const std::size_t n = g.size();
  ConductionSolution s;
  s.phase = net.phase;
  s.potential.assign(n, nan);
  s.node_current.assign(n, 0.0);
  s.edge_current.assign(g.edges.size(), 0.0);
  s.bottom_current.assign(g.bottom.size(), 0.0);
  s.top_current.assign(g.top.size(), 0.0);
  for (std::size_t v = 0; v < n; ++v) {
    if (conn.state[v] == NodeState::bottom_only) s.potential[v] = 0.0;
    if (conn.state[v] == NodeState::top_only) s.potential[v] = voltage;
  }
  if (!conn.percolates()) return s;

  // Unknowns: the particles of the spanning clusters.
  std::vector<int> index(n, -1);
  for (std::size_t k = 0; k < conn.spanning.size(); ++k)
    index[static_cast<std::size_t>(conn.spanning[k])] = static_cast<int>(k);
  const auto m = static_cast<Eigen::Index>(conn.spanning.size());
  s.unknowns = conn.spanning.size();

  std::vector<Eigen::Triplet<double>> trip;
  trip.reserve(4 * g.edges.size() / 2 + static_cast<std::size_t>(m));
  Eigen::VectorXd diag = Eigen::VectorXd::Zero(m), b = Eigen::VectorXd::Zero(m);
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    const double ge = net.edge_g[e];
    const int i = index[static_cast<std::size_t>(g.edges[e].i)];
    const int j = index[static_cast<std::size_t>(g.edges[e].j)];
    if (!(ge > 0) || i < 0 || j < 0 || i == j) continue;
    trip.emplace_back(i, j, -ge);
    trip.emplace_back(j, i, -ge);
    diag[i] += ge;
    diag[j] += ge;
  }
  for (std::size_t t = 0; t < g.bottom.size(); ++t) {
    const int i = index[static_cast<std::size_t>(g.bottom[t].node)];
    if (i >= 0) diag[i] += net.bottom_g[t];
  }
  for (std::size_t t = 0; t < g.top.size(); ++t) {
    const int i = index[static_cast<std::size_t>(g.top[t].node)];
    if (i < 0) continue;
    diag[i] += net.top_g[t];
    b[i] += net.top_g[t] * voltage;
  }
  for (Eigen::Index i = 0; i < m; ++i) trip.emplace_back(i, i, diag[i]);
  Eigen::SparseMatrix<double> a(m, m);
  a.setFromTriplets(trip.begin(), trip.end());

  // Initial guess: the linear profile between the walls, by height.
  double zlo = std::numeric_limits<double>::infinity(), zhi = -zlo;
  for (int v : conn.spanning) {
    zlo = std::min(zlo, g.position[static_cast<std::size_t>(v)].z());
    zhi = std::max(zhi, g.position[static_cast<std::size_t>(v)].z());
  }
  Eigen::VectorXd x(m);
  for (Eigen::Index k = 0; k < m; ++k) {
    const double z =
        g.position[static_cast<std::size_t>(conn.spanning[static_cast<std::size_t>(k)])].z();
    x[k] = zhi > zlo ? voltage * (z - zlo) / (zhi - zlo) : 0.5 * voltage;
  }
  // Solve for the correction to the guess, A d = b - A x0: the relative
  // residual is then measured against the currents the guess leaves
  // unbalanced (the physical current scale), not against |b|, which is
  // dominated by the stiff wall links (g_wall dV) and would let the current
  // balance drift by ~1e-8 at a 1e-10 tolerance.
  // Then, since the sum of the node residuals is exactly I_in - I_out, keep
  // iterating (tolerance / 10 per round) until the current leaked at the nodes,
  // |b - A x|_1, is below tolerance * I_in: Kirchhoff's law to the tolerance.
  const Eigen::VectorXd x0 = x, r0 = b - a * x0;
  auto leak = [&](const Eigen::VectorXd& d) {
    double in = 0.0;
    for (std::size_t t = 0; t < g.top.size(); ++t) {
      const int i = index[static_cast<std::size_t>(g.top[t].node)];
      if (i >= 0) in += net.top_g[t] * (voltage - x0[i] - d[i]);
    }
    return (r0 - a * d).lpNorm<1>() / std::abs(in);
  };
  Eigen::VectorXd d = Eigen::VectorXd::Zero(m);
  if (r0.norm() > 0)
    s.solver = solve_spd(a, r0, d, opt,
                         [&](const Eigen::VectorXd& dd) { return leak(dd) <= opt.tolerance; });
  x = x0 + d;
  s.current_leak = leak(d);
  if (!x.allFinite())
    throw NumericalError(to_string(net.phase) + " conduction: non-finite potentials");

  for (Eigen::Index k = 0; k < m; ++k)
    s.potential[static_cast<std::size_t>(conn.spanning[static_cast<std::size_t>(k)])] = x[k];
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    const auto i = static_cast<std::size_t>(g.edges[e].i),
               j = static_cast<std::size_t>(g.edges[e].j);
    if (!(net.edge_g[e] > 0) || index[i] < 0) continue;
    const double current = net.edge_g[e] * (s.potential[i] - s.potential[j]);
    s.edge_current[e] = current;
    s.node_current[i] += 0.5 * std::abs(current);
    s.node_current[j] += 0.5 * std::abs(current);
  }
  for (std::size_t t = 0; t < g.bottom.size(); ++t) {
    const auto v = static_cast<std::size_t>(g.bottom[t].node);
    if (index[v] < 0) continue;
    const double current = net.bottom_g[t] * (0.0 - s.potential[v]);  // wall -> particle
    s.bottom_current[t] = current;
    s.current_out -= current;
    s.node_current[v] += 0.5 * std::abs(current);
  }
  for (std::size_t t = 0; t < g.top.size(); ++t) {
    const auto v = static_cast<std::size_t>(g.top[t].node);
    if (index[v] < 0) continue;
    const double current = net.top_g[t] * (voltage - s.potential[v]);
    s.top_current[t] = current;
    s.current_in += current;
    s.node_current[v] += 0.5 * std::abs(current);
  }
  const double current = 0.5 * (s.current_in + s.current_out);
  s.conductivity = current * g.thickness / (g.area * voltage);
  return s;
}

}  // namespace electrodem::solvers
