#!/usr/bin/python3
"""Initial positions for the "compress" benchmark (issue 8), shared by electrodem,
LIGGGHTS and LAMMPS so that all codes start from the same spheres.

N spheres, radius uniform in [4.5, 5.5] um (5 um +- 10 %), placed by random
sequential addition (RSA, no overlaps) into a box periodic in x and y with a
square footprint L x L and walls at z = 0 and z = H = 3 L; L is chosen so the
solid fraction V_spheres / (L^2 H) is exactly 0.30 (RSA saturates near 0.38, so
0.30 is reachable without a jamming protocol).

Writes into OUTDIR:
  compress_N<N>.data   LAMMPS/LIGGGHTS read_data file (atom_style sphere:
                       id type diameter density x y z)
  compress_N<N>.csv    electrodem packing.import CSV (x,y,z,radius in metres, material 'grain'
                       as named in bench/compress.json)
  compress_N<N>.json   box: footprint, height, N, solid volume, min radius

Usage: make_packing.py N [--seed S] [--out DIR]
"""
import argparse
import json
import math
import os

import numpy as np

R_MEAN = 5e-6
R_SPREAD = 0.1  # +-10 % uniform
RHO = 2000.0
PHI0 = 0.30
ASPECT = 3.0  # H / L


def generate(n, seed):
    rng = np.random.default_rng(seed)
    r = rng.uniform(R_MEAN * (1 - R_SPREAD), R_MEAN * (1 + R_SPREAD), n)
    vs = float(np.sum(4.0 / 3.0 * math.pi * r**3))
    L = (vs / (PHI0 * ASPECT)) ** (1.0 / 3.0)
    H = ASPECT * L
    # largest first: RSA accepts them more easily
    order = np.argsort(-r)
    r = r[order]
    cell = 2.0 * r.max()
    ncx = max(1, int(L / cell))
    ncz = max(1, int(H / cell))
    cx = L / ncx
    cz = H / ncz
    grid = {}
    pos = np.empty((n, 3))
    for k in range(n):
        rk = r[k]
        for attempt in range(100000):
            p = np.array([rng.uniform(0, L), rng.uniform(0, L), rng.uniform(rk, H - rk)])
            ix, iy, iz = int(p[0] / cx) % ncx, int(p[1] / cx) % ncx, min(int(p[2] / cz), ncz - 1)
            ok = True
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for dz in (-1, 0, 1):
                        jz = iz + dz
                        if jz < 0 or jz >= ncz:
                            continue
                        for j in grid.get(((ix + dx) % ncx, (iy + dy) % ncx, jz), ()):
                            d = pos[j] - p
                            d[0] -= L * round(d[0] / L)
                            d[1] -= L * round(d[1] / L)
                            if d @ d < (r[j] + rk) ** 2:
                                ok = False
                                break
                        if not ok:
                            break
                    if not ok:
                        break
                if not ok:
                    break
            if ok:
                pos[k] = p
                grid.setdefault((ix, iy, iz), []).append(k)
                break
        else:
            raise RuntimeError("RSA failed to place sphere %d" % k)
    return pos, r, L, H, vs


def write(outdir, n, pos, r, L, H, vs):
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, "compress_N%d" % n)
    with open(base + ".data", "w") as f:
        f.write("compress benchmark N=%d phi0=%.2f (electrodem bench/peers/make_packing.py)\n\n" % (n, PHI0))
        f.write("%d atoms\n1 atom types\n\n" % n)
        f.write("0 %.17g xlo xhi\n0 %.17g ylo yhi\n0 %.17g zlo zhi\n\n" % (L, L, H))
        f.write("Atoms\n\n")
        for i in range(n):
            f.write("%d 1 %.17g %.17g %.17g %.17g %.17g\n" % (i + 1, 2 * r[i], RHO, pos[i, 0], pos[i, 1], pos[i, 2]))
    with open(base + ".csv", "w") as f:
        f.write("# compress benchmark N=%d footprint %.17g m height %.17g m\n" % (n, L, H))
        f.write("x [m],y [m],z [m],radius [m],material\n")
        for i in range(n):
            f.write("%.17g,%.17g,%.17g,%.17g,grain\n" % (pos[i, 0], pos[i, 1], pos[i, 2], r[i]))
    meta = {"count": n, "footprint [m]": L, "height [m]": H, "solid volume [m^3]": vs,
            "min radius [m]": float(r.min()), "max radius [m]": float(r.max()),
            "initial solid fraction [-]": vs / (L * L * H)}
    with open(base + ".json", "w") as f:
        json.dump(meta, f, indent=2)
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="bench/peers/work")
    a = ap.parse_args()
    pos, r, L, H, vs = generate(a.n, a.seed)
    meta = write(a.out, a.n, pos, r, L, H, vs)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
