#!/usr/bin/python3
"""Ensemble comparison of wall stress vs solid fraction (issue 3 peer comparison).

Reads ENSEMBLE_DIR/seed<S>/curve_<code>_<variant>_N<N>_T1.csv (bench/peers/ensemble.py),
averages each curve in solid-fraction windows (as compare_curves.py: width --window on a grid
--lo..--hi step --dphi), then per code and variant the mean over seeds and its standard error
(seed-to-seed standard deviation / sqrt(n)). Only seeds that have every compared code are used,
so all codes are averaged over the same initial packings.

Printed per pair of codes (A vs reference B) and solid-fraction range:
  ens    max |mean_A / mean_B - 1| over the range (the acceptance number)
  2se    the 2-standard-error band of that ratio at the worst point (delta method), i.e. how
         much of the deviation the ensemble size can explain
  seed   max over seeds of the single-seed max deviation (what one run per code would show)
  dphi   max |phi_B(sigma_A(phi)) - phi|: the solid-fraction shift that maps A's mean curve onto B's
         (log-interpolated): on curves that rise two decades within 0.02 in phi, a stress deviation
         is better read as a shift of the curve along phi
Also the seed-to-seed relative scatter of each code (std/mean, max over the range), which is the
floor under any single-run comparison.

  ensemble_compare.py bench/peers/work/ensemble [--json out.json] [--plots bench/peers/plots]
"""
import argparse
import glob
import json
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare_curves import add_grid_args, read, windowed  # noqa: E402

RANGES = [(0.58, 0.64), (0.59, 0.64), (0.60, 0.64), (0.61, 0.64), (0.58, 0.60), (0.60, 0.62), (0.62, 0.64)]
PAIRS = {"hertz": [("electrodem", "liggghts"), ("electrodem", "lammps"), ("lammps", "liggghts")],
         "tn": [("electrodem", "liggghts")], "hertz0": [("electrodem", "liggghts")]}


def load(root, variant, n, grid, window):
    """{code: {seed: windowed curve}}"""
    out = {}
    for p in glob.glob(os.path.join(root, "seed*", "curve_*_%s_N%d_T1.csv" % (variant, n))):
        m = re.search(r"seed(\d+)%scurve_(\w+?)_%s_N" % (re.escape(os.sep), variant), p)
        if not m:
            continue
        seed, code = int(m.group(1)), m.group(2)
        phi, s = read(p)
        out.setdefault(code, {})[seed] = windowed(phi, s, grid, window)
    return out


def ratio_stats(a, b):
    """mean ratio of ensemble means and its standard error (delta method, independent codes)."""
    ma, mb = a.mean(axis=0), b.mean(axis=0)
    na, nb = a.shape[0], b.shape[0]
    sa = a.std(axis=0, ddof=1) / np.sqrt(na) if na > 1 else np.full(ma.shape, np.nan)
    sb = b.std(axis=0, ddof=1) / np.sqrt(nb) if nb > 1 else np.full(mb.shape, np.nan)
    r = ma / mb
    se = r * np.sqrt((sa / ma) ** 2 + (sb / mb) ** 2)
    return r, se


