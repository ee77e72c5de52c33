#include "electrodem/solvers/electrochem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "electrodem/core/constants.hpp"
#include "electrodem/core/error.hpp"
#include "electrodem/network/conductance.hpp"
#include "electrodem/solvers/ocv.hpp"

namespace electrodem::solvers {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double F = constants::faraday;

bool electronic_role(const dem::Material& m) {
  return m.role != dem::Role::electrolyte && m.electronic_conductivity > 0.0;
}
bool ionic_role(const dem::Material& m) {
  return m.role == dem::Role::electrolyte && m.ionic_conductivity > 0.0;
}
bool active_role(const dem::Material& m) {
  return m.role == dem::Role::active && m.echem.max_concentration > 0.0;
}

// exp(a) continued linearly above a = 40 so a wild Newton iterate cannot
// overflow; value and derivative stay consistent.
inline void safe_exp(double a, double& v, double& dv) {
  constexpr double cap = 40.0;
  if (a > cap) {
    const double e = std::exp(cap);
    v = e * (1.0 + a - cap);
    dv = e;
  } else {
    v = dv = std::exp(a);
  }
}

// Butler-Volmer: i/i0 = exp(aa f eta) - exp(-ac f eta) and its eta-derivative.
inline void butler_volmer(double eta, double f, double alpha_a, double& b, double& db) {
  double ea, dea, ec, dec;
  safe_exp(alpha_a * f * eta, ea, dea);
  safe_exp(-(1.0 - alpha_a) * f * eta, ec, dec);
  b = ea - ec;
  db = alpha_a * f * dea + (1.0 - alpha_a) * f * dec;
}

void check_material(const dem::Material& m) {
  const auto& e = m.echem;
  const std::string where = "materials." + m.name;
  auto fail = [&](const std::string& key, double v, const std::string& what) {
    throw InputError(where + "." + key, std::to_string(v), what);
  };
  if (!(e.diffusivity > 0.0) && e.diffusivity_vs_x.x.size() < 2)
    fail("diffusivity", e.diffusivity, "a positive solid diffusivity for an active material");
  if (!(e.rate_constant > 0.0)) fail("rate_constant", e.rate_constant, "a positive rate constant");
  if (!(e.charge_transfer_coefficient > 0.0 && e.charge_transfer_coefficient < 1.0))
    fail("charge_transfer_coefficient", e.charge_transfer_coefficient, "a value in (0, 1)");
  if (!(e.max_lithiation > e.min_lithiation))
    fail("max_lithiation", e.max_lithiation, "max_lithiation > min_lithiation");
  if (const std::string why = check_table(e.ocv); !why.empty())
    throw InputError(where + ".ocv", "", why);
  if (!e.diffusivity_vs_x.empty())
    if (const std::string why = check_table(e.diffusivity_vs_x); !why.empty())
      throw InputError(where + ".diffusivity_vs_x", "", why);
}

}  // namespace

ElectrochemSystem::ElectrochemSystem(const network::ContactGraph& graph,
                                     const dem::MaterialSet& materials, EchemOptions options)
    : materials_(materials),
      options_(std::move(options)),
      mesh_(options_.shells, options_.shell_refinement) {
  f_ = F / (constants::gas_constant * options_.temperature);
  const std::size_t n = graph.size();
  const int ns = mesh_.size();
  radius_ = graph.radius;
  mat_ = graph.material;
  sites_.assign(n, 0.0);
  is_am_.assign(n, 0);
  x_off_.assign(n, -1);
  x_surf_.assign(n, nan);
  std::vector<std::uint8_t> checked(materials_.size(), 0);
  curves_.resize(materials_.size());
  for (std::size_t p = 0; p < n; ++p) {
    const dem::Material& m = materials_[static_cast<std::size_t>(mat_[p])];
    if (!active_role(m)) continue;
    if (!checked[static_cast<std::size_t>(mat_[p])]) {
      check_material(m);
      checked[static_cast<std::size_t>(mat_[p])] = 1;
      curves_[static_cast<std::size_t>(mat_[p])] = OcvCurve(m.echem.ocv);
    }
    const double vol = 4.0 / 3.0 * constants::pi * std::pow(radius_[p], 3);
    is_am_[p] = 1;
    sites_[p] = m.echem.max_concentration * vol;
    x_off_[p] = static_cast<long>(x_.size());
    x_.insert(x_.end(), static_cast<std::size_t>(ns), m.echem.initial_lithiation);
    x_surf_[p] = m.echem.initial_lithiation;
    q_theory_ += F * sites_[p] * (m.echem.max_lithiation - m.echem.min_lithiation);
    am_mass_ += m.density * vol;
  }
  diff_.resize(n);
  beta_.assign(n, 0.0);
  phi_.assign(n, nan);
  phi_sep_ = -options_.counter.potential;
  build_topology(graph);
  // Start at equilibrium: the mean OCV of the reacting AM.
  double u_sum = 0.0;
  int count = 0;
  for (std::size_t p = 0; p < n; ++p)
    if (reacting_[p]) {
      u_sum += curves_[static_cast<std::size_t>(mat_[p])].u_of_x(x_surf_[p]);
      ++count;
    }
  voltage_ = (count ? u_sum / count : 0.0) - options_.counter.potential;
  for (std::size_t p = 0; p < n; ++p)
    if (var_[p] >= 0)
      phi_[p] = ionic_role(materials_[static_cast<std::size_t>(mat_[p])]) ? phi_sep_ : voltage_;
}

