#include <chrono>
#include <string>

#include <Eigen/CholmodSupport>
#include <Eigen/IterativeLinearSolvers>

#include "electrodem/core/error.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/solvers/linear.hpp"

namespace electrodem::solvers {

std::string to_string(LinearMethod m) {
  return m == LinearMethod::cg ? "cg" : "cholmod";
}
std::string to_string(Preconditioner p) {
  return p == Preconditioner::diagonal ? "diagonal" : "incomplete_cholesky";
}

namespace {

using SpMat = Eigen::SparseMatrix<double>;

double relative_residual(const SpMat& a, const Eigen::VectorXd& b, const Eigen::VectorXd& x) {
  const double nb = b.norm();
  const double nr = (b - a * x).norm();
  return nb > 0 ? nr / nb : nr;
}

// Eigen's CG stops on |r| <= tol |b| with the recursively updated residual;
// the true residual is recomputed here and CG restarted from the current
// iterate (same preconditioner) if it drifted above tol or `accept` fails.
// Only the lower triangle is used: Eigen's Lower|Upper path runs the
// product through OpenMP, which spins badly on a loaded machine.
template <class Precond>
long run_cg(const SpMat& a, const Eigen::VectorXd& b, Eigen::VectorXd& x, const LinearOptions& opt,
            const AcceptFn& accept) {
  Eigen::ConjugateGradient<SpMat, Eigen::Lower, Precond> cg;
  cg.setMaxIterations(opt.max_iterations > 0 ? opt.max_iterations : 2 * a.rows() + 100);
  cg.compute(a);
  if (cg.info() != Eigen::Success)
    throw NumericalError("conjugate gradients: preconditioner setup failed (matrix not SPD?)");
  long iterations = 0;
  double tol = opt.tolerance;
  for (int round = 0; round < 8; ++round) {
    cg.setTolerance(tol);
    x = cg.solveWithGuess(b, x);
    iterations += static_cast<long>(cg.iterations());
    if (relative_residual(a, b, x) > opt.tolerance) {
      if (cg.info() == Eigen::NoConvergence) break;
      continue;  // recursive residual drifted: restart at the same tolerance
    }
    if (!accept || accept(x) || tol < opt.tolerance * 1e-4) break;
    tol *= 0.1;
  }
  return iterations;
}

}  // namespace

LinearReport solve_spd(const SpMat& a, const Eigen::VectorXd& b, Eigen::VectorXd& x,
                       const LinearOptions& opt, const AcceptFn& accept) {
  const auto t0 = std::chrono::steady_clock::now();
  LinearReport rep;
  if (x.size() != b.size()) x = Eigen::VectorXd::Zero(b.size());
  if (b.size() == 0) return rep;
  if (opt.method == LinearMethod::cholmod) {
    rep.method = "cholmod";
    Eigen::CholmodSupernodalLLT<SpMat, Eigen::Lower> llt;
    llt.compute(a);
    if (llt.info() != Eigen::Success)
      throw NumericalError("CHOLMOD: Cholesky factorisation failed (matrix not SPD?)");
    x = llt.solve(b);
    rep.iterations = 1;
  } else if (opt.preconditioner == Preconditioner::diagonal) {
    rep.method = "cg+diagonal";
    rep.iterations = run_cg<Eigen::DiagonalPreconditioner<double>>(a, b, x, opt, accept);
  } else {
    rep.method = "cg+ichol";
    rep.iterations =
        run_cg<Eigen::IncompleteCholesky<double, Eigen::Lower, Eigen::AMDOrdering<int>>>(
            a, b, x, opt, accept);
  }
  rep.relative_residual = relative_residual(a, b, x);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!(rep.relative_residual <= opt.tolerance))
    throw NumericalError(rep.method + ": relative residual " + fmt(rep.relative_residual) +
                         " after " + std::to_string(rep.iterations) +
                         " iterations does not reach the tolerance " + fmt(opt.tolerance));
  return rep;
}

}  // namespace electrodem::solvers
