#include "electrodem/network/connectivity.hpp"

#include <algorithm>
#include <numbers>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/pending/disjoint_sets.hpp>

namespace electrodem::network {

namespace {

using EdgeProp = boost::property<boost::edge_index_t, std::size_t>;
// vecS edge storage: no removal needed, and far fewer allocations than listS.
using UGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                     boost::no_property, EdgeProp, boost::no_property, boost::vecS>;

// Connected components of the conducting links (union-find, Boost's
// disjoint_sets with union by rank and path compression: no graph to build);
// non-members get -1.
int label_clusters(const ContactGraph& g, const PhaseNetwork& net, std::vector<int>& cluster) {
  const std::size_t n = g.size();
  std::vector<int> rank(n, 0), parent(n);
  boost::disjoint_sets<int*, int*> sets(rank.data(), parent.data());
  for (std::size_t v = 0; v < n; ++v) sets.make_set(static_cast<int>(v));
  for (std::size_t e = 0; e < g.edges.size(); ++e)
    if (net.edge_g[e] > 0) sets.union_set(g.edges[e].i, g.edges[e].j);
  // Relabel so that only conducting particles own cluster ids (0..k-1).
  std::vector<int> relabel(n, -1);
  int next = 0;
  cluster.assign(n, -1);
  for (std::size_t v = 0; v < n; ++v) {
    if (!(net.node_sigma[v] > 0)) continue;
    int& id = relabel[static_cast<std::size_t>(sets.find_set(static_cast<int>(v)))];
    if (id < 0) id = next++;
    cluster[v] = id;
  }
  return next;
}

// Marks the nodes of the spanning clusters that lie on a simple path between
// the walls: with super-nodes B, T joined by an extra edge B-T, those are the
// nodes of the biconnected component containing B-T.
std::vector<char> backbone_of(const ContactGraph& g, const PhaseNetwork& net,
                              const std::vector<int>& spanning, std::size_t n) {
  std::vector<int> local(n, -1);
  for (std::size_t k = 0; k < spanning.size(); ++k)
    local[static_cast<std::size_t>(spanning[k])] = static_cast<int>(k);
  const auto ns = spanning.size();
  const auto b = static_cast<int>(ns), t = static_cast<int>(ns + 1);
  UGraph graph(ns + 2);
  std::size_t m = 0;
  boost::add_edge(b, t, EdgeProp(m++), graph);  // edge index 0 = B-T
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    if (!(net.edge_g[e] > 0)) continue;
    const int li = local[static_cast<std::size_t>(g.edges[e].i)];
    const int lj = local[static_cast<std::size_t>(g.edges[e].j)];
    if (li >= 0 && lj >= 0) boost::add_edge(li, lj, EdgeProp(m++), graph);
  }
  auto wall = [&](const std::vector<TerminalContact>& side, const std::vector<double>& gw, int s) {
    for (std::size_t k = 0; k < side.size(); ++k) {
      const int l = local[static_cast<std::size_t>(side[k].node)];
      if (gw[k] > 0 && l >= 0) boost::add_edge(s, l, EdgeProp(m++), graph);
    }
  };
  wall(g.bottom, net.bottom_g, b);
  wall(g.top, net.top_g, t);

  std::vector<std::size_t> comp(m);
  auto comp_map =
      boost::make_iterator_property_map(comp.begin(), boost::get(boost::edge_index, graph));
  boost::biconnected_components(graph, comp_map);
  const std::size_t bt = comp[0];
  std::vector<char> on_path(ns, 0);
  for (auto [it, end] = boost::edges(graph); it != end; ++it) {
    if (comp[boost::get(boost::edge_index, graph, *it)] != bt) continue;
    for (auto v : {boost::source(*it, graph), boost::target(*it, graph)})
      if (v < ns) on_path[v] = 1;
  }
  return on_path;
}

}  // namespace

double PhaseConnectivity::percolating_fraction() const {
  return member_volume > 0 ? spanning_volume / member_volume : 0.0;
}

bool PhaseConnectivity::reaches_bottom(int node) const {
  const NodeState s = state[static_cast<std::size_t>(node)];
  return s == NodeState::bottom_only || s == NodeState::dead_end || s == NodeState::backbone;
}

bool PhaseConnectivity::reaches_top(int node) const {
  const NodeState s = state[static_cast<std::size_t>(node)];
  return s == NodeState::top_only || s == NodeState::dead_end || s == NodeState::backbone;
}

