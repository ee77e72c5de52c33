// SPD solver wrapper: a 1-D Dirichlet Laplacian with a known solution, and
// the AMG preconditioner on a 3-D Laplacian with random conductances.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "electrodem/core/error.hpp"
#include "electrodem/solvers/linear.hpp"

using namespace electrodem;
using namespace electrodem::solvers;

namespace {
// -u'' = 0 on n interior nodes, u(0) = 0, u(n+1) = 1: u_k = k / (n + 1).
void laplacian(int n, Eigen::SparseMatrix<double>& a, Eigen::VectorXd& b) {
  std::vector<Eigen::Triplet<double>> t;
  for (int k = 0; k < n; ++k) {
    t.emplace_back(k, k, 2.0);
    if (k > 0) t.emplace_back(k, k - 1, -1.0);
    if (k + 1 < n) t.emplace_back(k, k + 1, -1.0);
  }
  a.resize(n, n);
  a.setFromTriplets(t.begin(), t.end());
  b = Eigen::VectorXd::Zero(n);
  b[n - 1] = 1.0;
}
}  // namespace

TEST(LinearSpd, AllMethodsReachToleranceAndExactSolution) {
  const int n = 400;
  Eigen::SparseMatrix<double> a;
  Eigen::VectorXd b;
  laplacian(n, a, b);
  for (auto [m, p] : {std::pair{LinearMethod::cg, Preconditioner::amg},
                      std::pair{LinearMethod::cg, Preconditioner::incomplete_cholesky},
                      std::pair{LinearMethod::cg, Preconditioner::diagonal},
                      std::pair{LinearMethod::cholmod, Preconditioner::diagonal}}) {
    LinearOptions o;
    o.method = m;
    o.preconditioner = p;
    Eigen::VectorXd x;
    const auto rep = solve_spd(a, b, x, o);
    EXPECT_LE(rep.relative_residual, 1e-10) << rep.method;
    // Incomplete Cholesky of a tridiagonal matrix has no dropped fill: it is
    // exact and CG converges in its first step (Eigen counts that as 0).
    if (rep.method == "cg+ichol") {
      EXPECT_LE(rep.iterations, 1);
    }
    // 400 unknowns are below AMG's coarse size: one level, solved exactly.
    if (rep.method == "cg+amg") {
      EXPECT_LE(rep.iterations, 1);
    }
    if (rep.method == "cg+diagonal") {
      EXPECT_GE(rep.iterations, 100);
    }
    if (rep.method == "cholmod") {
      EXPECT_EQ(rep.iterations, 1);
    }
    double err = 0;
    for (int k = 0; k < n; ++k) err = std::max(err, std::abs(x[k] - (k + 1.0) / (n + 1.0)));
    EXPECT_LT(err, 1e-6) << rep.method;  // residual 1e-10 times condition number ~ n^2
  }
}

namespace {
// 3-D Dirichlet Laplacian on an n^3 grid with random positive edge weights
// spanning three decades (like contact conductances), both triangles stored.
void random_laplacian_3d(int n, Eigen::SparseMatrix<double>& a, Eigen::VectorXd& b) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> logw(-1.5, 1.5);
  auto id = [n](int i, int j, int k) { return (k * n + j) * n + i; };
  const int m = n * n * n;
  std::vector<Eigen::Triplet<double>> t;
  Eigen::VectorXd diag = Eigen::VectorXd::Zero(m);
  b = Eigen::VectorXd::Zero(m);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const int p = id(i, j, k);
        for (int d = 0; d < 3; ++d) {
          const int ii = i + (d == 0), jj = j + (d == 1), kk = k + (d == 2);
          const double w = std::pow(10.0, logw(rng));
          if (kk == n) {  // top wall at 1
            diag[p] += w, b[p] += w;
            continue;
          }
          if (ii == n || jj == n) continue;  // insulating sides
          const int q = id(ii, jj, kk);
          t.emplace_back(p, q, -w), t.emplace_back(q, p, -w);
          diag[p] += w, diag[q] += w;
        }
        if (k == 0) diag[p] += 1.0;  // bottom wall at 0
      }
  for (int p = 0; p < m; ++p) t.emplace_back(p, p, diag[p]);
  a.resize(m, m);
  a.setFromTriplets(t.begin(), t.end());
}
}  // namespace

TEST(LinearSpd, AmgConvergesInFewIterationsAndMatchesCholmod) {
  // 10 648 unknowns: three AMG levels. Smoothed aggregation keeps the CG
  // iteration count nearly independent of size (Vanek et al. 1996); diagonal
  // preconditioning needs hundreds of iterations here.
  Eigen::SparseMatrix<double> a;
  Eigen::VectorXd b;
  random_laplacian_3d(22, a, b);
  const AmgPreconditioner amg(a);
  EXPECT_GE(amg.levels(), 3u);
  EXPECT_EQ(amg.level_size(0).first, a.rows());
  EXPECT_LE(amg.level_size(amg.levels() - 1).first, AmgOptions{}.coarse_size);
  EXPECT_LT(amg.operator_complexity(), 2.0);
  LinearOptions o;  // default: CG + AMG
  Eigen::VectorXd x, xd;
  const auto rep = solve_spd(a, b, x, o);
  EXPECT_EQ(rep.method, "cg+amg");
  EXPECT_LE(rep.relative_residual, 1e-10);
  EXPECT_LT(rep.iterations, 40);
  o.method = LinearMethod::cholmod;
  solve_spd(a, b, xd, o);
  EXPECT_LT((x - xd).lpNorm<Eigen::Infinity>(), 1e-8);
  o.method = LinearMethod::cg;
  o.preconditioner = Preconditioner::diagonal;
  Eigen::VectorXd xj;
  EXPECT_GT(solve_spd(a, b, xj, o).iterations, 3 * rep.iterations);
}

TEST(LinearSpd, AmgIsSymmetricPreconditioner) {
  // CG needs M^-1 symmetric: forward Gauss-Seidel before and backward after
  // the coarse correction make (u, M^-1 v) = (M^-1 u, v).
  Eigen::SparseMatrix<double> a;
  Eigen::VectorXd b;
  random_laplacian_3d(16, a, b);
  const AmgPreconditioner amg(a);
  ASSERT_GE(amg.levels(), 2u);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  Eigen::VectorXd u(a.rows()), v(a.rows()), mu, mv;
  for (Eigen::Index k = 0; k < a.rows(); ++k) u[k] = nd(rng), v[k] = nd(rng);
  amg.apply(u, mu);
  amg.apply(v, mv);
  EXPECT_NEAR(u.dot(mv), v.dot(mu), 1e-10 * std::abs(u.dot(mv)));
  EXPECT_GT(u.dot(mu), 0.0);
}

TEST(LinearSpd, NonConvergenceIsANumericalError) {
  Eigen::SparseMatrix<double> a;
  Eigen::VectorXd b, x;
  laplacian(400, a, b);
  LinearOptions o;
  o.preconditioner = Preconditioner::diagonal;
  o.max_iterations = 3;
  EXPECT_THROW(solve_spd(a, b, x, o), NumericalError);
}

TEST(LinearSpd, IndefiniteMatrixFailsInCholmod) {
  Eigen::SparseMatrix<double> a(2, 2);
  a.insert(0, 0) = 1.0;
  a.insert(1, 1) = -1.0;
  Eigen::VectorXd b = Eigen::VectorXd::Ones(2), x;
  LinearOptions o;
  o.method = LinearMethod::cholmod;
  EXPECT_THROW(solve_spd(a, b, x, o), NumericalError);
}
