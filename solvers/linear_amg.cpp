#include "electrodem/solvers/linear_amg.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "electrodem/core/error.hpp"

namespace electrodem::solvers {

namespace {

using RowMat = AmgPreconditioner::RowMat;
using RowMap = Eigen::Map<const RowMat>;  // a level's operator without a copy
using Eigen::Index;

constexpr int unaggregated = -1;
constexpr int isolated = -2;  // no strong neighbour: left to the smoother

// Strong off-diagonal couplings, one flag per stored entry:
// |a_ij| >= theta sqrt(a_ii a_jj) (PyAMG symmetric_strength_of_connection).
std::vector<char> strong_entries(const RowMap& a, const Eigen::VectorXd& diag, double theta) {
  std::vector<char> s(static_cast<std::size_t>(a.nonZeros()), 0);
  const int* ptr = a.outerIndexPtr();
  const int* idx = a.innerIndexPtr();
  const double* val = a.valuePtr();
  for (Index i = 0; i < a.rows(); ++i)
    for (int k = ptr[i]; k < ptr[i + 1]; ++k) {
      const int j = idx[k];
      s[static_cast<std::size_t>(k)] =
          j != i && std::abs(val[k]) >= theta * std::sqrt(std::abs(diag[i] * diag[j]));
    }
  return s;
}

// Greedy aggregation in three passes (Vanek et al. 1996, PyAMG
// standard_aggregation). Returns the aggregate of each node (or `isolated`)
// and sets `count`.
std::vector<int> aggregate(const RowMap& a, const std::vector<char>& strong, int& count) {
  const Index n = a.rows();
  const int* ptr = a.outerIndexPtr();
  const int* idx = a.innerIndexPtr();
  std::vector<int> agg(static_cast<std::size_t>(n), unaggregated);
  auto row = [&](Index i, auto&& fn) {
    for (int k = ptr[i]; k < ptr[i + 1]; ++k)
      if (strong[static_cast<std::size_t>(k)]) fn(idx[k]);
  };
  count = 0;
  // Pass 1: a node whose strong neighbours are all free roots a new aggregate.
  for (Index i = 0; i < n; ++i) {
    if (agg[static_cast<std::size_t>(i)] != unaggregated) continue;
    bool any = false, taken = false;
    row(i, [&](int j) {
      any = true;
      taken = taken || agg[static_cast<std::size_t>(j)] != unaggregated;
    });
    if (!any) {
      agg[static_cast<std::size_t>(i)] = isolated;
    } else if (!taken) {
      agg[static_cast<std::size_t>(i)] = count;
      row(i, [&](int j) { agg[static_cast<std::size_t>(j)] = count; });
      ++count;
    }
  }
  // Pass 2: a free node joins an aggregate of pass 1 that a strong neighbour belongs to.
  const std::vector<int> first = agg;
  for (Index i = 0; i < n; ++i) {
    if (first[static_cast<std::size_t>(i)] != unaggregated) continue;
    row(i, [&](int j) {
      if (agg[static_cast<std::size_t>(i)] == unaggregated &&
          first[static_cast<std::size_t>(j)] >= 0)
        agg[static_cast<std::size_t>(i)] = first[static_cast<std::size_t>(j)];
    });
  }
  // Pass 3: what is left groups with its free strong neighbours.
  for (Index i = 0; i < n; ++i) {
    if (agg[static_cast<std::size_t>(i)] != unaggregated) continue;
    agg[static_cast<std::size_t>(i)] = count;
    row(i, [&](int j) {
      if (agg[static_cast<std::size_t>(j)] == unaggregated)
        agg[static_cast<std::size_t>(j)] = count;
    });
    ++count;
  }
  return agg;
}

// rho(D^-1 A) by 12 power iterations on the similar D^-1/2 A D^-1/2, capped
// by the Gershgorin bound max_i sum_j |a_ij| / a_ii (power iteration
// approaches rho from below; the cap keeps the estimate an upper bound's
// neighbour when it converges slowly).
double spectral_radius(const RowMap& a, const Eigen::VectorXd& inv_diag) {
  const Index n = a.rows();
  const Eigen::VectorXd s = inv_diag.cwiseSqrt();
  double gershgorin = 0.0;
  for (Index i = 0; i < n; ++i) {
    double row = 0.0;
    for (RowMap::InnerIterator it(a, i); it; ++it) row += std::abs(it.value());
    gershgorin = std::max(gershgorin, row * inv_diag[i]);
  }
  // Deterministic, not constant (the constant is close to A's null space).
  Eigen::VectorXd x(n);
  for (Index i = 0; i < n; ++i) x[i] = 1.0 + 0.5 * std::sin(0.7 * static_cast<double>(i));
  double rho = 0.0;
  Eigen::VectorXd y(n);
  for (int it = 0; it < 12; ++it) {
    x /= x.norm();
    // y = S A S x, by rows (Eigen's row-major product would start OpenMP threads)
    for (Index i = 0; i < n; ++i) {
      double acc = 0.0;
      for (RowMap::InnerIterator e(a, i); e; ++e) acc += e.value() * s[e.index()] * x[e.index()];
      y[i] = s[i] * acc;
    }
    rho = x.dot(y);
    x.swap(y);
  }
  return std::min(gershgorin, 1.05 * rho);
}

// P = (I - w D^-1 A) T with T the piecewise-constant aggregation operator,
// built row by row: P_ic = [agg_i = c] - w/a_ii sum_{j in c} a_ij.
RowMat smoothed_prolongator(const RowMap& a, const Eigen::VectorXd& inv_diag,
                            const std::vector<int>& agg, int count, double w) {
  const Index n = a.rows();
  std::vector<int> ptr(static_cast<std::size_t>(n) + 1, 0), cols;
  std::vector<double> vals;
  cols.reserve(static_cast<std::size_t>(a.nonZeros()));
  vals.reserve(static_cast<std::size_t>(a.nonZeros()));
  std::vector<int> where(static_cast<std::size_t>(count), -1);  // column -> slot in this row
  for (Index i = 0; i < n; ++i) {
    const auto start = static_cast<int>(cols.size());
    for (RowMap::InnerIterator it(a, i); it; ++it) {
      const int c = agg[static_cast<std::size_t>(it.index())];
      if (c < 0) continue;
      double v = -w * inv_diag[i] * it.value();
      if (it.index() == i) v += 1.0;
      int& slot = where[static_cast<std::size_t>(c)];
      if (slot < start) {
        slot = static_cast<int>(cols.size());
        cols.push_back(c);
        vals.push_back(v);
      } else {
        vals[static_cast<std::size_t>(slot)] += v;
      }
    }
    // Sorted inner indices (Eigen's compressed format expects them).
    std::vector<std::pair<int, double>> rowv;
    for (std::size_t k = static_cast<std::size_t>(start); k < cols.size(); ++k)
      rowv.emplace_back(cols[k], vals[k]);
    std::sort(rowv.begin(), rowv.end());
    for (std::size_t k = 0; k < rowv.size(); ++k) {
      cols[static_cast<std::size_t>(start) + k] = rowv[k].first;
      vals[static_cast<std::size_t>(start) + k] = rowv[k].second;
    }
    ptr[static_cast<std::size_t>(i) + 1] = static_cast<int>(cols.size());
  }
  return Eigen::Map<const RowMat>(n, count, static_cast<Index>(cols.size()), ptr.data(),
                                  cols.data(), vals.data());
}

Eigen::VectorXd inverse_diagonal(const RowMap& a) {
  Eigen::VectorXd d(a.rows());
  for (Index i = 0; i < a.rows(); ++i) {
    const double aii = a.coeff(i, i);
    if (!(aii > 0))
      throw NumericalError("AMG: non-positive diagonal " + std::to_string(aii) + " in row " +
                           std::to_string(i) + " (matrix not SPD?)");
    d[i] = 1.0 / aii;
  }
  return d;
}

}  // namespace

AmgPreconditioner::AmgPreconditioner(const SpMat& a, const AmgOptions& opt) {
  // The symmetric column-major matrix read as row-major is itself.
  auto view = [](const auto& m) {
    return RowMap(m.rows(), m.cols(), m.nonZeros(), m.outerIndexPtr(), m.innerIndexPtr(),
                  m.valuePtr());
  };
  levels_.reserve(static_cast<std::size_t>(std::max(1, opt.max_levels)));  // never reallocates
  levels_.emplace_back();
  levels_[0].inv_diag = inverse_diagonal(view(a));
  while (static_cast<int>(levels_.size()) < opt.max_levels) {
    const RowMap al = levels_.size() == 1 ? view(a) : view(levels_.back().owned);
    if (al.rows() <= opt.coarse_size) break;
    const Eigen::VectorXd& inv_diag = levels_.back().inv_diag;
    int count = 0;
    const std::vector<int> agg =
        aggregate(al, strong_entries(al, inv_diag.cwiseInverse(), opt.strength), count);
    if (count == 0 || count >= al.rows() * 9 / 10) break;  // no useful coarsening
    const double w = opt.smoothing_factor / spectral_radius(al, inv_diag);
    RowMat p = smoothed_prolongator(al, inv_diag, agg, count, w);
    const RowMat ap = al * p;
    const RowMat pt = p.transpose();
    RowMat ac = pt * ap;
    levels_.back().p = std::move(p);
    levels_.emplace_back();
    levels_.back().owned = std::move(ac);
    levels_.back().inv_diag = inverse_diagonal(view(levels_.back().owned));
  }
  // Views and work vectors once the level list no longer moves.
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    Level& lv = levels_[l];
    if (l == 0) {
      lv.a = {a.rows(), a.outerIndexPtr(), a.innerIndexPtr(), a.valuePtr()};
    } else {
      lv.a = {lv.owned.rows(), lv.owned.outerIndexPtr(), lv.owned.innerIndexPtr(),
              lv.owned.valuePtr()};
      lv.x.resize(lv.a.n);
      lv.b.resize(lv.a.n);
    }
    lv.r.resize(lv.a.n);
  }
  const SpMat coarsest = levels_.size() == 1 ? a : SpMat(levels_.back().owned);
  coarse_.compute(coarsest);
  if (coarse_.info() != Eigen::Success)
    throw NumericalError("AMG: the coarsest-level factorisation failed (" +
                         std::to_string(coarsest.rows()) + " unknowns; matrix not SPD?)");
}

