#!/usr/bin/python3
"""Dense-start peer comparison (issue 3): every code compresses the SAME relaxed, dense packing.

Why: from the loose benchmark start (phi 0.30) the codes' trajectories separate chaotically during
the long collisional compaction, so near jamming one run of each code compares two realisations.
Here the collisional part is done once, by electrodem, and frozen into a common start:

  prepare  1. make_packing.py --seed S: N spheres by RSA at phi 0.30 (the benchmark's packing).
           2. electrodem, servo-mode press reduced to its AFFINE APPROACH (compaction.cpp): the
              punch and all particle heights shrink at a homogeneous strain rate (--approach-rate),
              no compaction front, stopped after the step count that reaches --phi-prep
              (press.max_steps; the approach's stop stress, 1 MPa, is not reached).
           3. electrodem relaxation of that state (velocities zeroed at import): local damping 0.7,
              punch practically fixed (velocity mode, 1e-9 m/s), --relax-steps steps.
           4. export (vtk/particles_*.vtp, doubles): positions, radii -> lifted clear of the bottom
              wall, top wall just above the highest sphere, velocities zero, no contact history.
              Written as start.csv (electrodem packing.import), start.data (LIGGGHTS/LAMMPS
              read_data), start_top.stl, start.json. phi of this start is printed (~0.56-0.57).
  run      every code presses start.* with the top wall at constant speed from the start gap to
           phi --phi-end in exactly --steps steps of dt = 0.2 T_Rayleigh(r_min) (bench/run_compress.py
           runners, clipped dashpots, matched laws: params.py). Also electrodem on a copy of the start
           with every coordinate perturbed by +-1e-12 of the particle radius (--perturb): the
           same-code noise floor. Curves: OUT/seed<S>/steps<K>/curve_<code>_<variant>_N<N>_T1.csv,
           perturbed electrodem as curve_electrodem-p_<variant>_...

  bench/peers/dense_start.py prepare --seeds 1 2 3
  bench/peers/dense_start.py run --seeds 1 2 3 --variants hertz tn --perturb
  bench/peers/dense_compare.py bench/peers/work/dense --steps 50000 --plots bench/peers/plots

The script runs every code under `nice -n --nice` (default 10) itself: do not wrap it in nice (the
niceness would add up to 19). Finished runs (curve present) are skipped, so it can be re-run to
extend. Costs (N 5000, 1 core): prepare ~35 CPU-s, each 50 000-step run 80-125 CPU-s.
"""
import argparse
import glob
import json
import math
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
import params as P  # noqa: E402
import run_compress as rc  # noqa: E402
import ensemble  # noqa: E402,F401  (wraps rc.sh: electrodem runs get dem.max_elastic_overlap=0.3)

CODES = {"hertz": ["electrodem", "liggghts", "lammps"], "tn": ["electrodem", "liggghts"]}
PERTURBATION = 1e-12  # of the radius, per coordinate


def electrodem(exe, sets, out, log, nice):
    cmd = [exe, "run", os.path.join(os.path.dirname(HERE), "compress.json"), "--out", out, "--threads", "1"]
    for s in sets:
        cmd += ["--set", s]
    if os.path.isdir(out):
        shutil.rmtree(out)
    wall, cpu, code = rc.sh(cmd, log, os.path.dirname(os.path.dirname(HERE)), nice)
    if code != 0:
        raise RuntimeError("electrodem failed (%d), see %s" % (code, log))
    print("  %s: %.0f CPU-s" % (os.path.basename(out), cpu), flush=True)
    return json.load(open(os.path.join(out, "summary.json")))


def last_sample(rundir):
    """last row of a run's timeseries.csv as {column: float}"""
    import csv
    rows = list(csv.DictReader(open(os.path.join(rundir, "timeseries.csv"))))
    return {k: float(v) for k, v in rows[-1].items()}


def last_frame(rundir):
    """positions (n, 3), radii, velocities of the last particles_*.vtp of a run, in id order."""
    import vtk
    from vtk.util.numpy_support import vtk_to_numpy
    path = sorted(glob.glob(os.path.join(rundir, "vtk", "particles_*.vtp")))[-1]
    r = vtk.vtkXMLPolyDataReader()
    r.SetFileName(path)
    r.Update()
    pd = r.GetOutput()
    x = vtk_to_numpy(pd.GetPoints().GetData()).astype(np.float64)
    d = pd.GetPointData()
    rad = vtk_to_numpy(d.GetArray("radius")).astype(np.float64)
    v = vtk_to_numpy(d.GetArray("velocity")).astype(np.float64)
    ids = d.GetArray("id")
    if ids is not None:
        order = np.argsort(vtk_to_numpy(ids))
        x, rad, v = x[order], rad[order], v[order]
    return x, rad, v