void ElectrochemSystem::set_graph(const network::ContactGraph& graph) {
  if (graph.size() != radius_.size())
    throw NumericalError("electrochemistry: new contact graph has " + std::to_string(graph.size()) +
                         " particles, the state has " + std::to_string(radius_.size()));
  // Sites (c_max times the reference volume) stay: Li inventory and x are
  // conserved when a particle swells; only the diffusion length changes.
  radius_ = graph.radius;
  build_topology(graph);
  u_last_.resize(0);  // new unknowns: no trend
  has_rate_ = false;
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    if (var_[p] < 0) {
      phi_[p] = nan;
    } else if (std::isnan(phi_[p])) {
      phi_[p] = ionic_role(materials_[static_cast<std::size_t>(mat_[p])]) ? phi_sep_ : voltage_;
    }
  }
}

void ElectrochemSystem::set_hydrostatic_stress(std::vector<double> sigma_h) {
  if (!sigma_h.empty() && sigma_h.size() != radius_.size())
    throw NumericalError("electrochemistry: hydrostatic stress has " +
                         std::to_string(sigma_h.size()) + " values for " +
                         std::to_string(radius_.size()) + " particles");
  sigma_h_ = std::move(sigma_h);
}

double ElectrochemSystem::eq_shift(int p) const {
  if (!options_.stress_coupling || sigma_h_.empty()) return 0.0;
  return materials_[static_cast<std::size_t>(mat_[p])].echem.partial_molar_volume * sigma_h_[p] / F;
}

void ElectrochemSystem::build_topology(const network::ContactGraph& g) {
  const std::size_t n = g.size();
  area_ = g.area;
  auto mat = [&](std::size_t p) -> const dem::Material& {
    return materials_[static_cast<std::size_t>(mat_[p])];
  };
  // Conduction links by phase, and candidate AM|SE reaction contacts.
  std::vector<int> li, lj, ci, cj;
  std::vector<double> lg, ca;
  const std::vector<int> z = network::contact_counts(g);  // flux-tube share per contact
  for (const auto& e : g.edges) {
    if (!(e.contact_radius > 0.0)) continue;
    const auto i = static_cast<std::size_t>(e.i), j = static_cast<std::size_t>(e.j);
    const dem::Material &mi = mat(i), &mj = mat(j);
    if (electronic_role(mi) && electronic_role(mj)) {
      li.push_back(e.i), lj.push_back(e.j);
      lg.push_back(network::link_conductance(mi.electronic_conductivity, radius_[i], z[i],
                                             mj.electronic_conductivity, radius_[j], z[j],
                                             e.contact_radius));
    } else if (ionic_role(mi) && ionic_role(mj)) {
      li.push_back(e.i), lj.push_back(e.j);
      lg.push_back(network::link_conductance(mi.ionic_conductivity, radius_[i], z[i],
                                             mj.ionic_conductivity, radius_[j], z[j],
                                             e.contact_radius));
    } else if (is_am_[i] && ionic_role(mj)) {
      ci.push_back(e.i), cj.push_back(e.j), ca.push_back(e.contact_radius);
    } else if (is_am_[j] && ionic_role(mi)) {
      ci.push_back(e.j), cj.push_back(e.i), ca.push_back(e.contact_radius);
    }
  }
  // Connected components reachable from the terminals (breadth-first).
  std::vector<std::vector<int>> adj(n);
  for (std::size_t l = 0; l < li.size(); ++l)
    if (lg[l] > 0.0) adj[li[l]].push_back(lj[l]), adj[lj[l]].push_back(li[l]);
  std::vector<std::uint8_t> reach(n, 0);
  std::vector<int> queue;
  auto seed = [&](const std::vector<network::TerminalContact>& t, bool ionic) {
    for (const auto& tc : t) {
      const auto p = static_cast<std::size_t>(tc.node);
      const bool ok = ionic ? ionic_role(mat(p)) : electronic_role(mat(p));
      if (ok && tc.contact_radius > 0.0 && !reach[p]) reach[p] = 1, queue.push_back(tc.node);
    }
  };
  seed(g.bottom, false);
  seed(g.top, true);
  for (std::size_t h = 0; h < queue.size(); ++h)
    for (int m : adj[queue[h]])
      if (!reach[m]) reach[m] = 1, queue.push_back(m);

  var_.assign(n, -1);
  xs_var_.assign(n, -1);
  reacting_.assign(n, 0);
  int nv = 0;
  for (std::size_t p = 0; p < n; ++p)
    if (reach[p]) var_[p] = nv++;
  link_i_.clear(), link_j_.clear(), link_g_.clear();
  for (std::size_t l = 0; l < li.size(); ++l)
    if (lg[l] > 0.0 && reach[li[l]] && reach[lj[l]])
      link_i_.push_back(li[l]), link_j_.push_back(lj[l]), link_g_.push_back(lg[l]);
  rx_am_.clear(), rx_se_.clear(), rx_area_.clear();
  for (std::size_t c = 0; c < ci.size(); ++c)
    if (reach[ci[c]] && reach[cj[c]]) {
      rx_am_.push_back(ci[c]), rx_se_.push_back(cj[c]);
      rx_area_.push_back(constants::pi * ca[c] * ca[c]);
      reacting_[ci[c]] = 1;
    }
  for (std::size_t p = 0; p < n; ++p)
    if (reacting_[p]) xs_var_[p] = nv++;
  // Reaction contacts of each AM particle in contact order (compressed rows), built once per
  // contact network for surface_balance(), which runs at every assembly and local solve.
  rx_first_.assign(n + 1, 0);
  for (int p : rx_am_) ++rx_first_[static_cast<std::size_t>(p) + 1];
  for (std::size_t p = 0; p < n; ++p) rx_first_[p + 1] += rx_first_[p];
  rx_of_am_.resize(rx_am_.size());
  std::vector<int> next(rx_first_.begin(), rx_first_.end() - 1);
  for (std::size_t c = 0; c < rx_am_.size(); ++c)
    rx_of_am_[next[rx_am_[c]]++] = static_cast<int>(c);
  bot_node_.clear(), bot_g_.clear(), top_node_.clear(), top_g_.clear();
  for (const auto& t : g.bottom) {
    const auto p = static_cast<std::size_t>(t.node);
    if (var_[p] >= 0 && electronic_role(mat(p)) && t.contact_radius > 0.0) {
      bot_node_.push_back(t.node);
      bot_g_.push_back(network::terminal_conductance(mat(p).electronic_conductivity, radius_[p],
                                                     z[p], t.contact_radius));
    }
  }
  for (const auto& t : g.top) {
    const auto p = static_cast<std::size_t>(t.node);
    if (var_[p] >= 0 && ionic_role(mat(p)) && t.contact_radius > 0.0) {
      top_node_.push_back(t.node);
      top_g_.push_back(network::terminal_conductance(mat(p).ionic_conductivity, radius_[p], z[p],
                                                     t.contact_radius));
    }
  }
  sep_var_ = options_.counter.ideal() ? -1 : nv++;
  volt_var_ = nv++;
  n_base_ = nv;
  rx_.current.assign(rx_am_.size(), 0.0);
  rx_.d_eta.assign(rx_am_.size(), 0.0);
  rx_.d_xi.assign(rx_am_.size(), 0.0);
  last_rx_current_.assign(rx_am_.size(), 0.0);
  build_pattern();
}

