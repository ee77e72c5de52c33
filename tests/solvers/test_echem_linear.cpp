// The Newton linear algebra of the electrochemistry: GMRES against a dense
// solve, the Cholesky-preconditioned GMRES path against the exact LU path on
// a whole cycle, and thread-count independence of the results.
#include <gtest/gtest.h>
#include <omp.h>

#include <Eigen/Dense>
#include <cmath>

#include "electrodem/solvers/echem_linear.hpp"
#include "electrodem/solvers/echem_protocol.hpp"
#include "electrodem/solvers/electrochem.hpp"
#include "test_echem_fixtures.hpp"

namespace electrodem::solvers {
namespace {

// A nonsymmetric perturbation of a 1D Laplacian, preconditioned by the
// Cholesky factor of the Laplacian: GMRES must reach the dense solution, and
// with the exact matrix as preconditioner it needs a single iteration.
TEST(EchemLinear, PreconditionedGmresMatchesADenseSolve) {
  const int n = 200;
  Eigen::SparseMatrix<double> lap(n, n), a(n, n);
  std::vector<Eigen::Triplet<double>> tl, ta;
  for (int i = 0; i < n; ++i) {
    tl.emplace_back(i, i, 2.0 + 1e-2), ta.emplace_back(i, i, 2.0 + 1e-2);
    if (i + 1 < n) {
      tl.emplace_back(i, i + 1, -1.0), tl.emplace_back(i + 1, i, -1.0);
      ta.emplace_back(i, i + 1, -1.0 + 0.2 * std::sin(i)), ta.emplace_back(i + 1, i, -1.0);
    }
  }
  lap.setFromTriplets(tl.begin(), tl.end());
  a.setFromTriplets(ta.begin(), ta.end());
  lap.makeCompressed();
  Eigen::VectorXd b(n);
  for (int i = 0; i < n; ++i) b[i] = std::cos(0.1 * i);
  const Eigen::VectorXd ref = Eigen::MatrixXd(a).partialPivLu().solve(b);

  CholeskyFactor chol;
  ASSERT_TRUE(chol.factorize(lap));
  auto apply_a = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = a * in; };
  auto apply_p = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { chol.solve(in, out); };
  Eigen::VectorXd x;
  const GmresResult r = gmres(apply_a, apply_p, b, x, 1e-12 * b.norm(), 100);
  EXPECT_TRUE(r.converged);
  EXPECT_LT((x - ref).norm(), 1e-9 * ref.norm());
  EXPECT_LT((a * x - b).norm(), 2e-12 * b.norm());
  EXPECT_GT(r.iterations, 1);  // the preconditioner is not exact

  auto apply_lap = [&](const Eigen::VectorXd& in, Eigen::VectorXd& out) { out = lap * in; };
  const GmresResult exact = gmres(apply_lap, apply_p, b, x, 1e-10 * b.norm(), 100);
  EXPECT_EQ(exact.iterations, 1);
  EXPECT_LT((lap * x - b).norm(), 1e-10 * b.norm());

