#!/usr/bin/python3
"""Effective ionic and electronic conductivity vs pressure or composition.

Reads either a sweep's results.csv (--results; one line per value of the
other sweep axes) or several run dirs (x from their config.resolved.json).
--x takes "pressure" (press.pressure), "composition" (the volume fraction of
the first packing component, the active material in the default configs),
"se size", or any config path / results.csv axis."""

import common
from common import np

QUANTITIES = [("transport.ionic conductivity [S/m]", "ionic", "o-"),
              ("transport.electronic conductivity [S/m]", "electronic", "s--")]


def from_results(path, x):
    t = common.read_results(path)
    axes = common.sweep_axes(t)
    x_col = common.resolve_x(axes, x)
    xs, groups = common.group_lines(t, x_col, [a for a in axes if a != x_col])
    series = []
    for col, name, style in QUANTITIES:
        c = common.find_column(t, col, required=False)
        if c is None:
            continue
        for label, rows in groups:
            tag = name if not label else f"{name}, {label}"
            series.append((tag, style, xs[rows], t[c][rows], c))
    return x_col, series


def from_runs(runs, x):
    path = common.X_ALIASES.get(x, x)
    rows = []
    for run in runs:
        common.check_run_dir(run)
        xv = common.quantity(common.config_value(run, path))
        s = common.flatten(common.read_summary(run))
        rows.append((xv, s))
    rows.sort(key=lambda r: r[0])
    series = []
    for col, name, style in QUANTITIES:
        if any(col in s for _, s in rows):
            xs = np.array([r[0] for r in rows], dtype=float)
            ys = np.array([r[1].get(col, np.nan) for r in rows], dtype=float)
            series.append((name, style, xs, ys, col))
    unit = "[Pa]" if path.endswith("pressure") else "[m]" if "diameter" in path else "[-]"
    return f"{path} {unit}", series


def main():
    p = common.parser(__doc__, epilog="examples:\n"
                      "  plot_conductivity.py --results runs/sweep/results.csv --x pressure\n"
                      "  plot_conductivity.py runs/a runs/b runs/c --x composition")
    p.add_argument("runs", nargs="*", help="run directories (or use --results)")
    p.add_argument("--results", help="a sweep's results.csv")
    p.add_argument("--x", default="pressure", help="x axis (default: pressure)")
    common.add_output_args(p, "conductivity")
    args = p.parse_args()
    if bool(args.results) == bool(args.runs):
        p.error("give either run directories or --results results.csv")
    x_col, series = from_results(args.results, args.x) if args.results else from_runs(args.runs, args.x)
    if not series:
        raise common.UsageError("no transport conductivities found (did the runs include the transport stage?)")
    fig, axes = common.new_figure(width=5.8)
    ax = axes[0][0]
    for tag, style, xs, ys, col in series:
        xlabel, xd = common.display(x_col, xs)
        ylabel, yd = common.display(col.split(".", 1)[-1], ys)
        ax.plot(xd, yd, style, label=tag)
    ax.set_xlabel(common.pretty(xlabel))
    ax.set_ylabel("effective conductivity [mS/cm]")
    ax.set_yscale("log")
    ax.set_title(args.title or "Effective conductivity")
    common.finish_axes(ax)
    first = args.runs[0] if args.runs else common.os.path.dirname(common.os.path.abspath(args.results))
    common.save_figure(fig, common.output_prefix(args, first, f"conductivity_vs_{args.x.replace(' ', '_').replace('/', '_')}"), args.dpi)


if __name__ == "__main__":
    common.main_guard(main)
