// SPD solver wrapper: a 1-D Dirichlet Laplacian with a known solution.
#include <gtest/gtest.h>

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
  for (auto [m, p] : {std::pair{LinearMethod::cg, Preconditioner::incomplete_cholesky},
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
    if (rep.method == "cg+ichol") EXPECT_LE(rep.iterations, 1);
    if (rep.method == "cg+diagonal") EXPECT_GE(rep.iterations, 100);
    if (rep.method == "cholmod") EXPECT_EQ(rep.iterations, 1);
    double err = 0;
    for (int k = 0; k < n; ++k) err = std::max(err, std::abs(x[k] - (k + 1.0) / (n + 1.0)));
    EXPECT_LT(err, 1e-6) << rep.method;  // residual 1e-10 times condition number ~ n^2
  }
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