  // Not positive definite: reported, not thrown.
  Eigen::SparseMatrix<double> neg = -lap;
  EXPECT_FALSE(chol.factorize(neg));
}

CycleParams cccv(double c_rate) {
  CycleParams p;
  ProtocolStep c, h, d;
  c.kind = ProtocolStep::Kind::charge, c.rate = {Rate::Kind::c_rate, c_rate}, c.until_voltage = 4.3;
  h.kind = ProtocolStep::Kind::hold, h.voltage = 4.3;
  h.until_current = Rate{Rate::Kind::c_rate, 0.2 * c_rate};
  d.kind = ProtocolStep::Kind::discharge, d.rate = {Rate::Kind::c_rate, c_rate},
  d.until_voltage = 2.5;
  p.protocol = {c, h, d};
  return p;
}

// The preconditioned GMRES path solves the same Newton systems as the exact
// LU: a CC-CV cycle gives the same curve to far below the Newton tolerance.
TEST(EchemLinear, GmresAndExactLuGiveTheSameCycle) {
  const auto mats = test::ncm_lpscl();
  const auto g = test::lattice(5, 5, 4, 3e-6, 1e-6, 0.5, 7);
  EchemOptions lu_opt, gm_opt;
  lu_opt.linear_solver = EchemOptions::LinearSolver::lu;
  ElectrochemSystem lu(g, mats, lu_opt), gm(g, mats, gm_opt);
  const ProtocolResult a = run_protocol(lu, cccv(1.0));
  const ProtocolResult b = run_protocol(gm, cccv(1.0));
  ASSERT_EQ(a.timeseries.size(), b.timeseries.size());
  double dv = 0.0;
  for (std::size_t k = 0; k < a.timeseries.size(); ++k)
    dv = std::max(
        dv, std::abs(get(a.timeseries[k], "voltage [V]") - get(b.timeseries[k], "voltage [V]")));
  const double qa = get(a.summary, "discharge capacity [mAh/g]");
  const double qb = get(b.summary, "discharge capacity [mAh/g]");
  const SolverStats& s = gm.solver_stats();
  std::printf(
      "GMRES vs LU: max |dV| = %.2e V, capacity %.10f vs %.10f mAh/g; %ld Newton, %ld "
      "GMRES its, %ld factorisations, %ld LU fallbacks\n",
      dv, qa, qb, s.newton_iterations, s.linear_iterations, s.factorizations, s.lu_solves);
  EXPECT_LT(dv, 1e-8);
  EXPECT_NEAR(qa, qb, 1e-8 * qa);
  EXPECT_GT(qa, 50.0);  // the cycle did move Li
  // The factor is reused: far fewer factorisations than Newton iterations.
  EXPECT_LT(s.factorizations * 5, s.newton_iterations);
  EXPECT_EQ(s.lu_solves, 0);
  EXPECT_EQ(lu.solver_stats().factorizations, 0);
}

// A new network with the same contacts (radii and contact areas moved, as
// after a DEM relaxation) keeps the symbolic analysis; a changed contact set
// needs a new one.
TEST(EchemLinear, SamePatternKeepsTheAnalysis) {
  const auto mats = test::ncm_lpscl();
  auto g = test::lattice(4, 4, 3, 3e-6, 1e-6, 0.5, 5);
  ElectrochemSystem sys(g, mats, {});
  const double i = sys.one_c_current();
  auto step = [&] {
    ASSERT_TRUE(sys.try_step(60.0, Control::current, i).converged);
    sys.accept();
  };
  step();
  EXPECT_EQ(sys.solver_stats().analyses, 1);
  for (auto& e : g.edges) e.contact_radius *= 1.1;
  for (double& r : g.radius) r *= 1.01;
  sys.set_graph(g);
  step();
  EXPECT_EQ(sys.solver_stats().analyses, 1);
  const long f = sys.solver_stats().factorizations;
  EXPECT_GE(f, 2);  // renewed for the new conductances
  g.edges.erase(g.edges.begin());
  sys.set_graph(g);
  step();
  EXPECT_EQ(sys.solver_stats().analyses, 2);
}

// The solver is serial: 1 and 2 OpenMP threads give bit-identical results.
TEST(EchemLinear, ResultsDoNotDependOnTheThreadCount) {
  const auto mats = test::ncm_lpscl();
  const auto g = test::lattice(4, 4, 4, 3e-6, 1e-6, 0.5, 9);
  double v[2], q[2];
  const int saved = omp_get_max_threads();
  for (int t = 0; t < 2; ++t) {
    omp_set_num_threads(t + 1);
    ElectrochemSystem sys(g, mats, {});
    const ProtocolResult r = run_protocol(sys, cccv(2.0));
    v[t] = sys.voltage();
    q[t] = get(r.summary, "discharge capacity [mAh/g]");
  }
  omp_set_num_threads(saved);
  EXPECT_EQ(v[0], v[1]);
  EXPECT_EQ(q[0], q[1]);
}

}  // namespace
}  // namespace electrodem::solvers
