#pragma once
// Sparse symmetric positive definite solves: preconditioned conjugate
// gradients (Eigen) or a direct supernodal Cholesky (SuiteSparse CHOLMOD).
#include <functional>
#include <string>

#include <Eigen/Core>
#include <Eigen/SparseCore>

namespace electrodem::solvers {

enum class LinearMethod { cg, cholmod };
enum class Preconditioner { incomplete_cholesky, diagonal };

struct LinearOptions {
  LinearMethod method = LinearMethod::cg;
  Preconditioner preconditioner = Preconditioner::incomplete_cholesky;
  double tolerance = 1e-10;  // relative residual |b - A x| / |b| to reach
  long max_iterations = 0;   // CG only; 0 = 2 n + 100
};

struct LinearReport {
  std::string method;              // "cg+ichol", "cg+diagonal" or "cholmod"
  long iterations = 0;             // CG iterations (1 for the direct solve)
  double relative_residual = 0.0;  // |b - A x| / |b|, recomputed after the solve
  double seconds = 0.0;            // wall time of setup + solve
};

// Extra acceptance test on a converged solution (e.g. a conservation check);
// returning false makes CG continue with a ten times smaller tolerance.
using AcceptFn = std::function<bool(const Eigen::VectorXd& x)>;

// Solves A x = b for SPD A (both triangles stored; the lower one is read).
// x is the initial guess for CG (resized and zeroed if its size is wrong).
// The preconditioner or factorisation is computed once; with `accept`, CG
// tightens the tolerance up to four times until accept(x) holds. Throws
// NumericalError if the factorisation fails or a tolerance is not reached.
LinearReport solve_spd(const Eigen::SparseMatrix<double>& a, const Eigen::VectorXd& b,
                       Eigen::VectorXd& x, const LinearOptions& opt,
                       const AcceptFn& accept = nullptr);

std::string to_string(LinearMethod m);
std::string to_string(Preconditioner p);

}  // namespace electrodem::solvers
