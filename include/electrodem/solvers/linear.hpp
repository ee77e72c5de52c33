#pragma once
// Sparse symmetric positive definite solves: preconditioned conjugate
// gradients (smoothed-aggregation AMG, incomplete Cholesky or diagonal
// preconditioner) or a direct supernodal Cholesky (SuiteSparse CHOLMOD,
// nested-dissection ordering).
#include <functional>
#include <string>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "electrodem/solvers/linear_amg.hpp"

namespace electrodem::solvers {

enum class LinearMethod { cg, cholmod };
enum class Preconditioner { amg, incomplete_cholesky, diagonal };

struct LinearOptions {
  LinearMethod method = LinearMethod::cg;
  Preconditioner preconditioner = Preconditioner::amg;
  AmgOptions amg;            // with Preconditioner::amg
  double tolerance = 1e-10;  // relative residual |b - A x| / |b| to reach
  long max_iterations = 0;   // CG only; 0 = 2 n + 100
};

struct LinearReport {
  std::string method;              // "cg+amg", "cg+ichol", "cg+diagonal" or "cholmod"
  long iterations = 0;             // CG iterations (1 for the direct solve)
  double relative_residual = 0.0;  // |b - A x| / |b|, recomputed after the solve
  double seconds = 0.0;            // wall time of setup + solve [s]
  double setup_seconds = 0.0;      // of which preconditioner setup or factorisation [s]
};

// Extra acceptance test on a converged solution (e.g. a conservation check);
// returning false makes CG continue with a ten times smaller tolerance.
using AcceptFn = std::function<bool(const Eigen::VectorXd& x)>;

// Solves A x = b for SPD A, compressed with both triangles stored (CG and
// AMG use the full symmetric matrix, Cholesky reads the lower triangle).
// x is the initial guess for CG (resized and zeroed if its size is wrong).
// The preconditioner or factorisation is computed once; with `accept`, CG
// tightens the tolerance (tenfold, up to four times) until accept(x) holds. Throws
// NumericalError if the factorisation fails or a tolerance is not reached.
LinearReport solve_spd(const Eigen::SparseMatrix<double>& a, const Eigen::VectorXd& b,
                       Eigen::VectorXd& x, const LinearOptions& opt,
                       const AcceptFn& accept = nullptr);

std::string to_string(LinearMethod m);
std::string to_string(Preconditioner p);

}  // namespace electrodem::solvers
