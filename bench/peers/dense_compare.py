#!/usr/bin/python3
"""Dense-start comparison table (issue 3): wall stress vs solid fraction of the runs of
bench/peers/dense_start.py, per seed and for the mean over seeds, with the same-code noise floor.

Reads ROOT/seed<S>/steps<K>/curve_<code>_<variant>_N<N>_T1.csv, code in electrodem, liggghts,
lammps and electrodem-p (electrodem from the start perturbed by 1e-12 r: the noise floor; the peers
may have -p runs too). Each curve is averaged in solid-fraction windows (width --window on the grid
--lo..--hi step --dphi, as compare_curves.py / ensemble_compare.py); the deviation of a pair A vs B
is A/B - 1 on the grid, and the table gives max |deviation| over each range, per seed and for the
mean curves over the seeds that have both codes.

  dense_compare.py bench/peers/work/dense --steps 50000 [--plots bench/peers/plots] [--json out.json]
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

RANGES = [(0.58, 0.64), (0.60, 0.64), (0.58, 0.60), (0.60, 0.62), (0.62, 0.64)]
PAIRS = {"hertz": [("electrodem-p", "electrodem"), ("electrodem", "liggghts"), ("electrodem", "lammps"),
                   ("lammps", "liggghts"), ("liggghts-p", "liggghts"), ("lammps-p", "lammps")],
         "tn": [("electrodem-p", "electrodem"), ("electrodem", "liggghts"), ("liggghts-p", "liggghts")]}
LABEL = {"electrodem-p": "electrodem (start +1e-12 r)", "liggghts-p": "liggghts (start +1e-12 r)",
         "lammps-p": "lammps (start +1e-12 r)"}


def load(root, steps, variant, n, grid, window):
    """{code: {seed: windowed curve}}, plus the raw curves {code: {seed: (phi, s)}}"""
    win, raw = {}, {}
    for p in glob.glob(os.path.join(root, "seed*", "steps%d" % steps, "curve_*_%s_N%d_T1.csv" % (variant, n))):
        m = re.search(r"seed(\d+)", p)
        code = re.search(r"curve_([\w-]+?)_%s_N" % variant, os.path.basename(p)).group(1)
        seed = int(m.group(1))
        phi, s = read(p)
        raw.setdefault(code, {})[seed] = (phi, s)
        win.setdefault(code, {})[seed] = windowed(phi, s, grid, window)
    return win, raw


def maxdev(dev, grid, lo, hi):
    m = (grid >= lo - 1e-9) & (grid <= hi + 1e-9)
    d = np.abs(dev[m])
    if not np.isfinite(d).any():
        return float("nan"), float("nan")
    k = int(np.nanargmax(d))
    return float(d[k]), float(grid[m][k])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root")
    ap.add_argument("--steps", type=int, default=50000)
    ap.add_argument("--variants", nargs="+", default=["hertz", "tn"])
    ap.add_argument("--n", type=int, default=5000)
    add_grid_args(ap)
    ap.add_argument("--json", default=None)
    ap.add_argument("--markdown", action="store_true", help="also print the table as Markdown rows")
    ap.add_argument("--plots", default=None, help="directory for <prefix>_<variant>_<steps>.png")
    ap.add_argument("--prefix", default="dense", help="plot file name prefix")
    a = ap.parse_args()
    grid = np.arange(a.lo, a.hi + 1e-9, a.dphi)
    report = {"grid": grid.tolist(), "window": a.window, "steps": a.steps, "variants": {}}
    for variant in a.variants:
        win, raw = load(a.root, a.steps, variant, a.n, grid, a.window)
        if "electrodem" not in win:
            continue
        rep = {"pairs": [], "curves": {c: {str(s): v.tolist() for s, v in d.items()} for c, d in win.items()}}
        print("\n== %s, %d steps: seeds %s ==" % (variant, a.steps,
                                                  {c: sorted(d) for c, d in sorted(win.items())}))
        hdr = "  %-34s %6s" % ("pair (reference last)", "seed") + "".join(
            " %5.2f-%.2f" % r for r in RANGES)
        print(hdr)
        for ca, cb in PAIRS[variant]:
            if ca not in win or cb not in win:
                continue
            seeds = sorted(set(win[ca]) & set(win[cb]))
            entry = {"pair": "%s vs %s" % (ca, cb), "seeds": seeds, "per seed": {}, "mean": {}}
            for s in seeds:
                dev = win[ca][s] / win[cb][s] - 1
                entry["per seed"][str(s)] = {"deviation": dev.tolist(),
                                             "ranges": [maxdev(dev, grid, lo, hi) for lo, hi in RANGES]}
                print("  %-34s %6s" % ("%s vs %s" % (ca, cb), s) + "".join(
                    " %9.1f%%" % (100 * maxdev(dev, grid, lo, hi)[0]) for lo, hi in RANGES))
            if len(seeds) > 1:
                ma = np.mean([win[ca][s] for s in seeds], axis=0)
                mb = np.mean([win[cb][s] for s in seeds], axis=0)
                dev = ma / mb - 1
                entry["mean"] = {"deviation": dev.tolist(), "ranges": [maxdev(dev, grid, lo, hi) for lo, hi in RANGES]}
                print("  %-34s %6s" % ("%s vs %s" % (ca, cb), "mean") + "".join(
                    " %9.1f%%" % (100 * maxdev(dev, grid, lo, hi)[0]) for lo, hi in RANGES))
            rep["pairs"].append(entry)
        # stress levels: how far below the range does the contact stress start
        print("  electrodem stress [Pa] at phi (per seed):")
        for s in sorted(win["electrodem"]):
            phi, st = raw["electrodem"][s]
            row = ["%.3f: %.3g" % (g, np.interp(g, phi, st)) for g in (0.57, 0.575, 0.58, 0.59, 0.60, 0.62, 0.64)
                   if phi.min() <= g <= phi.max()]
            print("    seed %d (start phi %.4f): %s" % (s, phi.min(), ", ".join(row)))
        report["variants"][variant] = rep
        if a.plots:
            plot(a.plots, a.prefix, variant, a.steps, raw, grid, rep)
    if a.markdown:
        names = {"hertz": "Hertz-Mindlin", "tn": "Thornton-Ning"}
        print("\n| variant: pair (reference last) | seed | " + " | ".join("%.2f-%.2f" % r for r in RANGES) + " |")
        print("|---|---|" + "---|" * len(RANGES))
        for variant, rep in report["variants"].items():
            for e in rep["pairs"]:
                rows = [(str(s), e["per seed"][str(s)]["ranges"]) for s in e["seeds"]]
                if e["mean"]:
                    rows.append(("mean of %d" % len(e["seeds"]), e["mean"]["ranges"]))
                for seed, rr in rows:
                    cells = ["%.1f" % (100 * d) for d, _ in rr]
                    if seed.startswith("mean"):
                        cells = ["**%s**" % c for c in cells]
                    print("| %s: %s | %s | %s |" % (names.get(variant, variant), LABEL.get(e["pair"], e["pair"]),
                                                    seed, " | ".join(cells)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)


def plot(outdir, prefix, variant, steps, raw, grid, rep):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(outdir, exist_ok=True)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(12, 4.4))
    colors = {"electrodem": "C0", "liggghts": "C1", "lammps": "C2", "electrodem-p": "C7",
              "liggghts-p": "C5", "lammps-p": "C8"}
    pair_colors = {"electrodem-p vs electrodem": "C7", "electrodem vs liggghts": "C1",
                   "electrodem vs lammps": "C2", "lammps vs liggghts": "C3", "liggghts-p vs liggghts": "C5",
                   "lammps-p vs lammps": "C8"}
    styles = ["-", "--", ":", "-."]
    seeds = sorted(raw["electrodem"])
    for c, d in sorted(raw.items()):
        for k, s in enumerate(sorted(d)):
            phi, st = d[s]
            ax.plot(phi, st, styles[k % 4], lw=1, color=colors.get(c, "k"),
                    label=LABEL.get(c, c) if k == 0 else None)
    ax.axvspan(grid[0], grid[-1], color="0.95", zorder=0)
    ax.set_yscale("log")
    ax.set_xlabel("solid fraction [-]")
    ax.set_ylabel("top-wall stress [Pa]")
    start = min(float(np.min(d[s][0])) for d in raw.values() for s in d)
    ax.set_title("start phi %.3f, %s, %d steps, seeds %s (line style = seed)" % (start, variant, steps, seeds),
                 fontsize=8)
    ax.legend(fontsize=7)
    worst = 0.0
    for e in rep["pairs"]:
        first = True
        for k, s in enumerate(e["seeds"]):
            dev = 100 * np.array(e["per seed"][str(s)]["deviation"])
            worst = max(worst, float(np.nanmax(np.abs(dev))))
            bx.plot(grid, dev, styles[k % 4], lw=1, color=pair_colors.get(e["pair"], "k"),
                    label=e["pair"] if first else None)
            first = False
    bx.axhspan(-10, 10, color="0.92", zorder=0)
    bx.axhline(0, color="k", lw=0.5)
    bx.set_xlabel("solid fraction [-]")
    bx.set_ylabel("deviation A/B - 1 [%] (window 0.005), per seed")
    lim = max(12.0, 1.2 * worst)
    bx.set_ylim(-lim, lim)
    bx.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(outdir, "%s_%s_%d.png" % (prefix, variant, steps))
    fig.savefig(path, dpi=120)
    print("wrote %s" % path)


if __name__ == "__main__":
    main()
