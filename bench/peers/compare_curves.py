#!/usr/bin/python3
"""Wall stress vs solid fraction: compares curves written by bench/run_compress.py
(columns "solid fraction [-]", "wall stress [Pa]") against a reference curve.

Each curve is averaged in solid-fraction windows (width --window, centred on a
grid from --lo to --hi in steps of --dphi), which removes the step-to-step
rattling of the instantaneous wall force but keeps the trend; the relative
deviation (curve - reference) / reference is evaluated on the grid and its
maximum magnitude over [--lo, --hi] is printed (issue 3 acceptance: <= 10 %
over 0.58-0.64). A PNG shows all curves, raw and window-averaged.

  compare_curves.py REF.csv OTHER.csv [OTHER2.csv ...] [--png out.png] [--labels a b c]
Exit status 0 always; the numbers are the result.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np


def read(path):
    phi, s = [], []
    with open(path) as f:
        for r in csv.DictReader(f):
            phi.append(float(r["solid fraction [-]"]))
            s.append(float(r["wall stress [Pa]"]))
    return np.array(phi), np.array(s)


def windowed(phi, s, grid, w):
    out = np.full(grid.shape, np.nan)
    for k, g in enumerate(grid):
        m = (phi >= g - w / 2) & (phi <= g + w / 2)
        if m.any():
            out[k] = s[m].mean()
    return out


def add_grid_args(ap):
    """The solid-fraction grid and averaging window shared by the comparison scripts."""
    ap.add_argument("--lo", type=float, default=0.58)
    ap.add_argument("--hi", type=float, default=0.64)
    ap.add_argument("--dphi", type=float, default=0.0025)
    ap.add_argument("--window", type=float, default=0.005)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ref")
    ap.add_argument("others", nargs="+")
    ap.add_argument("--labels", nargs="*")
    add_grid_args(ap)
    ap.add_argument("--png", default=None)
    ap.add_argument("--json", default=None, help="write the numbers here too")
    ap.add_argument("--title", default="compress: top-wall stress vs solid fraction")
    a = ap.parse_args()
    paths = [a.ref] + a.others
    labels = a.labels if a.labels and len(a.labels) == len(paths) else [os.path.basename(p) for p in paths]
    grid = np.arange(a.lo, a.hi + 1e-9, a.dphi)
    curves = [read(p) for p in paths]
    avg = [windowed(phi, s, grid, a.window) for phi, s in curves]
    ref = avg[0]
    report = {"reference": labels[0], "grid": grid.tolist(), "window": a.window, "compared": []}
    print("reference: %s" % labels[0])
    print("phi     " + " ".join("%12s" % l[:12] for l in labels))
    for k, g in enumerate(grid):
        print("%.4f  " % g + " ".join("%12.4g" % v[k] for v in avg))
    for lab, v in zip(labels[1:], avg[1:]):
        rel = (v - ref) / ref
        ok = np.isfinite(rel)
        worst = float(np.max(np.abs(rel[ok]))) if ok.any() else float("nan")
        at = float(grid[ok][np.argmax(np.abs(rel[ok]))]) if ok.any() else float("nan")
        missing = int((~ok).sum())
        print("%s vs %s: max |relative deviation| over %.3f-%.3f = %.1f %% (at phi %.4f)%s"
              % (lab, labels[0], a.lo, a.hi, 100 * worst, at,
                 "" if not missing else ", %d grid points without data" % missing))
        report["compared"].append({"label": lab, "max relative deviation": worst, "at phi": at,
                                   "relative deviation": [float(x) for x in rel],
                                   "missing points": missing})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    if a.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2))
        for (phi, s), v, lab in zip(curves, avg, labels):
            line, = ax.plot(phi, np.maximum(s, 1.0), lw=0.6, alpha=0.5)
            ax.plot(grid, v, "o-", ms=3, color=line.get_color(), label=lab)
        ax.set_yscale("log")
        ax.set_xlim(0.45, max(a.hi + 0.01, max(c[0].max() for c in curves)))
        ax.set_ylim(1e3, None)
        ax.axvspan(a.lo, a.hi, color="0.9", zorder=0)
        ax.set_xlabel("solid fraction [-]")
        ax.set_ylabel("top-wall stress [Pa]")
        ax.legend(fontsize=7)
        ax.set_title(a.title, fontsize=9)
        for lab, v in zip(labels[1:], avg[1:]):
            bx.plot(grid, 100 * (v - ref) / ref, "o-", ms=3, label=lab)
        bx.axhspan(-10, 10, color="0.9", zorder=0)
        bx.axhline(0, color="k", lw=0.5)
        bx.set_xlabel("solid fraction [-]")
        bx.set_ylabel("deviation from %s [%%]" % labels[0][:20])
        bx.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(a.png, dpi=120)
        print("wrote %s" % a.png)


if __name__ == "__main__":
    sys.exit(main())