void ElectrochemSystem::prepare_diffusion(double dt) {
  const int ns = mesh_.size();
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    if (!is_am_[p]) continue;
    const double* x = &x_[static_cast<std::size_t>(x_off_[p])];
    if (!reacting_[p] && std::all_of(x, x + ns, [&](double v) { return v == x[0]; })) {
      // No flux and a uniform profile: nothing can change (keeps x bit-identical).
      diff_[p].x0.assign(x, x + ns);
      diff_[p].x1.assign(static_cast<std::size_t>(ns), 0.0);
      diff_[p].surf0 = x[0];
      diff_[p].surf1 = 0.0;
      continue;
    }
    const auto& e = materials_[static_cast<std::size_t>(mat_[p])].echem;
    diffusion_step(mesh_, e, radius_[p], dt, &x_[static_cast<std::size_t>(x_off_[p])], diff_[p]);
    // q = I_p / (F sites): x_surf = surf0 + beta I_p
    beta_[p] = diff_[p].surf1 / (F * sites_[p]);
  }
}

// Sparsity pattern of the Jacobian (structurally symmetric, the same for
// current and voltage control) and the value position of every entry the
// assembly writes, so that assembly adds into fixed slots (no triplets, no
// sorting) and the Cholesky analysis is done once per contact network.
void ElectrochemSystem::build_pattern() {
  const int vv = volt_var_, sv = sep_var_;
  std::vector<Eigen::Triplet<double>> t;
  auto block = [&](std::initializer_list<int> rows, std::initializer_list<int> cols) {
    for (int r : rows)
      for (int c : cols) t.emplace_back(r, c, 0.0);
  };
  for (std::size_t l = 0; l < link_g_.size(); ++l)
    block({var_[link_i_[l]], var_[link_j_[l]]}, {var_[link_i_[l]], var_[link_j_[l]]});
  for (int p : bot_node_) block({var_[p], vv}, {var_[p], vv});
  for (int p : top_node_) {
    if (sv >= 0)
      block({var_[p], sv}, {var_[p], sv});
    else
      block({var_[p]}, {var_[p]});
  }
  for (std::size_t c = 0; c < rx_am_.size(); ++c) {
    const int a = var_[rx_am_[c]], b = var_[rx_se_[c]], x = xs_var_[rx_am_[c]];
    block({a, b, x}, {a, b, x});
  }
  for (int v = 0; v < n_base_; ++v) t.emplace_back(v, v, 0.0);  // every diagonal
  const Eigen::SparseMatrix<double> old = jac_;
  jac_.resize(n_base_, n_base_);
  jac_.setFromTriplets(t.begin(), t.end());
  jac_.makeCompressed();
  // A new network with the same pattern (only conductances and contact areas
  // moved, as after most DEM relaxations) keeps the symbolic analyses.
  const bool same =
      old.rows() == jac_.rows() && old.nonZeros() == jac_.nonZeros() &&
      std::equal(jac_.outerIndexPtr(), jac_.outerIndexPtr() + jac_.cols() + 1,
                 old.outerIndexPtr()) &&
      std::equal(jac_.innerIndexPtr(), jac_.innerIndexPtr() + jac_.nonZeros(), old.innerIndexPtr());
  pre_ = jac_;
  auto slot = [&](int r, int c) {
    const int* first = jac_.innerIndexPtr() + jac_.outerIndexPtr()[c];
    const int* last = jac_.innerIndexPtr() + jac_.outerIndexPtr()[c + 1];
    return static_cast<int>(std::lower_bound(first, last, r) - jac_.innerIndexPtr());
  };
  auto slots = [&](std::vector<int>& out, std::initializer_list<int> vars) {
    for (int r : vars)
      for (int c : vars) out.push_back(r >= 0 && c >= 0 ? slot(r, c) : -1);
  };
  link_slot_.clear(), bot_slot_.clear(), top_slot_.clear(), rx_slot_.clear();
  for (std::size_t l = 0; l < link_g_.size(); ++l)
    slots(link_slot_, {var_[link_i_[l]], var_[link_j_[l]]});
  for (int p : bot_node_) slots(bot_slot_, {var_[p], vv});
  for (int p : top_node_) slots(top_slot_, {var_[p], sv});
  for (std::size_t c = 0; c < rx_am_.size(); ++c)
    slots(rx_slot_, {var_[rx_am_[c]], var_[rx_se_[c]], xs_var_[rx_am_[c]]});
  xs_slot_.assign(radius_.size(), -1);
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (xs_var_[p] >= 0) xs_slot_[p] = slot(xs_var_[p], xs_var_[p]);
  sep_slot_ = sv >= 0 ? slot(sv, sv) : -1;
  volt_slot_ = slot(vv, vv);
  row_scale_.setOnes(n_base_);
  surf_pt_.assign(radius_.size(), OcvCurve::Point{});
  if (!same) chol_.reset(), pattern_ok_ = false;
  refactor_ = true;
}