def write_start(base, x, r, L, perturb=0.0, seed=0):
    """Start files from positions x (n, 3) and radii r: lifted clear of the bottom wall, top wall
    (and LIGGGHTS mesh) just above the highest sphere, x and y wrapped into [0, L)."""
    x = x.copy()
    if perturb > 0:
        rng = np.random.default_rng(1000 + seed)
        x += perturb * r[:, None] * rng.uniform(-1.0, 1.0, x.shape)
    x[:, :2] %= L
    lift = max(0.0, float(np.max(r - x[:, 2]))) * 1.0001
    x[:, 2] += lift
    h = float(np.max(x[:, 2] + r)) * (1 + 1e-6)
    vs = float(np.sum(4.0 / 3.0 * math.pi * r**3))
    n = len(r)
    with open(base + ".data", "w") as f:  # box above the wall so that the mesh lies inside it
        f.write("dense start (bench/peers/dense_start.py)\n\n%d atoms\n1 atom types\n\n"
                "0 %.17g xlo xhi\n0 %.17g ylo yhi\n0 %.17g zlo zhi\n\nAtoms\n\n" % (n, L, L, 1.02 * h))
        for i in range(n):
            f.write("%d 1 %.17g %.17g %.17g %.17g %.17g\n" % (i + 1, 2 * r[i], P.RHO, x[i, 0], x[i, 1], x[i, 2]))
    with open(base + ".csv", "w") as f:
        f.write("# dense start footprint %.17g m height %.17g m\n" % (L, h))
        f.write("x [m],y [m],z [m],radius [m],material\n")
        for i in range(n):
            f.write("%.17g,%.17g,%.17g,%.17g,grain\n" % (x[i, 0], x[i, 1], x[i, 2], r[i]))
    rc.write_top_stl(base + "_top.stl", L, h)
    meta = {"count": n, "footprint [m]": L, "height [m]": h, "solid volume [m^3]": vs,
            "min radius [m]": float(r.min()), "initial solid fraction [-]": vs / (L * L * h),
            "perturbation [radius]": perturb,
            "data": base + ".data", "csv": base + ".csv", "stl": base + "_top.stl"}
    with open(base + ".json", "w") as f:
        json.dump(meta, f, indent=2)
    return meta


def prepare(a, seed, exe):
    wd = os.path.join(a.out, "seed%d" % seed)
    os.makedirs(wd, exist_ok=True)
    loose = rc.packing(a.n, wd, seed)  # compress_N<N>.{csv,data,json}: the benchmark's RSA packing
    L, H = loose["footprint [m]"], loose["height [m]"]
    phi0 = loose["initial solid fraction [-]"]
    # affine approach (compaction.cpp): strain per step = rate dt with rate = I_a / (d sqrt(rho / p_a));
    # p_a = 1 MPa is never reached below phi 0.6, so press.max_steps stops the approach at phi_prep
    p_a = 1e6
    dt = P.DT_SAFETY * P.rayleigh_time(loose["min radius [m]"])
    inertia = a.approach_rate * 2 * P.R_MEAN * math.sqrt(P.RHO / p_a)
    eps = min(a.approach_rate * dt, 1e-3)
    steps = int(math.ceil(math.log(a.phi_prep / phi0) / -math.log(1 - eps)))
    print("seed %d: affine approach %.3f -> %.3f at %.3g 1/s, %d steps (strain %.3g per step)" % (
        seed, phi0, a.phi_prep, a.approach_rate, steps, eps), flush=True)
    common = ["packing.count=%d" % a.n, "packing.footprint=[%r,%r]" % (L, L),
              "output.vtk=true", "output.frames_per_stage=1", "output.progress_interval=5"]
    electrodem(exe, common + [
        "packing.import=\"%s\"" % loose["csv"], "packing.height=%r" % H,
        "press.mode=servo", "press.pressure=%r" % (p_a / 0.01), "press.approach_stress=0.01",
        "press.approach_inertia_number=%r" % inertia, "press.max_steps=%d" % steps],
        os.path.join(wd, "approach"), os.path.join(wd, "approach.log"), a.nice)
    x, r, v = last_frame(os.path.join(wd, "approach"))
    t1 = last_sample(os.path.join(wd, "approach"))
    print("  after approach: phi %.4f (thickness), stress %.3g Pa, rms speed %.3g m/s, Z %.2f" % (
        t1["relative density [-]"], t1["punch stress [Pa]"], float(np.sqrt((v**2).sum(axis=1).mean())),
        t1["coordination number [-]"]), flush=True)
    m1 = write_start(os.path.join(wd, "approached"), x, r, L)
    electrodem(exe, common + [
        "packing.import=\"%s\"" % m1["csv"], "packing.height=%r" % m1["height [m]"],
        "press.mode=velocity", "press.velocity=1e-9", "press.steps=%d" % a.relax_steps,
        "press.dt_factor=%r" % P.DT_SAFETY, "dem.local_damping=0.7"],
        os.path.join(wd, "relax"), os.path.join(wd, "relax.log"), a.nice)
    x, r, v = last_frame(os.path.join(wd, "relax"))
    meta = write_start(os.path.join(wd, "start"), x, r, L)
    write_start(os.path.join(wd, "start_perturbed"), x, r, L, PERTURBATION, seed)
    t2 = last_sample(os.path.join(wd, "relax"))
    print("  relaxed start: phi %.4f, rms speed before zeroing %.3g m/s, stress %.3g Pa, kinetic energy %.3g J,"
          " Z %.2f, unbalanced force ratio %.3g" % (
              meta["initial solid fraction [-]"], float(np.sqrt((v**2).sum(axis=1).mean())), t2["punch stress [Pa]"],
              t2["kinetic energy [J]"], t2["coordination number [-]"], t2["unbalanced force ratio [-]"]), flush=True)


