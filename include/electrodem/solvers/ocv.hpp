#pragma once
// Open-circuit voltage U(x) of intercalation materials (DESIGN.md §3.3).
// Materials carry U(x) as a table (dem::Table1D); the solver evaluates it with
// the monotone piecewise-cubic Hermite interpolant (C1, no overshoot) together
// with its slope, because Newton stalls on the kinks of a piecewise-linear U.
// Outside the table the end segments are continued linearly (not clamped), so
// that a Newton iterate that overshoots the table still sees a monotone,
// differentiable U; converged states stay inside the lithiation window.
#include <string>
#include <vector>

#include "electrodem/dem/material.hpp"

namespace electrodem::solvers {

struct ValueSlope {
  double value = 0.0;  // y(x)
  double slope = 0.0;  // dy/dx
};

// Monotone cubic (Fritsch-Carlson) interpolation with linear extrapolation;
// the table must have strictly increasing x and at least two points.
ValueSlope interpolate(const dem::Table1D& t, double x);

// NMC811 open-circuit potential vs Li/Li+ [V] as a function of the
// stoichiometry x = c/c_max, the fit of Chen et al., J. Electrochem. Soc. 167
// (2020) 080534, eq. for the LG M50 positive electrode (the PyBaMM parameter
// set "Chen2020"). Valid on the measured window 0.2661 <= x <= 0.9084.
double ocv_nmc811_chen2020(double x);

// The OCV curve U(x) of a material as the solver uses it. The table is
// resampled densely (monotone cubic) and the curve is parametrised by its arc
// length xi in the plane (x, U / 1 V): the Newton unknown of a particle's
// surface is xi, not x. Both x(xi) and U(xi) then have slopes of at most one
// and turn smoothly where U(x) bends sharply (the steep ends of the window),
// where Newton in x stalls. x(xi) and U(xi) are monotone cubic Hermite
// interpolants of the samples (C1), continued linearly beyond them; U(x) is
// U(xi(x)).
class OcvCurve {
 public:
  OcvCurve() = default;
  explicit OcvCurve(const dem::Table1D& table, int samples = 4001);
  struct Point {
    double x, dx;  // x(xi), dx/dxi
    double u, du;  // U(xi) [V], dU/dxi
  };
  Point at(double xi) const;
  double xi_of_x(double x) const;
  double u_of_x(double x) const;
  bool empty() const { return xi_.empty(); }

 private:
  std::vector<double> xi_, x_, u_;
};

// Check a table for use as an OCV: >= 2 points, strictly increasing x,
// finite values. Returns an empty string when fine, else the problem.
std::string check_table(const dem::Table1D& t);

}  // namespace electrodem::solvers