// Surface balance of reacting AM particle p, its surface row of the residual [A]:
//   sum_c A_c i0(x_s) BV(phi_s - phi_e,c - U(x_s) - shift) - (x_s - surf0)/beta
// over its AM|SE contacts c (rx_first_/rx_of_am_), Butler-Volmer with
// i0 = F k0 c_e^(1-a) (c_max - c_s)^(1-a) c_s^a  (Doyle/Fuller/Newman 1993 form), and the
// implicit diffusion step as the affine closure x_s = surf0 + beta I_p (prepare_diffusion()).
// pt is the OCV curve point at the surface arc length xi (OcvCurve::at). The one formula for
// assemble() and solve_surfaces_locally(): with out, each contact's current is stored there
// and, with derivatives, its d/d(phi_s - phi_e) and d/dxi for the Jacobian.
double ElectrochemSystem::surface_balance(std::size_t p, const Eigen::VectorXd& u,
                                          const OcvCurve::Point& pt, ContactCurrents* out,
                                          bool derivatives) const {
  const auto& e = materials_[static_cast<std::size_t>(mat_[p])].echem;
  const double ce = options_.electrolyte_concentration;
  const double al = e.charge_transfer_coefficient;
  constexpr double eps = 1e-9;
  const double xs = pt.x;
  const double xc = std::clamp(xs, eps, 1.0 - eps);
  const double i0 = F * e.rate_constant *
                    std::pow(ce * e.max_concentration * (1.0 - xc), 1.0 - al) *
                    std::pow(e.max_concentration * xc, al);
  // d i0 / d x_s (zero where the clamp holds)
  const double di0 = (xs > eps && xs < 1.0 - eps) ? i0 * (al / xc - (1.0 - al) / (1.0 - xc)) : 0.0;
  const double phi_s = u[var_[p]], shift = eq_shift(static_cast<int>(p));
  double sum = 0.0;
  for (int j = rx_first_[p]; j < rx_first_[p + 1]; ++j) {
    const auto c = static_cast<std::size_t>(rx_of_am_[static_cast<std::size_t>(j)]);
    double bv, dbv;
    butler_volmer(phi_s - u[var_[rx_se_[c]]] - pt.u - shift, f_, al, bv, dbv);
    const double A = rx_area_[c];
    const double cur_c = A * i0 * bv;
    sum += cur_c;
    if (!out) continue;
    out->current[c] = cur_c;
    if (!derivatives) continue;
    const double k = A * i0 * dbv;
    out->d_eta[c] = k;
    out->d_xi[c] = A * (di0 * pt.dx * bv) - k * pt.du;
  }
  return sum - (xs - diff_[p].surf0) / beta_[p];
}

