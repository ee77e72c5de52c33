#pragma once
// Coupled electrochemistry on the contact network (DESIGN.md §3.3).
//
// Unknowns per implicit time step: the electronic potential phi_s of every
// AM/additive particle connected to the current collector, the ionic
// potential phi_e of every SE particle connected to the separator, the
// surface lithiation of every reacting AM particle, the separator-side ionic
// potential (Li counter electrode with kinetics) and, under current control,
// the cell voltage. Reaction currents are explicit functions of these and are
// eliminated. Equations: Kirchhoff current balance at each node, the implicit
// finite-volume diffusion of each particle written as an affine relation
// between its surface lithiation and its total reaction current, the counter
// electrode Butler-Volmer relation and the imposed current. Newton with the
// analytic sparse Jacobian; the linear systems are solved by GMRES
// preconditioned with a reused Cholesky factor of the symmetric part
// (echem_linear.hpp), with an exact sparse LU (UMFPACK) as the fallback.
//
// Sign conventions: cell current I > 0 on charge (AM delithiates); a contact's
// reaction current I_c > 0 when anodic (Li+ leaves the AM into the SE);
// cell voltage V = phi(collector) - phi(counter electrode metal).
#include <cstdint>
#include <vector>

#include <Eigen/SparseCore>
#include <Eigen/UmfPackSupport>

#include "electrodem/dem/material.hpp"
#include "electrodem/network/graph.hpp"
#include "electrodem/solvers/diffusion.hpp"
#include "electrodem/solvers/echem_linear.hpp"
#include "electrodem/solvers/echem_params.hpp"
#include "electrodem/solvers/ocv.hpp"

namespace electrodem::solvers {

enum class Control { current, voltage };

// Voltage split along the current path, each a |I_c|-weighted mean over the
// reacting contacts (area-weighted at zero current). They add up exactly:
// V + U_ce = equilibrium + electronic + kinetic + diffusion + stress + ionic + counter.
struct VoltageBreakdown {
  double equilibrium = 0.0;  // U(mean particle lithiation) [V]
  double electronic = 0.0;   // V - phi_s (electronic ohmic)
  double kinetic = 0.0;      // Butler-Volmer eta
  double diffusion = 0.0;    // U(x_surf) - U(x_mean)
  double stress = 0.0;       // Omega sigma_h / F
  double ionic = 0.0;        // phi_e - phi_separator (ionic ohmic)
  double counter = 0.0;      // phi_separator + U_ce (counter electrode overpotential)
};

struct StepResult {
  bool converged = false;
  int iterations = 0;
  double dt = 0.0;
  double voltage = 0.0;             // [V]
  double current = 0.0;             // terminal current, charge positive [A]
  double reaction_current = 0.0;    // sum of AM reaction currents [A] (the Li actually moved)
  double max_surface_change = 0.0;  // max |x_surf,new - x_surf,old| over reacting AM [-]
};

// Cumulative solver work since construction (logs and benchmarks).
struct SolverStats {
  long newton_iterations = 0;  // Jacobian assemblies
  long linear_iterations = 0;  // GMRES iterations (one preconditioner solve each)
  long factorizations = 0;     // Cholesky factorisations of the preconditioner
  long analyses = 0;           // symbolic analyses (one per contact network)
  long lu_solves = 0;          // exact LU fallbacks (preconditioned GMRES failed)
  long local_restarts = 0;     // Newton retries from locally solved surface states
};

class ElectrochemSystem {
 public:
  ElectrochemSystem(const network::ContactGraph& graph, const dem::MaterialSet& materials,
                    EchemOptions options);

  // (a) New contact network mid-run (same particles, same order): contact
  // radii, contacts and particle radii may change; concentration profiles and
  // potentials are kept. Radius changes keep each particle's Li inventory.
  void set_graph(const network::ContactGraph& graph);
  // (b) Per-particle hydrostatic stress [Pa], tension positive; shifts the
  // equilibrium potential by Omega sigma_h / F when stress coupling is on.
  void set_hydrostatic_stress(std::vector<double> sigma_h);
  void set_stress_coupling(bool on) { options_.stress_coupling = on; }

  // Solves one implicit step of length dt with the current [A] (charge
  // positive) or the voltage [V] imposed. Nothing changes until accept().
  // Newton failure gives converged = false (the caller shortens dt).
  StepResult try_step(double dt, Control control, double value);
  // Commits the last converged try_step.
  void accept();

  // (c) Per particle volume-averaged lithiation x (NaN for non-AM particles).
  std::vector<double> mean_lithiation() const;
  // Fields for output, one value per particle (NaN where not defined or not
  // connected): phi_s on AM/additive, phi_e on SE [V]; surface lithiation.
  std::vector<double> electronic_potential() const;
  std::vector<double> ionic_potential() const;
  std::vector<double> surface_lithiation() const;
  // Per particle: 1 if the AM particle takes part in the reaction (utilisable).
  const std::vector<std::uint8_t>& reacting() const { return reacting_; }
  // The model's open-circuit voltage U(x) of material m [V] (see OcvCurve).
  double ocv(int material, double x) const {
    return curves_[static_cast<std::size_t>(material)].u_of_x(x);
  }

