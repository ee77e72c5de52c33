#pragma once
// Open-circuit voltage U(x) of intercalation materials (DESIGN.md §3.3).
// Materials carry U(x) as a table (dem::Table1D); the solver evaluates it
// piecewise linearly together with its slope (needed by the Newton Jacobian).
// Outside the table the end segments are extended linearly (not clamped), so
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

// Piecewise-linear interpolation with linear extrapolation; the table must
// have strictly increasing x and at least two points.
ValueSlope interpolate(const dem::Table1D& t, double x);

// NMC811 open-circuit potential vs Li/Li+ [V] as a function of the
// stoichiometry x = c/c_max, the fit of Chen et al., J. Electrochem. Soc. 167
// (2020) 080534, eq. for the LG M50 positive electrode (the PyBaMM parameter
// set "Chen2020"). Valid on the measured window 0.2661 <= x <= 0.9084.
double ocv_nmc811_chen2020(double x);



// Check a table for use as an OCV: >= 2 points, strictly increasing x,
// finite values. Returns an empty string when fine, else the problem.
std::string check_table(const dem::Table1D& t);

}  // namespace electrodem::solvers