// Residual (currents in A, "flowing out of the node" positive), the exact
// Jacobian J and its symmetric positive definite approximation M (see
// echem_linear.hpp): M equals D J with D = diag(1, ..., -dU/dxi on surface
// rows) except for the i0(c_surf) derivative and, under voltage control, the
// voltage column, which only GMRES sees.
void ElectrochemSystem::assemble(const Eigen::VectorXd& u, Control control, double value,
                                 bool jacobian) {
  res_.setZero(n_base_);
  noise_.setZero(n_base_);
  double* J = jac_.valuePtr();
  double* M = pre_.valuePtr();
  if (jacobian) {
    std::fill(J, J + jac_.nonZeros(), 0.0);
    std::fill(M, M + pre_.nonZeros(), 0.0);
  }
  // Adds v to J and m to M at a slot.
  auto add = [&](int s, double v, double m) {
    if (jacobian) J[s] += v, M[s] += m;
  };
  const int vv = volt_var_;
  const bool cur = control == Control::current;
  const double phi_sep = sep_var_ >= 0 ? u[sep_var_] : -options_.counter.potential;
  for (std::size_t l = 0; l < link_g_.size(); ++l) {
    const int a = var_[link_i_[l]], b = var_[link_j_[l]];
    const double g = link_g_[l], i = g * (u[a] - u[b]);
    res_[a] += i, res_[b] -= i;
    const double ni = g * (std::abs(u[a]) + std::abs(u[b]));
    noise_[a] += ni, noise_[b] += ni;
    const int* s = &link_slot_[4 * l];
    add(s[0], g, g), add(s[1], -g, -g), add(s[2], -g, -g), add(s[3], g, g);
  }
  double g_bot = 0.0;
  for (std::size_t t = 0; t < bot_g_.size(); ++t) {
    const int k = var_[bot_node_[t]];
    const double g = bot_g_[t], i = g * (u[k] - u[vv]);
    res_[k] += i;
    noise_[k] += g * (std::abs(u[k]) + std::abs(u[vv]));
    noise_[vv] += g * (std::abs(u[k]) + std::abs(u[vv]));
    g_bot += g;
    const int* s = &bot_slot_[4 * t];
    add(s[0], g, g);
    add(s[1], -g, cur ? -g : 0.0);
    if (cur) {
      res_[vv] -= i;  // sum G (V - phi_k) = I_applied
      add(s[2], -g, -g), add(s[3], g, g);
    }
  }
  if (cur) {
    res_[vv] -= value;
  } else {
    const double s = g_bot > 0.0 ? g_bot : 1.0;
    res_[vv] = s * (u[vv] - value);
    add(volt_slot_, s, s);
  }
  for (std::size_t t = 0; t < top_g_.size(); ++t) {
    const int k = var_[top_node_[t]];
    const double g = top_g_[t], i = g * (u[k] - phi_sep);
    res_[k] += i;
    noise_[k] += g * (std::abs(u[k]) + std::abs(phi_sep));
    const int* s = &top_slot_[4 * t];
    add(s[0], g, g);
    if (sep_var_ >= 0) {
      noise_[sep_var_] += g * (std::abs(u[k]) + std::abs(phi_sep));
      res_[sep_var_] -= i;
      add(s[1], -g, -g), add(s[2], -g, -g), add(s[3], g, g);
    }
  }
  if (sep_var_ >= 0) {
    // Counter electrode (metal at 0 V): eta_ce = 0 - phi_sep - U_ce; anodic current
    // A i0 BV(eta_ce) flows into the separator node.
    const auto& ce = options_.counter;
    const double a_i0 = area_ * ce.exchange_current_density;
    double b, db;
    butler_volmer(-phi_sep - ce.potential, f_, ce.transfer_coefficient, b, db);
    res_[sep_var_] -= a_i0 * b;
    add(sep_slot_, a_i0 * db, a_i0 * db);
  }
  // Surface state and surface balance row of each reacting particle (surface_balance(), which
  // also gives each contact's reaction current): xi is the arc length along the OCV curve (see
  // OcvCurve); the row scale -dU/dxi makes the block symmetric.
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    const int xv = xs_var_[p];
    if (xv < 0) continue;
    surf_pt_[p] = curves_[static_cast<std::size_t>(mat_[p])].at(u[xv]);
    if (jacobian) row_scale_[xv] = std::max(-surf_pt_[p].du, 1e-3);
    res_[xv] = surface_balance(p, u, surf_pt_[p], &rx_, jacobian);
  }
  // Reaction currents of the AM|SE contacts into the potential rows, and the contact blocks of
  // the Jacobian, in contact order.
  for (std::size_t c = 0; c < rx_am_.size(); ++c) {
    const int p = rx_am_[c], q = rx_se_[c];
    const int a = var_[p], b = var_[q], xv = xs_var_[p];
    const double cur_c = rx_.current[c];
    res_[a] += cur_c, res_[b] -= cur_c;
    noise_[a] += std::abs(cur_c), noise_[b] += std::abs(cur_c), noise_[xv] += std::abs(cur_c);
    if (!jacobian) continue;
    const double k = rx_.d_eta[c];   // d I_c / d(phi_s - phi_e)
    const double d_x = rx_.d_xi[c];  // d I_c / d xi
    const double s = row_scale_[xv];
    const int* sl = &rx_slot_[9 * c];
    add(sl[0], k, k), add(sl[1], -k, -k), add(sl[2], d_x, k * s);
    add(sl[3], -k, -k), add(sl[4], k, k), add(sl[5], -d_x, -k * s);
    add(sl[6], k, k * s), add(sl[7], -k, -k * s), add(sl[8], d_x, k * s * s);
  }
  // Diffusion closure per reacting particle, I_p - (x_s(xi) - surf0)/beta = 0 (its residual is
  // in surface_balance()): round-off scale and diagonal entry.
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    const int xv = xs_var_[p];
    if (xv < 0) continue;
    const OcvCurve::Point& pt = surf_pt_[p];
    noise_[xv] += (std::abs(pt.x) + std::abs(diff_[p].surf0)) / std::abs(beta_[p]);
    const double d = -pt.dx / beta_[p];  // > 0: beta < 0 (outflow lowers x), dx/dxi > 0
    add(xs_slot_[p], d, row_scale_[xv] * d);
  }
}