std::pair<Eigen::Index, Eigen::Index> AmgPreconditioner::level_size(std::size_t l) const {
  const Csr& a = levels_.at(l).a;
  return {a.n, a.ptr[a.n]};
}

double AmgPreconditioner::operator_complexity() const {
  double nnz = 0.0;
  for (const Level& lv : levels_) nnz += lv.a.ptr[lv.a.n];
  return nnz / levels_[0].a.ptr[levels_[0].a.n];
}

namespace {

// One Gauss-Seidel sweep, x_i += (b_i - (A x)_i) / a_ii, rows in order
// (forward) or reversed (backward).
template <bool Forward>
void gauss_seidel(const int* ptr, const int* idx, const double* val, Index n,
                  const Eigen::VectorXd& inv_diag, const Eigen::VectorXd& b, Eigen::VectorXd& x) {
  for (Index s = 0; s < n; ++s) {
    const Index i = Forward ? s : n - 1 - s;
    double r = b[i];
    for (int k = ptr[i]; k < ptr[i + 1]; ++k) r -= val[k] * x[idx[k]];
    x[i] += r * inv_diag[i];
  }
}

}  // namespace

void AmgPreconditioner::cycle(std::size_t l, const Eigen::VectorXd& b, Eigen::VectorXd& x) const {
  const Level& lv = levels_[l];
  if (l + 1 == levels_.size()) {
    x = coarse_.solve(b);
    return;
  }
  const Csr& a = lv.a;
  x.setZero();
  gauss_seidel<true>(a.ptr, a.idx, a.val, a.n, lv.inv_diag, b, x);
  // Residual, restricted by P^T (scatter over the rows of P).
  const Level& next = levels_[l + 1];
  next.b.setZero();
  const int* pp = lv.p.outerIndexPtr();
  const int* pi = lv.p.innerIndexPtr();
  const double* pv = lv.p.valuePtr();
  for (Index i = 0; i < a.n; ++i) {
    double r = b[i];
    for (int k = a.ptr[i]; k < a.ptr[i + 1]; ++k) r -= a.val[k] * x[a.idx[k]];
    for (int k = pp[i]; k < pp[i + 1]; ++k) next.b[pi[k]] += pv[k] * r;
  }
  cycle(l + 1, next.b, next.x);
  for (Index i = 0; i < a.n; ++i) {
    double c = 0.0;
    for (int k = pp[i]; k < pp[i + 1]; ++k) c += pv[k] * next.x[pi[k]];
    x[i] += c;
  }
  gauss_seidel<false>(a.ptr, a.idx, a.val, a.n, lv.inv_diag, b, x);
}

void AmgPreconditioner::apply(const Eigen::VectorXd& r, Eigen::VectorXd& z) const {
  if (z.size() != r.size()) z.resize(r.size());
  cycle(0, r, z);
}

}  // namespace electrodem::solvers