PhaseConnectivity analyse_connectivity(const ContactGraph& g, const PhaseNetwork& net,
                                       const std::vector<double>& volume) {
  const std::size_t n = g.size();
  PhaseConnectivity c;
  c.phase = net.phase;
  c.clusters = label_clusters(g, net, c.cluster);

  std::vector<char> at_bottom(static_cast<std::size_t>(c.clusters), 0);
  std::vector<char> at_top(static_cast<std::size_t>(c.clusters), 0);
  auto mark = [&](const std::vector<TerminalContact>& side, const std::vector<double>& gw,
                  std::vector<char>& flag) {
    for (std::size_t k = 0; k < side.size(); ++k) {
      const int id = c.cluster[static_cast<std::size_t>(side[k].node)];
      if (gw[k] > 0 && id >= 0) flag[static_cast<std::size_t>(id)] = 1;
    }
  };
  mark(g.bottom, net.bottom_g, at_bottom);
  mark(g.top, net.top_g, at_top);
  for (int id = 0; id < c.clusters; ++id)
    if (at_bottom[static_cast<std::size_t>(id)] && at_top[static_cast<std::size_t>(id)])
      ++c.spanning_clusters;

  c.state.assign(n, NodeState::none);
  for (std::size_t v = 0; v < n; ++v) {
    const int id = c.cluster[v];
    if (id < 0) continue;
    const bool b = at_bottom[static_cast<std::size_t>(id)],
               t = at_top[static_cast<std::size_t>(id)];
    ++c.members;
    c.member_volume += volume[v];
    if (b && t) {
      c.spanning.push_back(static_cast<int>(v));
      c.spanning_volume += volume[v];
      c.state[v] = NodeState::dead_end;  // refined below
    } else {
      c.state[v] = b ? NodeState::bottom_only : t ? NodeState::top_only : NodeState::isolated;
      (b ? c.bottom_only : t ? c.top_only : c.isolated) += 1;
    }
  }
  if (!c.spanning.empty()) {
    const std::vector<char> on_path = backbone_of(g, net, c.spanning, n);
    for (std::size_t k = 0; k < c.spanning.size(); ++k) {
      const auto v = static_cast<std::size_t>(c.spanning[k]);
      if (on_path[k]) {
        c.state[v] = NodeState::backbone;
        ++c.backbone;
        c.backbone_volume += volume[v];
      } else {
        ++c.dead_end;
      }
    }
  }
  return c;
}

Utilisation compute_utilisation(const ContactGraph& g, const dem::MaterialSet& materials,
                                const PhaseConnectivity& electronic, const PhaseConnectivity& ionic,
                                const std::vector<double>& volume, bool separator_is_electrolyte) {
  const std::size_t n = g.size();
  auto role = [&](int v) {
    return materials[static_cast<std::size_t>(g.material[static_cast<std::size_t>(v)])].role;
  };
  auto am_wired = [&](int v) {
    return role(v) == dem::Role::active && electronic.reaches_bottom(v);
  };
  auto se_live = [&](int v) { return role(v) == dem::Role::electrolyte && ionic.reaches_top(v); };

  Utilisation u;
  u.utilisable.assign(n, 0);
  for (const Edge& e : g.edges) {
    const bool ij = am_wired(e.i) && se_live(e.j), ji = am_wired(e.j) && se_live(e.i);
    if (!ij && !ji) continue;
    u.utilisable[static_cast<std::size_t>(ij ? e.i : e.j)] = 1;
    u.active_area += std::numbers::pi * e.contact_radius * e.contact_radius;
  }
  if (separator_is_electrolyte)
    for (const TerminalContact& t : g.top) {
      if (!am_wired(t.node)) continue;
      u.utilisable[static_cast<std::size_t>(t.node)] = 1;
      u.active_area += std::numbers::pi * t.contact_radius * t.contact_radius;
    }
  for (std::size_t v = 0; v < n; ++v) {
    if (role(static_cast<int>(v)) != dem::Role::active) continue;
    ++u.am_count;
    u.am_volume += volume[v];
    if (u.utilisable[v]) {
      ++u.utilisable_count;
      u.utilisable_volume += volume[v];
    }
  }
  const double electrode_volume = g.area * g.thickness;
  u.active_area_per_volume = electrode_volume > 0 ? u.active_area / electrode_volume : 0.0;
  return u;
}

}  // namespace electrodem::network