// Newton direction: GMRES on the row-scaled exact system D J delta = -D res,
// right-preconditioned by the Cholesky factor of M (echem_linear.hpp). The
// factor is kept while GMRES converges quickly and renewed from the current M
// when it needs many iterations; the exact LU is the last resort.
bool ElectrochemSystem::newton_direction(Eigen::VectorXd& delta, double eta) {
  if (options_.linear_solver == EchemOptions::LinearSolver::lu) return lu_direction(delta);
  constexpr int max_its = 40, refactor_its = 20;
  const Eigen::VectorXd b = -(row_scale_.array() * res_.array()).matrix();
  auto apply_a = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) {
    out.noalias() = jac_ * in;
    out.array() *= row_scale_.array();
  };
  auto apply_p = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { chol_.solve(in, out); };
  // Inexact Newton (Dembo, Eisenstat & Steihaug 1982): the relative linear
  // tolerance eta (1e-4, tightened by newton() when the residual stagnates,
  // e.g. when round-off of large link currents dominates ||b||).
  const double tol = std::max(eta * b.norm(), 1e-3 * options_.newton_tolerance * one_c_current());
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool fresh = !chol_.ready() || refactor_;
    if (fresh) {
      if (!chol_.analyzed()) chol_.analyze(pre_), ++stats_.analyses;
      ++stats_.factorizations;
      refactor_ = false;
      if (!chol_.factorize(pre_)) break;  // not positive definite: exact LU
    }
    const GmresResult g = gmres(apply_a, apply_p, b, delta, tol, max_its);
    stats_.linear_iterations += g.iterations;
    if (g.iterations > refactor_its) refactor_ = true;
    if (g.converged) return true;
    if (fresh) {
      // A fresh factor that leaves GMRES short still gives a usable direction
      // when it reduced the residual well; the line search guards the rest.
      if (g.residual <= 1e-4 * b.norm()) return true;
      break;
    }
    refactor_ = true;  // stale factor: renew it and try once more
  }
  return lu_direction(delta);
}

bool ElectrochemSystem::lu_direction(Eigen::VectorXd& delta) {
  if (options_.linear_solver == EchemOptions::LinearSolver::gmres) ++stats_.lu_solves;
  if (!pattern_ok_) {
    lu_.analyzePattern(jac_);
    pattern_ok_ = true;
  }
  lu_.factorize(jac_);
  if (lu_.info() != Eigen::Success) return false;
  const Eigen::VectorXd rhs = -res_;  // UMFPACK solves need an lvalue right-hand side
  delta = lu_.solve(rhs);
  return delta.allFinite();
}

// Retry of a failed Newton solve by nonlinear elimination of the surface unknowns (Lanzkron,
// Rose & Wilkes, SIAM J. Sci. Comput. 17 (1996) 621): before the first iteration and at every
// line-search trial, each reacting particle's surface balance
//   sum_c A_c i0(x_s) BV(phi_s - phi_e - U(x_s) - shift) - (x_s - surf0)/beta = 0
// is solved for its arc length xi alone, the potentials of u_ held; Newton then moves the
// potentials only in effect (its xi update is overwritten), capped at 0.2 V per iteration.
// Needed when the contact network reconnects a particle whose OCV is far from the electrode
// potential (e.g. isolated in the charged state, x ~ 0.35 and U ~ 4.2 V, and reconnected by a
// DEM relaxation at the end of discharge, V ~ 2.6 V): the initial guess x_s = x_s,old then has
// |eta| ~ 1.6 V and a reaction current ~1e9 times the 1C current, from which the damped global
// Newton cycles; smaller dt does not help because beta keeps the surface term R gap/(3 D) of
// the diffusion step as dt -> 0. The scalar residual goes from -inf (xi -> -inf: x -> -inf,
// U -> +inf) to +inf (xi -> +inf), so a bracket exists; it is found by doubling and bisected.
void ElectrochemSystem::solve_surfaces_locally() {
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    const int xv = xs_var_[p];
    if (xv < 0) continue;
    const OcvCurve& curve = curves_[static_cast<std::size_t>(mat_[p])];
    // the assembled surface row (the same surface_balance() as assemble())
    auto g = [&](double xi) { return surface_balance(p, u_, curve.at(xi)); };
    const double xi0 = u_[xv], g0 = g(xi0);
    if (!std::isfinite(g0) || g0 == 0.0) continue;
    double lo = xi0, hi = xi0, h = 1e-3;
    bool found = false;
    for (int k = 0; k < 80 && !found; ++k, h *= 2.0) {
      const double t = g0 > 0.0 ? xi0 - h : xi0 + h;
      const double gt = g(t);
      if (!std::isfinite(gt)) break;
      if ((gt > 0.0) != (g0 > 0.0)) {
        (g0 > 0.0 ? lo : hi) = t;
        found = true;
      } else {
        (g0 > 0.0 ? hi : lo) = t;  // still on the same side: move that end of the bracket
      }
    }
    if (!found) continue;
    for (int k = 0; k < 200 && hi - lo > 1e-15 * (1.0 + std::abs(lo)); ++k) {
      const double mid = 0.5 * (lo + hi);
      (g(mid) > 0.0 ? hi : lo) = mid;
    }
    u_[xv] = 0.5 * (lo + hi);
  }
}

