#!/usr/bin/python3
"""Material and numerical parameters of the "compress" benchmark, and how each
code's input is mapped so that all three integrate the SAME contact law.

Material (issue 8): E 20 GPa, nu 0.3, rho 2000 kg/m^3, mu 0.3, e 0.5; walls are
made of the same material (so E*, G* of a wall contact use the same mixing).

Dashpot. All three codes use a Tsuji-type Hertz dashpot F_d = -gamma v_n with
gamma proportional to sqrt(m* S), S the tangent stiffness; they differ in the
prefactor and in how it follows from "e":
  electrodem  gamma = 2 sqrt(5/6) beta sqrt(2 E* a m*), beta such that the real
              restitution of a Hertz collision is e (damping_beta_for_restitution)
  LIGGGHTS    gamma = 2 sqrt(5/6) beta sqrt(2 E* a m*), beta = -ln e / sqrt(ln^2 e + pi^2)
  LAMMPS      gamma = alpha(e) sqrt(4/3 E* a m*), alpha = Tsuji's polynomial in e
              (damping tsuji); same gamma as above iff alpha = sqrt(5) beta.
We keep electrodem's definition (real restitution 0.5) and feed each peer the
"e" that gives the same gamma (the dashpot coefficient is matched, not the label).
Clipping: electrodem clips the normal force (spring + dashpot) at zero; the peers do not by
default, and with the same gamma their collisions then rebound at 0.430 instead of 0.495 (at
this dt; 0.436 vs 0.500 continuous), because the dashpot pulls at the end of each collision
(bench/peers/probes/, tests/dem/test_dem_peer_probe.cpp). The decks therefore switch clipping
on (LIGGGHTS `limitForce on`, LAMMPS `limit_damping`); with it, one-contact probes of all
three codes agree to 1e-6. NB: LIGGGHTS's beta(e) formula is exact for its own unclipped
collision, so the "0.548" of /work/shared/PEERS.md is the clipped restitution of its beta(0.5).
Tangential dashpot: electrodem and LIGGGHTS use the same form with S_t = 8 G* a;
LAMMPS multiplies its normal gamma by a factor x (tangential mindlin kt x mu);
wanted x alpha sqrt(4/3 E* a m*) = 2 sqrt(5/6) beta sqrt(8 G* a m*), which with
alpha = sqrt(5) beta gives x = sqrt(4 G*/E*).

LAMMPS (Debian 20220106) quirks measured with single-contact `run 0/1` probes
(RESULTS.md): pair hertz/material mixes E* correctly, but fix wall/gran uses
E* = E_wall/(2(1-nu)) (not (1-nu^2)), so we pass E_wall = 2(1-nu) E*; and its
Mindlin NULL stiffness is wrong at walls, so k_t = 8 G* is given explicitly
(LAMMPS then uses k_t a, verified against 8 G* a for pairs and walls).

Thornton-Ning (elastoplastic variant): LIGGGHTS sets the yield contact radius
a_y = yr * r_i, i.e. p_y = 2 E* a_y / (pi R*). For equal radii (R* = r/2) this is
p_y = 4 E* yr / pi. We choose yr = 0.02 and give electrodem p_y = 4 E* yr / pi.
No dashpots at all in the TN runs (LIGGGHTS's TN tangential dashpot has the
wrong sign, PEERS.md), i.e. LIGGGHTS coefficientRestitution 1.0 and electrodem
restitution 1.0.
"""
import json
import math
import sys

E = 20e9
NU = 0.3
RHO = 2000.0
MU = 0.3
E_REST = 0.5
YIELD_RATIO = 0.02
DT_SAFETY = 0.2
R_MIN = 4.5e-6
R_MEAN = 5e-6
PHI0_START = 0.30

E_STAR = 1.0 / (2 * (1 - NU * NU) / E)          # equal materials
G = E / (2 * (1 + NU))
G_STAR = 1.0 / (2 * (2 - NU) / G)


def hertz_restitution(beta, h=2e-4):
    """Real restitution of a Hertz collision with the Tsuji/LIGGGHTS dashpot of ratio
    beta and force clipped at zero (same dimensionless ODE as src/dem/viscous_damping.cpp)."""
    if beta <= 0:
        return 1.0
    c = 2 * math.sqrt(5 / 6) * math.sqrt(1.875) * beta

    def acc(x, v):
        if x <= 0:
            return 0.0
        f = 1.25 * x * math.sqrt(x) + c * math.sqrt(math.sqrt(x)) * v
        return -f if f > 0 else 0.0

    x, v = 0.0, 1.0
    for _ in range(200000):
        k1x, k1v = v, acc(x, v)
        k2x, k2v = v + 0.5 * h * k1v, acc(x + 0.5 * h * k1x, v + 0.5 * h * k1v)
        k3x, k3v = v + 0.5 * h * k2v, acc(x + 0.5 * h * k2x, v + 0.5 * h * k2v)
        k4x, k4v = v + h * k3v, acc(x + h * k3x, v + h * k3v)
        x += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x)
        v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)
        if v < 0 and (x <= 0 or acc(x, v) == 0.0):
            return -v
    return 0.0


def beta_for_restitution(e):
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if hertz_restitution(mid, 1e-3) > e:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def liggghts_restitution_for_beta(beta):
    # beta = -ln e / sqrt(ln^2 e + pi^2)  <=>  ln e = -pi beta / sqrt(1 - beta^2)
    return math.exp(-math.pi * beta / math.sqrt(1 - beta * beta))


def tsuji_alpha(e):
    return (1.2728 - 4.2783 * e + 11.087 * e**2 - 22.348 * e**3 + 27.467 * e**4
            - 18.022 * e**5 + 4.8218 * e**6)


def lammps_restitution_for_alpha(alpha):
    lo, hi = 1e-3, 0.999  # alpha(e) decreases monotonically on (0, 1)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if tsuji_alpha(mid) > alpha:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def rayleigh_time(r):
    return math.pi * r * math.sqrt(RHO / G) / (0.1631 * NU + 0.8766)


def all_params():
    beta = beta_for_restitution(E_REST)
    alpha = math.sqrt(5.0) * beta
    # LAMMPS tangential damping = x * (normal gamma) = x * alpha sqrt(4/3 E* a m*);
    # wanted 2 sqrt(5/6) beta sqrt(8 G* a m*) => x = sqrt(8 G* / (2 E*)) = sqrt(4 G*/E*)
    x_t = math.sqrt(4 * G_STAR / E_STAR)
    return {
        "E [Pa]": E, "nu [-]": NU, "rho [kg/m^3]": RHO, "mu [-]": MU,
        "restitution (real, electrodem) [-]": E_REST,
        "E* [Pa]": E_STAR, "G* [Pa]": G_STAR,
        "beta [-]": beta,
        "liggghts coefficientRestitution [-]": liggghts_restitution_for_beta(beta),
        "lammps tsuji alpha [-]": alpha,
        "lammps tsuji restitution [-]": lammps_restitution_for_alpha(alpha),
        "lammps tangential damping factor [-]": x_t,
        "lammps wall E [Pa]": 2 * (1 - NU) * E_STAR,
        "lammps mindlin kt = 8 G* [Pa]": 8 * G_STAR,
        "yield ratio (liggghts) [-]": YIELD_RATIO,
        "yield pressure (electrodem) [Pa]": 4 * E_STAR * YIELD_RATIO / math.pi,
        "rayleigh time [s]": rayleigh_time(R_MIN),
        "dt [s]": DT_SAFETY * rayleigh_time(R_MIN),
    }


if __name__ == "__main__":
    json.dump(all_params(), sys.stdout, indent=2)
    print()
