#include <chrono>
#include <string>

#include <Eigen/CholmodSupport>
#include <Eigen/IterativeLinearSolvers>

#include "electrodem/core/error.hpp"
#include "electrodem/core/log.hpp"
#include "electrodem/solvers/linear.hpp"
#include "electrodem/solvers/linear_amg.hpp"

namespace electrodem::solvers {

std::string to_string(LinearMethod m) {
  return m == LinearMethod::cg ? "cg" : "cholmod";
}
std::string to_string(Preconditioner p) {
  switch (p) {
    case Preconditioner::diagonal:
      return "diagonal";
    case Preconditioner::incomplete_cholesky:
      return "incomplete_cholesky";
    case Preconditioner::amg:
      return "amg";
  }
  return "?";
}

namespace {

using SpMat = Eigen::SparseMatrix<double>;
using Eigen::Index;
using Eigen::VectorXd;

// y = A x for the symmetric matrix with both triangles stored: its columns
// are its rows, so each y_i is a gather over column i (sequential writes,
// no OpenMP: it spins badly on a loaded machine).
void spmv(const SpMat& a, const VectorXd& x, VectorXd& y) {
  const int* ptr = a.outerIndexPtr();
  const int* idx = a.innerIndexPtr();
  const double* val = a.valuePtr();
  for (Index i = 0; i < a.outerSize(); ++i) {
    double s = 0.0;
    for (int k = ptr[i]; k < ptr[i + 1]; ++k) s += val[k] * x[idx[k]];
    y[i] = s;
  }
}

double relative_residual(const SpMat& a, const VectorXd& b, const VectorXd& x) {
  VectorXd ax(b.size());
  spmv(a, x, ax);
  const double nb = b.norm();
  const double nr = (b - ax).norm();
  return nb > 0 ? nr / nb : nr;
}

// Preconditioned conjugate gradients (Hestenes & Stiefel 1952; Saad,
// Iterative Methods for Sparse Linear Systems, 2nd ed. 2003, Alg. 9.1).
// When the recursively updated residual reaches |r| <= tol |b|, the true
// residual is computed: if it is above opt.tolerance it replaces the
// recursive one and CG goes on (residual replacement, van der Vorst & Ye,
// SIAM J. Sci. Comput. 22(3) (2000) 835-852); if `accept` rejects x, tol is cut
// tenfold (at most four times) and CG goes on without a restart.
template <class Precond>  // precond(r, z): z = M^-1 r
long pcg(const SpMat& a, const VectorXd& b, VectorXd& x, const LinearOptions& opt,
         const AcceptFn& accept, const Precond& precond) {
  const long max_it = opt.max_iterations > 0 ? opt.max_iterations : 2 * a.rows() + 100;
  const Index n = b.size();
  const double nb = b.norm();
  VectorXd r(n), z(n), p(n), q(n);
  auto true_residual = [&]() {
    spmv(a, x, q);
    r = b - q;
    return r.norm();
  };
  double tol = opt.tolerance;
  // Returns true when x is done: true residual within the tolerance and accepted.
  auto done = [&]() {
    if (true_residual() > opt.tolerance * nb) return false;
    while (accept && !accept(x)) {
      if (tol < opt.tolerance * 1e-4) return true;  // as far as it goes
      tol *= 0.1;
      if (r.norm() > tol * nb) return false;
    }
    return true;
  };
  if (done()) return 0;
  precond(r, z);
  p = z;
  double rz = r.dot(z);
  for (long it = 1; it <= max_it; ++it) {
    spmv(a, p, q);
    const double alpha = rz / p.dot(q);
    x += alpha * p;
    r -= alpha * q;
    if (r.norm() <= tol * nb && done()) return it;
    precond(r, z);
    const double rz_new = r.dot(z);
    p = z + (rz_new / rz) * p;
    rz = rz_new;
  }
  return max_it;
}

// CHOLMOD supernodal Cholesky. CHOLMOD's default ordering stops at AMD
// whenever AMD's fill looks acceptable; on the dense 3-D electronic networks
// nested dissection (METIS) has less fill, on tenuous near-threshold ionic
// clusters AMD does. Both are tried and the one with less fill is kept.
void cholmod_solve(const SpMat& a, const VectorXd& b, VectorXd& x, double& setup_seconds,
                   std::chrono::steady_clock::time_point t0) {
  Eigen::CholmodSupernodalLLT<SpMat, Eigen::Lower> llt;
  llt.cholmod().nmethods = 2;
  llt.cholmod().method[0].ordering = CHOLMOD_AMD;
  llt.cholmod().method[1].ordering = CHOLMOD_METIS;
  llt.cholmod().postorder = 1;
  llt.compute(a);
  if (llt.info() != Eigen::Success)
    throw NumericalError("CHOLMOD: Cholesky factorisation failed (matrix not SPD?)");
  setup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  x = llt.solve(b);
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

LinearReport solve_spd(const SpMat& a, const VectorXd& b, VectorXd& x, const LinearOptions& opt,
                       const AcceptFn& accept) {
  const auto t0 = std::chrono::steady_clock::now();
  LinearReport rep;
  if (x.size() != b.size()) x = VectorXd::Zero(b.size());
  if (b.size() == 0) return rep;
  if (opt.method == LinearMethod::cholmod) {
    rep.method = "cholmod";
    cholmod_solve(a, b, x, rep.setup_seconds, t0);
    rep.iterations = 1;
  } else if (opt.preconditioner == Preconditioner::diagonal) {
    rep.method = "cg+diagonal";
    const VectorXd inv = a.diagonal().cwiseInverse();
    rep.setup_seconds = since(t0);
    rep.iterations =
        pcg(a, b, x, opt, accept, [&](const VectorXd& r, VectorXd& z) { z = inv.cwiseProduct(r); });
  } else if (opt.preconditioner == Preconditioner::incomplete_cholesky) {
    rep.method = "cg+ichol";
    Eigen::IncompleteCholesky<double, Eigen::Lower, Eigen::AMDOrdering<int>> ic;
    ic.compute(a);
    if (ic.info() != Eigen::Success)
      throw NumericalError("incomplete Cholesky: factorisation failed (matrix not SPD?)");
    rep.setup_seconds = since(t0);
    rep.iterations =
        pcg(a, b, x, opt, accept, [&](const VectorXd& r, VectorXd& z) { z = ic.solve(r); });
  } else {
    rep.method = "cg+amg";
    const AmgPreconditioner amg(a, opt.amg);
    rep.setup_seconds = since(t0);
    rep.iterations =
        pcg(a, b, x, opt, accept, [&](const VectorXd& r, VectorXd& z) { amg.apply(r, z); });
  }
  rep.relative_residual = relative_residual(a, b, x);
  rep.seconds = since(t0);
  if (!(rep.relative_residual <= opt.tolerance))
    throw NumericalError(rep.method + ": relative residual " + fmt(rep.relative_residual) +
                         " after " + std::to_string(rep.iterations) +
                         " iterations does not reach the tolerance " + fmt(opt.tolerance));
  return rep;
}

}  // namespace electrodem::solvers