bool ElectrochemSystem::newton(Control control, double value, double dt, StepResult& r,
                               bool local_start) {
  const int n = n_base_;
  u_.resize(n);
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    if (var_[p] >= 0) u_[var_[p]] = phi_[p];
    if (xs_var_[p] >= 0)
      u_[xs_var_[p]] = curves_[static_cast<std::size_t>(mat_[p])].xi_of_x(x_surf_[p]);
  }
  if (sep_var_ >= 0) u_[sep_var_] = phi_sep_;
  u_[volt_var_] = control == Control::voltage ? value : voltage_;
  const double i_scale = control == Control::current ? std::abs(value) : 0.0;
  const double tol = options_.newton_tolerance * std::max(one_c_current(), i_scale);
  // Merit for the line search: the residual above its round-off floor.
  auto merit = [&]() {
    return (res_.array().abs() - 1e-13 * noise_.array()).max(0.0).matrix().norm();
  };
  // Predictor: continue the trend of the last accepted step under the same
  // control (saves a Newton iteration or two on smooth CC/CV sections); kept
  // only if it starts closer to the solution than the last state.
  if (local_start) {
    solve_surfaces_locally();
  } else if (has_rate_ && control == rate_control_ && value == rate_value_) {
    assemble(u_, control, value, false);
    const double r_plain = merit();
    const Eigen::VectorXd u_plain = u_;
    u_ += dt * u_rate_;
    assemble(u_, control, value, false);
    if (!(res_.allFinite() && merit() < r_plain)) u_ = u_plain;
  }
  Eigen::VectorXd delta;
  double eta = 1e-4, last_merit = std::numeric_limits<double>::infinity();
  for (int it = 0; it < options_.max_newton_iterations; ++it) {
    assemble(u_, control, value, true);
    ++stats_.newton_iterations;
    r.iterations = it + 1;
    if (!res_.allFinite()) return false;
    const double m = merit();
    if (m > 0.1 * last_merit) eta = std::max(1e-3 * eta, 1e-12);  // stagnating: solve tighter
    last_merit = m;
    // Converged when every balance holds to the tolerance or to the round-off
    // of its largest terms (a link current g*(phi_a - phi_b) is only known to
    // ~eps*g*|phi|, which can exceed a tiny reaction tolerance).
    if (((res_.array().abs() - 1e-13 * noise_.array()).maxCoeff()) <= tol) return true;
    if (!newton_direction(delta, eta)) return false;
    if (!delta.allFinite()) return false;
    // Damping: at most 0.2 V on a potential and 0.05 on a surface arc length per iteration.
    double dphi = 0.0, dx = 0.0;
    for (std::size_t p = 0; p < radius_.size(); ++p) {
      if (var_[p] >= 0) dphi = std::max(dphi, std::abs(delta[var_[p]]));
      if (xs_var_[p] >= 0) dx = std::max(dx, std::abs(delta[xs_var_[p]]));
    }
    if (sep_var_ >= 0) dphi = std::max(dphi, std::abs(delta[sep_var_]));
    dphi = std::max(dphi, std::abs(delta[volt_var_]));
    // (Retry from local surface solves: the surfaces are eliminated, re-solved after each
    // update, so only the potentials are capped.)
    double scale = std::min(
        {1.0, 0.2 / std::max(dphi, 1e-300), local_start ? 1.0 : 0.05 / std::max(dx, 1e-300)});
    // A full step at round-off size: converged even if the residual is
    // dominated by round-off of large link currents.
    if (scale == 1.0 && dphi < 1e-12 && dx < 1e-14) {
      u_ += delta;
      assemble(u_, control, value, false);
      return res_.allFinite();
    }
    // Backtracking on the residual norm: U(x) is piecewise linear, and a full
    // Newton step across a kink of the OCV table can cycle.
    const double r0 = merit();
    const Eigen::VectorXd u_old = u_;
    for (int ls = 0; ls < 12; ++ls) {
      u_ = u_old + scale * delta;
      if (local_start) solve_surfaces_locally();  // surfaces eliminated: not capped, re-solved
      assemble(u_, control, value, false);
      if (res_.allFinite() && merit() < (1.0 - 1e-4 * scale) * r0) break;
      scale *= 0.5;
    }
  }
  return false;
}

StepResult ElectrochemSystem::try_step(double dt, Control control, double value) {
  if (rx_am_.empty())
    throw NumericalError(
        "electrochemistry: no utilisable active material (no AM particle is connected both to the "
        "current collector and, through an SE particle, to the separator); no current can flow");
  StepResult r;
  r.dt = dt;
  pending_ = false;
  prepare_diffusion(dt);
  r.converged = newton(control, value, dt, r);
  if (!r.converged) {
    // Retry from locally solved surface states (solve_surfaces_locally); converging steps
    // never get here, so they are unchanged.
    ++stats_.local_restarts;
    r.converged = newton(control, value, dt, r, true);
  }
  if (!r.converged) return r;
  r.voltage = u_[volt_var_];
  for (std::size_t t = 0; t < bot_g_.size(); ++t)
    r.current += bot_g_[t] * (u_[volt_var_] - u_[var_[bot_node_[t]]]);
  std::vector<double> ip(radius_.size(), 0.0);
  for (std::size_t c = 0; c < rx_am_.size(); ++c) {
    ip[rx_am_[c]] += rx_.current[c];
    r.reaction_current += rx_.current[c];
  }
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (reacting_[p])
      r.max_surface_change =
          std::max(r.max_surface_change, std::abs(diff_[p].surf0 + beta_[p] * ip[p] - x_surf_[p]));
  pending_ = true;
  pending_dt_ = dt;
  pending_control_ = control;
  pending_value_ = value;
  voltage_candidate_ = r.voltage;
  current_candidate_ = r.current;
  return r;
}

