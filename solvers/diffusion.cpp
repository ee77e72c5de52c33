#include "electrodem/solvers/diffusion.hpp"

#include <cmath>
#include <stdexcept>

#include "electrodem/solvers/ocv.hpp"

namespace electrodem::solvers {

SphereMesh::SphereMesh(int shells, double refinement) {
  if (shells < 2 || !(refinement >= 1.0))
    throw std::invalid_argument("SphereMesh needs >= 2 shells and refinement >= 1");
  // Widths h_k = h_0 g^k with g^(N-1) = 1/refinement, scaled to sum to 1.
  const double g = std::pow(1.0 / refinement, 1.0 / (shells - 1));
  std::vector<double> h(shells);
  double sum = 0.0;
  for (int k = 0; k < shells; ++k) sum += (h[k] = std::pow(g, k));
  double r = 0.0;
  for (int k = 0; k < shells; ++k) {
    const double inner = r;
    r = (k == shells - 1) ? 1.0 : r + h[k] / sum;
    face_.push_back(r);
    node_.push_back(0.5 * (inner + r));
    volume_.push_back(r * r * r - inner * inner * inner);
  }
}

double diffusivity(const dem::ElectrochemParams& p, double x) {
  if (p.diffusivity_vs_x.x.size() >= 2) return interpolate(p.diffusivity_vs_x, x).value;
  return p.diffusivity;
}

double mean_lithiation(const SphereMesh& mesh, const double* x) {
  double s = 0.0;
  for (int k = 0; k < mesh.size(); ++k) s += mesh.volume(k) * x[k];
  return s;
}

void diffusion_step(const SphereMesh& mesh, const dem::ElectrochemParams& p, double radius,
                    double dt, const double* x_old, DiffusionStep& out) {
  // Shell balance (per mole of sites, volumes w_k as fractions of the sphere):
  //   w_k (x_k' - x_k)/dt = K_{k-1}(x_{k-1}' - x_k') - K_k (x_k' - x_{k+1}') - delta_{kN} q
  // with face conductance K_k = 3 D_k f_k^2 / (R^2 (n_{k+1} - n_k)) (f face, n node radii / R),
  // from 4 pi r^2 D c_max dx/dr divided by the site count c_max 4/3 pi R^3.
  // Solved for the increment d = x' - x, (W/dt + L) d = -L x - e_N q, so that round-off
  // scales with the (small) change, not with x; a uniform profile without flux stays exact.
  const int n = mesh.size();
  out.x0.resize(n);
  out.x1.resize(n);
  thread_local std::vector<double> diag, off, r0, r1;
  diag.assign(n, 0.0);
  off.assign(n, 0.0);  // off[k] couples k and k+1 (symmetric)
  r0.assign(n, 0.0);
  r1.assign(n, 0.0);
  const double inv_r2 = 1.0 / (radius * radius);
  for (int k = 0; k < n; ++k) diag[k] = mesh.volume(k) / dt;
  for (int k = 0; k + 1 < n; ++k) {
    const double d = diffusivity(p, 0.5 * (x_old[k] + x_old[k + 1]));
    const double f = mesh.face(k);
    const double kk = 3.0 * d * f * f * inv_r2 / (mesh.node(k + 1) - mesh.node(k));
    diag[k] += kk;
    diag[k + 1] += kk;
    off[k] = -kk;
    const double flux = kk * (x_old[k] - x_old[k + 1]);  // outward through face k
    r0[k] -= flux;
    r0[k + 1] += flux;
  }
  r1[n - 1] = -1.0;
  // Thomas algorithm (symmetric, diagonally dominant), two right-hand sides.
  for (int k = 1; k < n; ++k) {
    const double m = off[k - 1] / diag[k - 1];
    diag[k] -= m * off[k - 1];
    r0[k] -= m * r0[k - 1];
    r1[k] -= m * r1[k - 1];
  }
  std::vector<double>& d0 = out.x0;
  std::vector<double>& d1 = out.x1;
  d0[n - 1] = r0[n - 1] / diag[n - 1];
  d1[n - 1] = r1[n - 1] / diag[n - 1];
  for (int k = n - 2; k >= 0; --k) {
    d0[k] = (r0[k] - off[k] * d0[k + 1]) / diag[k];
    d1[k] = (r1[k] - off[k] * d1[k + 1]) / diag[k];
  }
  // The exact solution conserves sum w_k d_k = -q dt; remove the solve's round-off
  // from the outer shell so the Li balance closes to summation round-off.
  double s0 = 0.0, s1 = 0.0;
  for (int k = 0; k < n; ++k) s0 += mesh.volume(k) * d0[k], s1 += mesh.volume(k) * d1[k];
  d0[n - 1] -= s0 / mesh.volume(n - 1);
  d1[n - 1] += (-dt - s1) / mesh.volume(n - 1);
  for (int k = 0; k < n; ++k) d0[k] += x_old[k];  // x0 = x_old + d0, x1 = d1
  // Surface value from the outer node and the flux: -D dx/dr = q R/3 (per-site rate q
  // times the site count over the area, c_max 4/3 pi R^3 / (4 pi R^2 c_max) = R/3).
  const double ds = diffusivity(p, x_old[n - 1]);
  const double gap = (1.0 - mesh.node(n - 1)) * radius;  // [m]
  out.surf0 = out.x0[n - 1];
  out.surf1 = out.x1[n - 1] - radius / 3.0 * gap / ds;
}

}  // namespace electrodem::solvers
