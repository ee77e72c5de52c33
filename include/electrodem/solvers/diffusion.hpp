#pragma once
// Solid-state Li diffusion in a spherical particle, finite volume, implicit
// Euler (DESIGN.md §3.3). Fick's law in spherical symmetry,
//   dx/dt = (1/r^2) d/dr (r^2 D(x) dx/dr),   -D dx/dr|_R = q_s,
// with x = c/c_max the lithiation. The particle is split into N shells whose
// widths shrink geometrically toward the surface; each shell holds its
// volume-averaged x. Fluxes between shells are two-point (midpoint nodes), so
// the Li content changes by exactly the surface outflow times dt (round-off).
// D(x) is evaluated at the start of the step (lagged), which keeps each step
// linear in x; the step is then an affine function of the surface outflow
// rate q (Li leaving per site per second): x_new = x0 + q x1. The coupled
// electrochemistry solves for q and then applies it.
#include <vector>

#include "electrodem/dem/material.hpp"

namespace electrodem::solvers {

// Dimensionless shell geometry (radius scaled by the particle radius).
class SphereMesh {
 public:
  // shells >= 2; refinement = width of the innermost shell / width of the outermost (>= 1).
  explicit SphereMesh(int shells = 20, double refinement = 8.0);
  int size() const { return static_cast<int>(volume_.size()); }
  double face(int k) const { return face_[k]; }      // outer face of shell k, r/R
  double node(int k) const { return node_[k]; }      // midpoint of shell k, r/R
  double volume(int k) const { return volume_[k]; }  // shell volume / sphere volume

 private:
  std::vector<double> face_, node_, volume_;
};

// One particle's implicit step as an affine function of the outflow rate q [1/s]
// (moles of Li leaving per mole of sites per second; positive = delithiation).
struct DiffusionStep {
  std::vector<double> x0, x1;       // shell values: x_new = x0 + q x1
  double surf0 = 0.0, surf1 = 0.0;  // surface value: x_surf = surf0 + q surf1
};

// Builds the step for a particle of radius R [m] whose shell values are x_old.
// D(x) from the material (table if set, else constant). Work arrays are the
// caller's to avoid allocation in the hot loop.
void diffusion_step(const SphereMesh& mesh, const dem::ElectrochemParams& p, double radius,
                    double dt, const double* x_old, DiffusionStep& out);

// Diffusivity D(x) [m^2/s] of the material (table, or the constant).
double diffusivity(const dem::ElectrochemParams& p, double x);

// Volume-averaged lithiation of a particle from its shell values.
double mean_lithiation(const SphereMesh& mesh, const double* x);

}  // namespace electrodem::solvers
