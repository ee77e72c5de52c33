#pragma once
// Linear algebra of the electrochemistry Newton step (docs/electrochemistry.md,
// "Solver"). The exact Jacobian J is nonsymmetric only through the
// i0(c_surf) derivative of the Butler-Volmer currents and the voltage row
// under voltage control; with each particle's surface row scaled by
// -dU/dxi, the rest is a symmetric positive definite "resistor network"
// matrix M (every contact adds k v v^T, v = (1, -1, -dU/dxi) on
// (phi_s, phi_e, xi)). M is factorised with CHOLMOD's sparse Cholesky (LDL') and
// used as a right preconditioner of GMRES on the scaled exact system; the
// factor is reused over Newton iterations and time steps until GMRES needs
// many iterations. The Newton step therefore stays exact (GMRES solves the
// exact Jacobian), and a Cholesky factorisation is only paid when the
// operating point has moved.
#include <functional>
#include <memory>
#include <vector>

#include <Eigen/SparseCore>

namespace electrodem::solvers {

// Sparse Cholesky (CHOLMOD, LDL') of a symmetric positive definite matrix given
// by its lower triangle; the symbolic analysis is kept while the pattern stays.
class CholeskyFactor {
 public:
  // Fill-reducing ordering of the symbolic analysis: approximate minimum
  // degree (fast to compute) or METIS nested dissection (less fill, slower).
  enum class Ordering { amd, nested_dissection };
  explicit CholeskyFactor(Ordering ordering = Ordering::nested_dissection);
  ~CholeskyFactor();
  CholeskyFactor(const CholeskyFactor&) = delete;
  CholeskyFactor& operator=(const CholeskyFactor&) = delete;

  // Symbolic analysis (fill-reducing ordering) of the pattern of m.
  void analyze(const Eigen::SparseMatrix<double>& m);
  // Numeric factorisation; false when m is not positive definite.
  bool factorize(const Eigen::SparseMatrix<double>& m);
  bool ready() const { return ready_; }
  void reset() { ready_ = false, analyzed_ = false; }
  bool analyzed() const { return analyzed_; }
  // x = M^-1 b (x and b may be the same vector).
  void solve(const Eigen::VectorXd& b, Eigen::VectorXd& x) const;
  double factor_nonzeros() const;  // nnz(L) of the last analysis

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool ready_ = false, analyzed_ = false;
};

struct GmresResult {
  int iterations = 0;
  double residual = 0.0;  // final ||b - A x|| (2-norm)
  bool converged = false;
};

// Restarted-free right-preconditioned GMRES (Saad & Schultz 1986) with
// modified Gram-Schmidt and Givens rotations: solves A x = b from x = 0 until
// ||b - A x|| <= tol or max_iterations; x is the best iterate either way.
// Fully serial and deterministic.
using LinearOperator = std::function<void(const Eigen::VectorXd& in, Eigen::VectorXd& out)>;
GmresResult gmres(const LinearOperator& apply_a, const LinearOperator& apply_preconditioner,
                  const Eigen::VectorXd& b, Eigen::VectorXd& x, double tol, int max_iterations);

}  // namespace electrodem::solvers
