#include "electrodem/solvers/echem_linear.hpp"

#include <cholmod.h>

#include <cmath>
#include <stdexcept>

#include <Eigen/Dense>

namespace electrodem::solvers {
namespace {

// CHOLMOD view (no copy) of the lower triangle of a compressed column-major matrix.
cholmod_sparse view_lower(const Eigen::SparseMatrix<double>& m) {
  if (!m.isCompressed()) throw std::logic_error("CholeskyFactor: matrix must be compressed");
  cholmod_sparse a{};
  a.nrow = static_cast<std::size_t>(m.rows());
  a.ncol = static_cast<std::size_t>(m.cols());
  a.nzmax = static_cast<std::size_t>(m.nonZeros());
  a.p = const_cast<int*>(m.outerIndexPtr());
  a.i = const_cast<int*>(m.innerIndexPtr());
  a.x = const_cast<double*>(m.valuePtr());
  a.stype = -1;  // symmetric, lower triangle used
  a.itype = CHOLMOD_INT;
  a.xtype = CHOLMOD_REAL;
  a.dtype = CHOLMOD_DOUBLE;
  a.sorted = 1;
  a.packed = 1;
  return a;
}

}  // namespace

struct CholeskyFactor::Impl {
  cholmod_common c{};
  cholmod_factor* factor = nullptr;
  // cholmod_solve2 workspaces, kept between solves (no allocation per solve).
  cholmod_dense *x = nullptr, *y = nullptr, *e = nullptr;
  explicit Impl(Ordering o) {
    cholmod_start(&c);
    c.print = 0;  // failures are reported through the return values
    // Simplicial LDL': with the reference BLAS its triangular solves (the
    // cost that repeats in every GMRES iteration) are about 1.6x faster than
    // the supernodal ones on 5000-particle networks (bench/bench_echem.cpp);
    // factorisations are rare because the factor is reused.
    c.supernodal = CHOLMOD_SIMPLICIAL;
    c.nmethods = 1;
    c.method[0].ordering = o == Ordering::amd ? CHOLMOD_AMD : CHOLMOD_METIS;
    c.postorder = 1;
  }
  ~Impl() {
    free_factor();
    cholmod_free_dense(&x, &c);
    cholmod_free_dense(&y, &c);
    cholmod_free_dense(&e, &c);
    cholmod_finish(&c);
  }
  void free_factor() {
    if (factor) cholmod_free_factor(&factor, &c);
  }
};

CholeskyFactor::CholeskyFactor(Ordering ordering) : impl_(std::make_unique<Impl>(ordering)) {}
CholeskyFactor::~CholeskyFactor() = default;

void CholeskyFactor::analyze(const Eigen::SparseMatrix<double>& m) {
  impl_->free_factor();
  ready_ = analyzed_ = false;
  cholmod_sparse a = view_lower(m);
  impl_->factor = cholmod_analyze(&a, &impl_->c);
  if (!impl_->factor) throw std::runtime_error("CHOLMOD analysis failed (out of memory?)");
  analyzed_ = true;
}

bool CholeskyFactor::factorize(const Eigen::SparseMatrix<double>& m) {
  if (!analyzed_) analyze(m);
  cholmod_sparse a = view_lower(m);
  const int ok = cholmod_factorize(&a, impl_->factor, &impl_->c);
  const cholmod_factor* f = impl_->factor;
  ready_ = ok && impl_->c.status == CHOLMOD_OK && f->minor == f->n;
  if (ready_ && !f->is_ll && !f->is_super) {
    // LDL' does not stop at a negative pivot: check D (the first entry of
    // each column of a simplicial factor) for positive definiteness.
    const auto* p = static_cast<const int*>(f->p);
    const auto* x = static_cast<const double*>(f->x);
    for (std::size_t j = 0; j < f->n && ready_; ++j) ready_ = x[p[j]] > 0.0;
  }
  return ready_;
}

void CholeskyFactor::solve(const Eigen::VectorXd& b, Eigen::VectorXd& x) const {
  if (!ready_) throw std::logic_error("CholeskyFactor::solve without a factorisation");
  cholmod_dense bd{};
  bd.nrow = static_cast<std::size_t>(b.size());
  bd.ncol = 1;
  bd.nzmax = bd.nrow;
  bd.d = bd.nrow;
  bd.x = const_cast<double*>(b.data());
  bd.xtype = CHOLMOD_REAL;
  bd.dtype = CHOLMOD_DOUBLE;
  Impl& im = *impl_;
  if (!cholmod_solve2(CHOLMOD_A, im.factor, &bd, nullptr, &im.x, nullptr, &im.y, &im.e, &im.c))
    throw std::runtime_error("CHOLMOD solve failed");
  x = Eigen::Map<const Eigen::VectorXd>(static_cast<const double*>(im.x->x), b.size());
}

double CholeskyFactor::factor_nonzeros() const {
  return impl_->c.lnz;
}

GmresResult gmres(const LinearOperator& apply_a, const LinearOperator& apply_preconditioner,
                  const Eigen::VectorXd& b, Eigen::VectorXd& x, double tol, int max_iterations) {
  // Arnoldi on A P^-1 from r0 = b (x0 = 0); the least-squares problem
  // min ||beta e1 - H y|| is kept triangular by Givens rotations, so the
  // residual norm is known at every iteration without forming x.
  const Eigen::Index n = b.size();
  const int m = std::max(1, max_iterations);
  GmresResult res;
  x.setZero(n);
  const double beta = b.norm();
  res.residual = beta;
  if (!(beta > tol)) {
    res.converged = std::isfinite(beta);
    return res;
  }
  Eigen::MatrixXd v(n, m + 1);
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(m + 1, m);
  Eigen::VectorXd cs = Eigen::VectorXd::Zero(m), sn = Eigen::VectorXd::Zero(m);
  Eigen::VectorXd g = Eigen::VectorXd::Zero(m + 1);
  Eigen::VectorXd z(n), w(n);
  v.col(0) = b / beta;
  g[0] = beta;
  int k = 0;
  for (; k < m; ++k) {
    apply_preconditioner(v.col(k), z);
    apply_a(z, w);
    for (int j = 0; j <= k; ++j) {  // modified Gram-Schmidt
      h(j, k) = w.dot(v.col(j));
      w -= h(j, k) * v.col(j);
    }
    h(k + 1, k) = w.norm();
    if (h(k + 1, k) > 0.0) v.col(k + 1) = w / h(k + 1, k);
    for (int j = 0; j < k; ++j) {  // previous rotations
      const double t = cs[j] * h(j, k) + sn[j] * h(j + 1, k);
      h(j + 1, k) = -sn[j] * h(j, k) + cs[j] * h(j + 1, k);
      h(j, k) = t;
    }
    const double r = std::hypot(h(k, k), h(k + 1, k));
    cs[k] = r > 0.0 ? h(k, k) / r : 1.0;
    sn[k] = r > 0.0 ? h(k + 1, k) / r : 0.0;
    h(k, k) = r;
    h(k + 1, k) = 0.0;
    g[k + 1] = -sn[k] * g[k];
    g[k] = cs[k] * g[k];
    res.residual = std::abs(g[k + 1]);
    if (!std::isfinite(res.residual)) break;
    if (res.residual <= tol || !(r > 0.0)) {
      ++k;
      break;
    }
  }
  res.iterations = k;
  if (k == 0 || !std::isfinite(res.residual)) {
    res.converged = false;
    return res;
  }
  // y = H^-1 g (upper triangular k x k), x = P^-1 V y.
  const Eigen::VectorXd y = h.topLeftCorner(k, k).triangularView<Eigen::Upper>().solve(g.head(k));
  const Eigen::VectorXd vy = v.leftCols(k) * y;
  apply_preconditioner(vy, x);
  res.converged = res.residual <= tol;
  return res;
}

}  // namespace electrodem::solvers