  double time() const { return time_; }
  double voltage() const { return voltage_; }
  double current() const { return current_; }
  VoltageBreakdown breakdown() const;
  // Li in all AM particles [mol] (sum of shell sites times lithiation).
  double lithium_inventory() const;
  // Theoretical capacity of all AM, F c_max V (x_max - x_min) [C], its 1C
  // current [A], that of the reacting AM only [C], the AM mass [kg].
  double theoretical_capacity() const { return q_theory_; }
  double one_c_current() const { return q_theory_ / 3600.0; }
  double utilisable_capacity() const;
  double active_mass() const { return am_mass_; }
  double footprint_area() const { return area_; }
  double utilisable_fraction() const;  // by theoretical capacity
  int shells() const { return mesh_.size(); }
  const EchemOptions& options() const { return options_; }
  const SolverStats& solver_stats() const { return stats_; }

 private:
  void build_topology(const network::ContactGraph& graph);
  void prepare_diffusion(double dt);
  bool newton(Control control, double value, double dt, StepResult& r, bool local_start = false);
  void solve_surfaces_locally();  // each surface row of u_ to zero, potentials held
  // Per reaction contact: current I_c [A], d I_c / d(phi_s - phi_e) [A/V], d I_c / d xi [A].
  struct ContactCurrents {
    std::vector<double> current, d_eta, d_xi;
  };
  // Surface balance row of reacting particle p [A] at the potentials of u and the OCV point pt
  // of its surface arc length; fills out's entries of p's contacts (derivatives on request).
  double surface_balance(std::size_t p, const Eigen::VectorXd& u, const OcvCurve::Point& pt,
                         ContactCurrents* out = nullptr, bool derivatives = false) const;
  void build_pattern();
  void assemble(const Eigen::VectorXd& u, Control control, double value, bool jacobian);
  bool newton_direction(Eigen::VectorXd& delta, double eta);  // delta = -J^-1 res
  bool lu_direction(Eigen::VectorXd& delta);
  double eq_shift(int p) const;  // Omega sigma_h / F

  const dem::MaterialSet materials_;
  EchemOptions options_;
  SphereMesh mesh_;
  std::vector<OcvCurve> curves_;  // per material (active ones built)
  double f_ = 0.0;                // F / (R T)
  double area_ = 0.0;

  // per particle
  std::vector<double> radius_, sites_;  // [m], Li sites [mol] (c_max * reference volume)
  std::vector<int> mat_;
  std::vector<std::uint8_t> is_am_, reacting_;
  std::vector<double> x_;       // shell lithiation, particle p at [p*N, p*N+N) (0-sized for non-AM)
  std::vector<long> x_off_;     // offset of p in x_ (-1 if not AM)
  std::vector<double> x_surf_;  // last accepted surface lithiation (AM)
  std::vector<double> phi_;     // last accepted node potential (NaN if excluded)
  std::vector<double> sigma_h_;
  double q_theory_ = 0.0, am_mass_ = 0.0;

  // topology (structure of arrays)
  std::vector<int> var_;     // unknown index of each particle's potential, -1 if excluded
  std::vector<int> xs_var_;  // unknown index of the surface lithiation, -1 if not reacting
  std::vector<int> link_i_, link_j_;
  std::vector<double> link_g_;
  std::vector<int> rx_am_, rx_se_;
  std::vector<double> rx_area_;
  // Reaction contacts of AM particle p, rx_of_am_[rx_first_[p] .. rx_first_[p + 1]), per network.
  std::vector<int> rx_first_, rx_of_am_;
  std::vector<int> bot_node_, top_node_;
  std::vector<double> bot_g_, top_g_;
  int sep_var_ = -1, volt_var_ = -1, n_base_ = 0;
  bool pattern_ok_ = false;

  // per step work
  std::vector<DiffusionStep> diff_;  // per particle (AM)
  std::vector<double> beta_;         // d x_surf / d I_p  [1/A]
  Eigen::VectorXd u_, res_, noise_;  // unknowns, residual [A], residual round-off scale [A]
  // Exact Jacobian and its symmetric positive definite approximation, on one
  // fixed pattern per contact network; *_slot_ are value positions in
  // assembly order (link: aa ab ba bb; terminal: kk kV Vk VV; contact: the
  // 3x3 block of (phi_s, phi_e, xi) row by row).
  Eigen::SparseMatrix<double> jac_, pre_;
  std::vector<int> link_slot_, bot_slot_, top_slot_, rx_slot_, xs_slot_;
  int sep_slot_ = -1, volt_slot_ = -1;
  Eigen::VectorXd row_scale_;             // -dU/dxi on surface rows, 1 elsewhere
  std::vector<OcvCurve::Point> surf_pt_;  // OCV curve at each reacting particle's xi
  CholeskyFactor chol_;
  bool refactor_ = true;
  Eigen::UmfPackLU<Eigen::SparseMatrix<double>> lu_;  // SuiteSparse UMFPACK (fallback)
  SolverStats stats_;
  ContactCurrents rx_;  // per contact, from the last assemble
  Control pending_control_ = Control::current, rate_control_ = Control::current;
  double pending_value_ = 0.0, rate_value_ = 0.0;
  Eigen::VectorXd u_last_, u_rate_;  // last accepted unknowns, their rate [1/s] (predictor)
  bool has_rate_ = false;
  double pending_dt_ = 0.0;
  bool pending_ = false;

  double time_ = 0.0, voltage_ = 0.0, current_ = 0.0, phi_sep_ = 0.0;
  double voltage_candidate_ = 0.0, current_candidate_ = 0.0;
  std::vector<double> last_rx_current_;
};

}  // namespace electrodem::solvers