def phi_shift(grid, ma, mb):
    """phi_B(sigma_A(phi)) - phi on the grid (NaN where sigma_A is outside B's range)."""
    ok = np.isfinite(mb) & (mb > 0)
    lb, gb = np.log(mb[ok]), grid[ok]
    order = np.argsort(lb)
    out = np.full(grid.shape, np.nan)
    for k, v in enumerate(ma):
        if np.isfinite(v) and v > 0 and lb.min() <= np.log(v) <= lb.max():
            out[k] = np.interp(np.log(v), lb[order], gb[order]) - grid[k]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root")
    ap.add_argument("--variants", nargs="+", default=["hertz", "tn"])
    ap.add_argument("--n", type=int, default=5000)
    add_grid_args(ap)
    ap.add_argument("--json", default=None)
    ap.add_argument("--plots", default=None, help="directory for ensemble_<variant>.png")
    a = ap.parse_args()
    grid = np.arange(a.lo, a.hi + 1e-9, a.dphi)
    report = {"grid": grid.tolist(), "window": a.window, "variants": {}}
    for variant in a.variants:
        data = load(a.root, variant, a.n, grid, a.window)
        codes = [c for c in ("electrodem", "liggghts", "lammps") if c in data]
        if len(codes) < 2:
            continue
        seeds = sorted(set.intersection(*(set(data[c]) for c in codes)))
        if not seeds:
            continue
        arr = {c: np.array([data[c][s] for s in seeds]) for c in codes}
        rep = {"seeds": seeds, "mean": {c: arr[c].mean(axis=0).tolist() for c in codes},
               "scatter": {}, "pairs": []}
        print("\n== %s: %d seeds %s (window %.4f) ==" % (variant, len(seeds), seeds, a.window))
        print("phi     " + " ".join("%12s" % c for c in codes) + "   (ensemble means [Pa])")
        for k, g in enumerate(grid):
            print("%.4f  " % g + " ".join("%12.4g" % arr[c].mean(axis=0)[k] for c in codes))
        for c in codes:
            if len(seeds) > 1:
                rel = arr[c].std(axis=0, ddof=1) / arr[c].mean(axis=0)
                rep["scatter"][c] = rel.tolist()
                print("seed-to-seed scatter (std/mean) of %-10s: " % c + ", ".join(
                    "%.2f-%.2f: %.0f %%" % (lo, hi, 100 * np.nanmax(rel[(grid >= lo - 1e-9) & (grid <= hi + 1e-9)]))
                    for lo, hi in RANGES[:4]))
        for ca, cb in PAIRS.get(variant, []):
            if ca not in arr or cb not in arr:
                continue
            r, se = ratio_stats(arr[ca], arr[cb])
            dev = r - 1.0
            shift = phi_shift(grid, arr[ca].mean(axis=0), arr[cb].mean(axis=0))
            single = (arr[ca] - arr[cb]) / arr[cb]
            entry = {"pair": "%s vs %s" % (ca, cb), "deviation": dev.tolist(), "se": se.tolist(), "ranges": []}
            print("%s vs %s (reference):" % (ca, cb))
            for lo, hi in RANGES:
                m = (grid >= lo - 1e-9) & (grid <= hi + 1e-9)
                k = int(np.nanargmax(np.abs(dev[m])))
                worst, at, two_se = float(abs(dev[m][k])), float(grid[m][k]), float(2 * se[m][k])
                seed_worst = float(np.nanmax(np.abs(single[:, m])))
                dphi = float(np.nanmax(np.abs(shift[m]))) if np.isfinite(shift[m]).any() else float("nan")
                print("  %.2f-%.2f: ensemble max |dev| %5.1f %% at phi %.4f (2 s.e. %4.1f %%);"
                      " single seeds up to %5.1f %%; max phi shift %.4f"
                      % (lo, hi, 100 * worst, at, 100 * two_se, 100 * seed_worst, dphi))
                entry["ranges"].append({"range": [lo, hi], "max deviation": worst, "at phi": at,
                                        "2 se at worst": two_se, "max single-seed deviation": seed_worst,
                                        "max phi shift": dphi})
            rep["pairs"].append(entry)
        report["variants"][variant] = rep
        if a.plots:
            plot(a.plots, variant, grid, arr, seeds, rep)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)


def plot(outdir, variant, grid, arr, seeds, rep):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(outdir, exist_ok=True)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2))
    colors = {"electrodem": "C0", "liggghts": "C1", "lammps": "C2"}
    for c, v in arr.items():
        for row in v:
            ax.plot(grid, row, "-", lw=0.5, alpha=0.35, color=colors[c])
        m = v.mean(axis=0)
        ax.plot(grid, m, "o-", ms=3, color=colors[c], label="%s (mean of %d)" % (c, len(seeds)))
    ax.set_yscale("log")
    ax.set_xlabel("solid fraction [-]")
    ax.set_ylabel("top-wall stress [Pa]")
    ax.set_title("compress %s, N 5000, seeds %s: thin = single seeds" % (variant, seeds), fontsize=8)
    ax.legend(fontsize=7)
    for e in rep["pairs"]:
        d, se = 100 * np.array(e["deviation"]), 100 * np.array(e["se"])
        line, = bx.plot(grid, d, "o-", ms=3, label=e["pair"])
        bx.fill_between(grid, d - 2 * se, d + 2 * se, color=line.get_color(), alpha=0.15)
    bx.axhspan(-10, 10, color="0.9", zorder=0)
    bx.axhline(0, color="k", lw=0.5)
    bx.set_xlabel("solid fraction [-]")
    bx.set_ylabel("deviation of ensemble means [%] (band: 2 s.e.)")
    bx.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(outdir, "ensemble_%s.png" % variant)
    fig.savefig(path, dpi=120)
    print("wrote %s" % path)


if __name__ == "__main__":
    main()
