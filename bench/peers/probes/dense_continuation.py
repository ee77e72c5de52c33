#!/usr/bin/python3
"""Deterministic many-contact probe: every code continues the SAME dense state for a few thousand
steps, and the top-wall stress is compared step by step, before chaos separates the trajectories.

1. A "compress" packing of --n spheres (make_packing.py --seed) is pressed by LIGGGHTS (matched,
   clipped dashpot: bench/peers/compress_liggghts.in) until phi ~ 0.61 and dumped.
2. From the dumped positions (velocities 0, no contact history; lifted off the bottom wall and the
   top wall placed just above the highest sphere, because electrodem rejects wall overlaps at
   import) electrodem, LIGGGHTS and LAMMPS press on with the same wall speed and dt for --steps.
Any difference in the contact laws (normal, dashpot, clipping, tangential, walls) shows up as a
deviation from the first samples on; pure round-off grows slowly from 1e-16.

  bench/peers/probes/dense_continuation.py --work /tmp/dense_probe [--n 2000] [--steps 2000]
(N >= 2000: LIGGGHTS rejects meshes smaller than 1e-4 m.) ~1 CPU-min in total.
"""
import argparse
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.dirname(HERE)
sys.path.insert(0, PEERS)
sys.path.insert(0, os.path.dirname(PEERS))
import params as P  # noqa: E402
import run_compress as rc  # noqa: E402


def dense_state(a, meta, dt, v, nsteps):
    deck = open(os.path.join(PEERS, "compress_liggghts.in")).read().replace(
        "run             ${nsteps}",
        'dump            d all custom ${nsteps} dense.dump id radius x y z\n'
        'dump_modify     d format "%d %.17g %.17g %.17g %.17g"\nrun             ${nsteps}')
    with open(os.path.join(a.work, "make_dense.in"), "w") as f:
        f.write(deck)
    cmd = ["nice", "-n", str(a.nice), "liggghts", "-in", "make_dense.in", "-log", "make_dense.log",
           "-var", "datafile", meta["data"], "-var", "stl", meta["stl"], "-var", "model", "hertz",
           "-var", "erest", repr(P.all_params()["liggghts coefficientRestitution [-]"]), "-var", "yr", "0.02",
           "-var", "dt", repr(dt), "-var", "nsteps", str(nsteps), "-var", "vwall", repr(v),
           "-var", "skin", "1e-6", "-var", "every", "5000"]
    subprocess.check_call(cmd, cwd=a.work, stdout=subprocess.DEVNULL)
    text = open(os.path.join(a.work, "dense.dump")).read().split("ITEM: TIMESTEP")[-1].splitlines()
    i0 = [k for k, l in enumerate(text) if l.startswith("ITEM: ATOMS")][0]
    return sorted((l.split() for l in text[i0 + 1:] if l.strip()), key=lambda s: int(s[0]))


def write_state(a, atoms, L, vs, rmin):
    lift = max(0.0, max(float(s[1]) - float(s[4]) for s in atoms)) * 1.0001
    for s in atoms:
        s[4] = repr(float(s[4]) + lift)
    h = max(float(s[4]) + float(s[1]) for s in atoms) * (1 + 1e-6)
    base = os.path.join(a.work, "dense")
    with open(base + ".data", "w") as f:  # box a little higher than the wall (mesh inside the box)
        f.write("dense probe\n\n%d atoms\n1 atom types\n\n0 %.17g xlo xhi\n0 %.17g ylo yhi\n"
                "0 %.17g zlo zhi\n\nAtoms\n\n" % (len(atoms), L, L, 1.02 * h))
        for s in atoms:
            f.write("%s 1 %.17g 2000 %s %s %s\n" % (s[0], 2 * float(s[1]), s[2], s[3], s[4]))
    with open(base + ".csv", "w") as f:
        f.write("x [m],y [m],z [m],radius [m],material\n")
        for s in atoms:
            f.write("%s,%s,%s,%s,grain\n" % (s[2], s[3], s[4], s[1]))
    rc.write_top_stl(base + "_top.stl", L, h)
    return {"count": len(atoms), "footprint [m]": L, "height [m]": h, "solid volume [m^3]": vs,
            "min radius [m]": rmin, "data": base + ".data", "csv": base + ".csv", "stl": base + "_top.stl"}


def read(path):
    with open(path) as f:
        return {int(r["step"]): float(r["wall stress [Pa]"]) for r in csv.DictReader(f)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--electrodem", default=None)
    ap.add_argument("--nice", type=int, default=15)
    a = ap.parse_args()
    a.work = os.path.abspath(a.work)
    os.makedirs(a.work, exist_ok=True)
    meta0 = rc.packing(a.n, a.work, a.seed)
    H, L = meta0["height [m]"], meta0["footprint [m]"]
    dt = P.DT_SAFETY * P.rayleigh_time(meta0["min radius [m]"])
    v = (H - H * P.PHI0_START / 0.645) / (50000 * dt)  # the 50 000-step benchmark's wall speed
    atoms = dense_state(a, meta0, dt, v, 47600)
    meta = write_state(a, atoms, L, meta0["solid volume [m^3]"], meta0["min radius [m]"])
    out = os.path.join(a.work, "out")
    os.makedirs(out, exist_ok=True)
    par = P.all_params()
    exe = rc.electrodem_binary(a.electrodem)
    rc.run_electrodem(exe, "hertz", meta, 1, a.steps, dt, v, par, out, a.nice)
    rc.run_peer("liggghts", "hertz", meta, 1, a.steps, dt, v, par, out, a.nice, 10)
    rc.run_peer("lammps", "hertz", meta, 1, a.steps, dt, v, par, out, a.nice, 10)
    c = {k: read(os.path.join(out, "curve_%s_hertz_N%d_T1.csv" % (k, a.n))) for k in ("electrodem", "liggghts", "lammps")}
    print("phi at start %.4f; top-wall stress [Pa] and relative differences:" % (meta["solid volume [m^3]"] / (L * L * meta["height [m]"])))
    print("%6s %13s %13s %13s %11s %11s %11s" % ("step", "electrodem", "liggghts", "lammps", "ed/lmp-1", "ed/lig-1", "lmp/lig-1"))
    rows = []
    for s in sorted(c["electrodem"]):
        if s in c["liggghts"] and s in c["lammps"] and c["liggghts"][s] > 0 and c["lammps"][s] > 0:
            e, l, m = c["electrodem"][s], c["liggghts"][s], c["lammps"][s]
            rows.append((s, e, l, m))
            print("%6d %13.6e %13.6e %13.6e %11.2e %11.2e %11.2e" % (s, e, l, m, e / m - 1, e / l - 1, m / l - 1))
    with open(os.path.join(a.work, "dense_continuation.json"), "w") as f:
        json.dump({"n": a.n, "seed": a.seed, "steps": a.steps, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
