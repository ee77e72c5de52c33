#!/usr/bin/python3
"""Sweep maps from a sweep's results.csv: line plots of each metric vs one
axis (one line per value of the other axes) and heatmaps over two axes.

Writes PREFIX_lines.{png,pdf} and, for sweeps with two or more axes,
PREFIX_heatmap.{png,pdf}."""

import common
from common import np

DEFAULT_METRICS = [
    "release.relative density [-]",
    "transport.ionic conductivity [S/m]",
    "transport.electronic conductivity [S/m]",
    "transport.utilisable AM fraction [-]",
    "cycle.discharge capacity [mAh/g]",
]


def pick_metrics(table, wanted):
    if wanted:
        return [common.find_column(table, w, where="results.csv") for w in wanted]
    found = [m for m in DEFAULT_METRICS if m in table]
    if not found:  # any numeric summary column
        axes_end = list(table).index("error") + 1 if "error" in table else 0
        found = [c for c in list(table)[axes_end:] if table[c].dtype != object][:4]
    if not found:
        raise common.UsageError("results.csv has no finished points with numeric results")
    return found


def short(name):
    return name.split(".", 1)[-1]


def lines_figure(t, axes, x_col, metrics):
    others = [a for a in axes if a != x_col]
    xs, groups = common.group_lines(t, x_col, others)
    fig, grid = common.new_figure(ncols=len(metrics), width=4.4)
    for ax, m in zip(grid[0], metrics):
        for label, rows in groups:
            xl, xd = common.display(x_col, xs[rows])
            yl, yd = common.display(short(m), t[m][rows].astype(float))
            ax.plot(xd, yd, "o-", label=label or None)
        ax.set_xlabel(common.pretty(xl))
        ax.set_ylabel(yl)
        if "conductivity" in m and np.all(t[m][np.isfinite(t[m].astype(float))] > 0):
            ax.set_yscale("log")
        common.finish_axes(ax, legend=ax is grid[0][0])
    return fig


def heatmap_figure(t, x_col, y_col, metrics):
    xs, ys = common.numeric(t[x_col]), common.numeric(t[y_col])
    ux, uy = np.unique(xs[np.isfinite(xs)]), np.unique(ys[np.isfinite(ys)])
    fig, grid = common.new_figure(ncols=len(metrics), width=5.0)
    for ax, m in zip(grid[0], metrics):
        values = t[m].astype(float)
        z = np.full((len(uy), len(ux)), np.nan)
        for j, yv in enumerate(uy):
            for i, xv in enumerate(ux):
                sel = (xs == xv) & (ys == yv) & np.isfinite(values)
                if np.any(sel):
                    z[j, i] = values[sel].mean()  # mean over any further axes
        label, zd = common.display(short(m), z)
        xl, xd = common.display(x_col, ux)
        yl, yd = common.display(y_col, uy)
        im = ax.imshow(zd, origin="lower", aspect="auto", cmap="viridis")
        ax.set_xticks(range(len(xd)), [f"{v:.3g}" for v in xd])
        ax.set_yticks(range(len(yd)), [f"{v:.3g}" for v in yd])
        for j in range(len(uy)):
            for i in range(len(ux)):
                if np.isfinite(zd[j, i]):
                    ax.text(i, j, f"{zd[j, i]:.3g}", ha="center", va="center", fontsize="x-small",
                            color="w" if zd[j, i] < np.nanmean(zd) else "k")
        ax.set_xlabel(common.pretty(xl))
        ax.set_ylabel(common.pretty(yl))
        ax.set_title(label, fontsize="medium")
        fig.colorbar(im, ax=ax)
    return fig


def main():
    p = common.parser(__doc__, epilog="example: plot_sweep.py runs/sweep/results.csv --x pressure --y \"se size\"")
    p.add_argument("results", help="a sweep's results.csv")
    p.add_argument("--x", help="axis along the lines and the heatmap columns (default: the first axis)")
    p.add_argument("--y", help="heatmap rows (default: the next axis)")
    p.add_argument("--metrics", nargs="*", help="results.csv columns to plot (default: density, "
                   "conductivities, utilisable AM fraction, discharge capacity when present)")
    common.add_output_args(p, "sweep")
    args = p.parse_args()
    t = common.read_results(args.results)
    axes = common.sweep_axes(t)
    if not len(t["point"]):
        raise common.UsageError(f"{args.results}: no finished points")
    x_col = common.resolve_x(axes, args.x) if args.x else axes[0]
    metrics = pick_metrics(t, args.metrics)
    prefix = common.output_prefix(args, common.os.path.dirname(common.os.path.abspath(args.results)), "sweep")
    fig = lines_figure(t, axes, x_col, metrics)
    fig.suptitle(args.title or "Sweep")
    fig.tight_layout()
    common.save_figure(fig, prefix + "_lines", args.dpi)
    rest = [a for a in axes if a != x_col]
    if rest:
        y_col = common.resolve_x(axes, args.y) if args.y else rest[0]
        fig = heatmap_figure(t, x_col, y_col, metrics)
        fig.suptitle(args.title or "Sweep")
        fig.tight_layout()
        common.save_figure(fig, prefix + "_heatmap", args.dpi)


if __name__ == "__main__":
    common.main_guard(main)
