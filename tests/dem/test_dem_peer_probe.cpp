// One-contact probes against LIGGGHTS 3.8 and LAMMPS (Debian 20220106), the peers of the issue 3
// "compress" comparison. Same material (E 20 GPa, nu 0.3, rho 2000 kg/m^3, mu 0.3, r 5 um), same
// dashpot coefficient (electrodem restitution 0.5 <-> beta 0.2553 <-> LIGGGHTS
// coefficientRestitution 0.4363, LAMMPS tsuji 0.2964: bench/peers/params.py) and the same
// dt = 1.5577e-9 s as the benchmark. Peer numbers come from bench/peers/probes/*.in
// (bench/peers/probes/run_probes.sh); they are the peers' outputs, printed to 6+ digits.
//
// What they establish: with the normal force (spring + dashpot) clipped at zero
// (LIGGGHTS `limitForce on`, LAMMPS `limit_damping`) both peers rebound exactly as electrodem
// does; with the peers' default (no clipping) the dashpot pulls at the end of each collision and
// the same coefficient gives restitution 0.430 instead of 0.495 — the cause of the peers' higher
// dynamic wall stress in bench/RESULTS.md.
#include <gtest/gtest.h>

#include <cmath>

#include "dem_test_util.hpp"
#include "electrodem/dem/contact/viscous_damping.hpp"
#include "electrodem/dem/system.hpp"

using namespace electrodem::dem;
using namespace electrodem::dem::testing;

namespace {

constexpr double kDt = 1.5577e-9;  // 0.2 Rayleigh times of r = 4.5 um, as in the benchmark
constexpr double kR = 5e-6;

Material probe_material() { return elastic_material("grain", 20e9, 2000.0, 0.5, 0.3); }

DemParams probe_params() {
  DemParams prm;
  prm.conserve_volume = false;
  prm.wall.youngs_modulus = 20e9;
  prm.wall.poisson_ratio = 0.3;
  prm.wall.friction = 0.3;
  return prm;
}

}  // namespace

// Peers (bench/peers/probes/pair.in): spheres at x = 44 and 56 um approaching at +-1 m/s.
//   LIGGGHTS limitForce on 0.494940924, LAMMPS limit_damping 0.494940924 (both clipped)
//   LIGGGHTS default        0.429461534, LAMMPS default       0.429462    (dashpot may pull)
// The scheme (velocity Verlet, forces from the half-step velocity) and the law are the same, so
// the clipped numbers must agree to rounding: tolerance 1e-6 relative.
TEST(DemPeerProbe, HeadOnCollisionMatchesClippedPeers) {
  System s(two_spheres(kR, kR, 2e-6), one_material(probe_material()), probe_params());
  s.set_time_step(kDt);
  s.p.vx[0] = 1.0;
  s.p.vx[1] = -1.0;
  for (int k = 0; k < 2000; ++k) s.step();
  const double e = 0.5 * (s.p.vx[1] - s.p.vx[0]);
  EXPECT_NEAR(e / 0.494940924, 1.0, 1e-6);
  // and clearly not the unclipped peers' value
  EXPECT_GT(e - 0.429461534, 0.06);
}

// Peers (bench/peers/probes/wall.in): sphere at z = 6 um moving at -1 m/s onto the wall z = 0.
//   LIGGGHTS limitForce on 0.496138882, LAMMPS limit_damping 0.496138808.
// LAMMPS's wall mixes E* differently (the deck passes E_wall = 2(1-nu)E*, params.py); the two
// peers agree to 1.5e-7, so tolerance 1e-6.
TEST(DemPeerProbe, WallCollisionMatchesClippedPeers) {
  System s(one_sphere(kR, 6e-6, 1e-4), one_material(probe_material()), probe_params());
  s.set_time_step(kDt);
  s.p.vz[0] = -1.0;
  for (int k = 0; k < 2000; ++k) s.step();
  EXPECT_NEAR(s.p.vz[0] / 0.496138882, 1.0, 1e-6);
}

// Why the labels differ between codes: for the Tsuji/LIGGGHTS Hertz dashpot the restitution of
// the UNCLIPPED collision (contact until the overlap closes, the dashpot may pull) is exactly
// LIGGGHTS's e = exp(-pi beta / sqrt(1 - beta^2)), the linear-oscillator formula; electrodem's
// restitution is that of the clipped collision (no attraction), which is larger for the same
// beta. Tolerance 1e-4: RK4 with h = 1e-3 on a collision lasting ~3 time units.
TEST(DemPeerProbe, UnclippedRestitutionIsLiggghtsFormula) {
  for (double beta : {0.05, 0.2155, 0.2553, 0.4}) {
    const double liggghts = std::exp(-M_PI * beta / std::sqrt(1.0 - beta * beta));
    EXPECT_NEAR(hertz_restitution(beta, false), liggghts, 1e-4) << "beta " << beta;
    EXPECT_GT(hertz_restitution(beta, true), liggghts + 0.004) << "beta " << beta;  // 0.0043 at 0.05
  }
  // the benchmark's matched coefficient: clipped 0.5 (electrodem's definition), unclipped 0.4363
  // (= the LIGGGHTS coefficientRestitution that gives the same beta)
  const double beta = damping_beta_for_restitution(0.5);
  EXPECT_NEAR(hertz_restitution(beta, false), 0.43628244, 2e-4);
}

// Oblique impacts on the wall, velocity (vx, 0, -1) m/s (bench/peers/probes/*_wall.in), clipped:
//                 vx_out (0.5)  omega_y (0.5)   vx_out (2.0)  omega_y (2.0)
//   LIGGGHTS      0.364780      67579.7         1.530588      234476.7
//   LAMMPS        0.346192      76904.0         1.645017      177491.7
//   electrodem    0.345613      77037.9         1.645030      177062.9
// The peers differ in the Coulomb cap: LIGGGHTS caps the spring and adds the dashpot only while
// sticking (|F_t| may exceed mu F_n); LAMMPS and electrodem cap spring + dashpot and store the
// spring as xi = -(F_t + gamma_t v_t)/k_t, so electrodem follows LAMMPS (tolerance 5e-3: the
// codes differ in the wall lever arm, centre-wall distance vs radius, and in how the spring is
// turned into the tangent plane). NB: in this gross slide (vx = 2) the Coulomb impulse would
// give vx_out = 2 - mu (1 + e_n) = 1.5512; LAMMPS and electrodem fall 21 % short of it because
// the stored spring is pre-loaded against the dashpot (bench/RESULTS.md, "Problems found").
TEST(DemPeerProbe, ObliqueWallImpactFollowsLammps) {
  const double lammps[2][2] = {{0.346191963, 76904.0183}, {1.64501652, 177491.738}};
  int row = 0;
  for (double vx : {0.5, 2.0}) {
    System s(one_sphere(kR, 6e-6, 1e-4), one_material(probe_material()), probe_params());
    s.set_time_step(kDt);
    s.p.vx[0] = vx;
    s.p.vz[0] = -1.0;
    for (int k = 0; k < 2000; ++k) s.step();
    EXPECT_NEAR(s.p.vz[0] / 0.496138882, 1.0, 1e-6);
    EXPECT_NEAR(s.p.vx[0] / lammps[row][0], 1.0, 5e-3) << "vx " << vx;
    EXPECT_NEAR(s.p.wy[0] / lammps[row][1], 1.0, 5e-3) << "vx " << vx;
    ++row;
  }
}