void ElectrochemSystem::accept() {
  if (!pending_) throw NumericalError("electrochemistry: accept() without a converged step");
  const int ns = mesh_.size();
  std::vector<double> ip(radius_.size(), 0.0);
  for (std::size_t c = 0; c < rx_am_.size(); ++c) ip[rx_am_[c]] += rx_.current[c];
  for (std::size_t p = 0; p < radius_.size(); ++p) {
    if (!is_am_[p]) continue;
    // Reacting particles take the converged outflow; the others relax with
    // zero surface flux (their Li content cannot change).
    const double q = reacting_[p] ? ip[p] / (F * sites_[p]) : 0.0;
    double* x = &x_[static_cast<std::size_t>(x_off_[p])];
    for (int k = 0; k < ns; ++k) x[k] = diff_[p].x0[k] + q * diff_[p].x1[k];
    x_surf_[p] = diff_[p].surf0 + q * diff_[p].surf1;
  }
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (var_[p] >= 0) phi_[p] = u_[var_[p]];
  if (sep_var_ >= 0) phi_sep_ = u_[sep_var_];
  // Trend for the next step's predictor (same control and set point only).
  has_rate_ = u_last_.size() == u_.size() && rate_control_ == pending_control_ &&
              rate_value_ == pending_value_;
  if (has_rate_) u_rate_ = (u_ - u_last_) / pending_dt_;
  u_last_ = u_;
  rate_control_ = pending_control_;
  rate_value_ = pending_value_;
  voltage_ = voltage_candidate_;
  current_ = current_candidate_;
  last_rx_current_ = rx_.current;
  time_ += pending_dt_;
  pending_ = false;
}

std::vector<double> ElectrochemSystem::mean_lithiation() const {
  std::vector<double> out(radius_.size(), nan);
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (is_am_[p])
      out[p] = solvers::mean_lithiation(mesh_, &x_[static_cast<std::size_t>(x_off_[p])]);
  return out;
}

std::vector<double> ElectrochemSystem::electronic_potential() const {
  std::vector<double> out(radius_.size(), nan);
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (var_[p] >= 0 && !ionic_role(materials_[static_cast<std::size_t>(mat_[p])]))
      out[p] = phi_[p];
  return out;
}

std::vector<double> ElectrochemSystem::ionic_potential() const {
  std::vector<double> out(radius_.size(), nan);
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (var_[p] >= 0 && ionic_role(materials_[static_cast<std::size_t>(mat_[p])])) out[p] = phi_[p];
  return out;
}

std::vector<double> ElectrochemSystem::surface_lithiation() const {
  return x_surf_;
}

double ElectrochemSystem::lithium_inventory() const {
  double s = 0.0;
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (is_am_[p])
      s += sites_[p] * solvers::mean_lithiation(mesh_, &x_[static_cast<std::size_t>(x_off_[p])]);
  return s;
}

double ElectrochemSystem::utilisable_capacity() const {
  double q = 0.0;
  for (std::size_t p = 0; p < radius_.size(); ++p)
    if (reacting_[p]) {
      const auto& e = materials_[static_cast<std::size_t>(mat_[p])].echem;
      q += F * sites_[p] * (e.max_lithiation - e.min_lithiation);
    }
  return q;
}

double ElectrochemSystem::utilisable_fraction() const {
  return q_theory_ > 0.0 ? utilisable_capacity() / q_theory_ : 0.0;
}

VoltageBreakdown ElectrochemSystem::breakdown() const {
  VoltageBreakdown b;
  if (rx_am_.empty()) return b;
  double wsum = 0.0;
  for (double i : last_rx_current_) wsum += std::abs(i);
  const bool by_area = !(wsum > 1e-12 * one_c_current());
  if (by_area) {
    wsum = 0.0;
    for (double a : rx_area_) wsum += a;
  }
  const double phi_sep = phi_sep_;
  for (std::size_t c = 0; c < rx_am_.size(); ++c) {
    const int p = rx_am_[c], q = rx_se_[c];
    const double w = (by_area ? rx_area_[c] : std::abs(last_rx_current_[c])) / wsum;
    const OcvCurve& curve = curves_[static_cast<std::size_t>(mat_[p])];
    const double u_mean =
        curve.u_of_x(solvers::mean_lithiation(mesh_, &x_[static_cast<std::size_t>(x_off_[p])]));
    const double u_surf = curve.u_of_x(x_surf_[p]);
    const double shift = eq_shift(p);
    b.equilibrium += w * u_mean;
    b.electronic += w * (voltage_ - phi_[p]);
    b.kinetic += w * (phi_[p] - phi_[q] - u_surf - shift);
    b.diffusion += w * (u_surf - u_mean);
    b.stress += w * shift;
    b.ionic += w * (phi_[q] - phi_sep);
  }
  b.counter = phi_sep + options_.counter.potential;
  return b;
}

}  // namespace electrodem::solvers
