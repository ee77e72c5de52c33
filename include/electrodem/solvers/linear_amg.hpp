#pragma once
// Smoothed-aggregation algebraic multigrid (SA-AMG) for the symmetric
// positive definite graph Laplacians of the contact network, used as a
// conjugate-gradient preconditioner (one symmetric V-cycle per application).
//
// Method: P. Vanek, J. Mandel, M. Brezina, "Algebraic multigrid by smoothed
// aggregation for second and fourth order elliptic problems", Computing 56
// (1996) 179-196; the aggregation passes and the strength test follow
// W. N. Bell, L. N. Olson, J. B. Schroder, PyAMG (2008-), `standard_aggregation`
// and `symmetric_strength_of_connection`.
//  * strength: a_ij is strong if |a_ij| >= theta sqrt(a_ii a_jj);
//  * aggregates: greedy root + strong neighbours, leftovers joined to a
//    neighbouring aggregate, rest grouped; nodes without strong neighbours
//    (e.g. dominated by a wall conductance) stay out (smoother only);
//  * tentative prolongator T: piecewise constant (the Laplacian's near null
//    space is the constant vector);
//  * prolongator P = (I - omega D^-1 A) T, omega = (4/3) / rho(D^-1 A) with
//    rho estimated by power iteration (bounded by Gershgorin);
//  * coarse operator A_c = P^T A P (Galerkin), coarsest solved by sparse LDL^T;
//  * smoother: one forward Gauss-Seidel sweep before and one backward sweep
//    after the coarse correction, which keeps the V-cycle symmetric (needed by CG).
#include <cstddef>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCholesky>
#include <Eigen/SparseCore>

namespace electrodem::solvers {

struct AmgOptions {
  double strength = 0.0;                // theta of the strength test [-]
  double smoothing_factor = 4.0 / 3.0;  // omega * rho(D^-1 A) of the prolongator smoother [-]
  Eigen::Index coarse_size = 800;       // solve directly at or below this many unknowns
  int max_levels = 20;
};

class AmgPreconditioner {
 public:
  using SpMat = Eigen::SparseMatrix<double>;  // symmetric, both triangles stored
  using RowMat = Eigen::SparseMatrix<double, Eigen::RowMajor>;

  // Builds the hierarchy for `a` (SPD, both triangles, compressed). `a` is
  // referenced, not copied: it must outlive the preconditioner. Throws
  // NumericalError on a non-positive diagonal or a failed coarse factorisation.
  explicit AmgPreconditioner(const SpMat& a, const AmgOptions& opt = {});

  // z = M^-1 r: one V-cycle from a zero initial guess.
  void apply(const Eigen::VectorXd& r, Eigen::VectorXd& z) const;

  std::size_t levels() const { return levels_.size(); }
  // unknowns and stored nonzeros of level l (0 = finest)
  std::pair<Eigen::Index, Eigen::Index> level_size(std::size_t l) const;
  // sum of nonzeros over all levels / nonzeros of the fine matrix [-]
  double operator_complexity() const;

 private:
  // Compressed-row view of a level's operator (the caller's column-major
  // symmetric matrix is its own transpose, so its columns serve as rows).
  struct Csr {
    Eigen::Index n = 0;
    const int* ptr = nullptr;
    const int* idx = nullptr;
    const double* val = nullptr;
  };
  struct Level {
    Csr a;
    RowMat owned;  // coarse levels own their operator (level 0: the caller's)
    RowMat p;      // prolongator from level l+1 to l (empty on the coarsest)
    Eigen::VectorXd inv_diag;
    mutable Eigen::VectorXd x, b, r;  // V-cycle work vectors
  };
  void cycle(std::size_t l, const Eigen::VectorXd& b, Eigen::VectorXd& x) const;

  std::vector<Level> levels_;
  Eigen::SimplicialLDLT<SpMat, Eigen::Lower, Eigen::AMDOrdering<int>> coarse_;
};

}  // namespace electrodem::solvers