def run(a, seed, exe):
    wd = os.path.join(a.out, "seed%d" % seed)
    out = os.path.join(wd, "steps%d" % a.steps)
    os.makedirs(out, exist_ok=True)
    par = P.all_params()
    meta = json.load(open(os.path.join(wd, "start.json")))
    dt = P.DT_SAFETY * P.rayleigh_time(meta["min radius [m]"])
    L, h0, vs = meta["footprint [m]"], meta["height [m]"], meta["solid volume [m^3]"]
    v = (h0 - vs / (L * L * a.phi_end)) / (a.steps * dt)
    every = max(100, a.steps // 400)  # electrodem's time-series interval
    jobs = []
    for variant in a.variants:
        for code in CODES[variant]:
            if code in a.codes:
                jobs.append((code, variant, meta, out))
        if a.perturb:
            pm = json.load(open(os.path.join(wd, "start_perturbed.json")))
            jobs.append(("electrodem-p", variant, pm, os.path.join(out, "perturbed")))
            if a.perturb_peers:
                for code in CODES[variant][1:]:
                    jobs.append((code + "-p", variant, pm, os.path.join(out, "perturbed")))
    for code, variant, m, o in jobs:
        os.makedirs(o, exist_ok=True)
        final = os.path.join(out, "curve_%s_%s_N%d_T1.csv" % (code, variant, a.n))
        if os.path.exists(final):
            continue
        base = code.replace("-p", "")
        print("seed %d %s %s: phi %.4f -> %.3f, %d steps, dt %.5g s, wall %.4g m/s" % (
            seed, variant, code, m["initial solid fraction [-]"], a.phi_end, a.steps, dt, v), flush=True)
        if base == "electrodem":
            r = rc.run_electrodem(exe, variant, m, 1, a.steps, dt, v, par, o, a.nice)
        else:
            r = rc.run_peer(base, variant, m, 1, a.steps, dt, v, par, o, a.nice, every)
        if r:
            if os.path.abspath(r["curve"]) != final:
                shutil.copy(r["curve"], final)
            print("  done: CPU %.1f s" % r["process CPU time [s]"], flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["prepare", "run"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--phi-prep", type=float, default=0.57, help="solid fraction of the affine approach")
    ap.add_argument("--approach-rate", type=float, default=7000.0,
                    help="strain rate of the affine approach [1/s] (its collisional pressure at phi 0.57 stays < 10 kPa)")
    ap.add_argument("--relax-steps", type=int, default=5000)
    ap.add_argument("--variants", nargs="+", default=["hertz", "tn"], choices=sorted(CODES))
    ap.add_argument("--codes", nargs="+", default=["electrodem", "liggghts", "lammps"])
    ap.add_argument("--perturb", action="store_true", help="also electrodem from the perturbed start")
    ap.add_argument("--perturb-peers", action="store_true", help="also the peers from the perturbed start")
    ap.add_argument("--steps", type=int, default=50000)
    ap.add_argument("--phi-end", type=float, default=0.645)
    ap.add_argument("--electrodem", default=None)
    ap.add_argument("--out", default=os.path.join(HERE, "work", "dense"))
    ap.add_argument("--nice", type=int, default=10)
    a = ap.parse_args()
    a.out = os.path.abspath(a.out)
    exe = os.path.abspath(rc.electrodem_binary(a.electrodem))
    for seed in a.seeds:
        (prepare if a.what == "prepare" else run)(a, seed, exe)


if __name__ == "__main__":
    main()
