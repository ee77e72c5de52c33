#!/usr/bin/python3
"""Compaction curve: punch stress vs relative density, loading (press) and
unloading (release), from the timeseries.csv of one or several run dirs."""

import common
from common import np

STAGE_NAMES = ["generate", "press", "release", "transport", "cycle"]  # "stage [-]" index


def curves(run_dir):
    t = common.read_table(f"{run_dir}/timeseries.csv")
    where = f"{run_dir}/timeseries.csv"
    rho = common.find_column(t, "relative density [-]", where=where)
    stress = common.find_column(t, "punch stress [Pa]", "stack pressure [Pa]", "stress [Pa]", where=where)
    stage_col = common.find_column(t, "stage [-]", required=False)
    stage = t[stage_col] if stage_col else np.full(len(t[rho]), 1.0)
    out = {}
    for index, label in ((1, "loading (press)"), (2, "unloading (release)")):
        sel = stage == index
        if np.any(sel):
            out[label] = (t[rho][sel], t[stress][sel], stress)
    if not out:
        raise common.UsageError(f"{where}: no press or release rows")
    return out


def main():
    p = common.parser(__doc__, epilog="example: plot_compaction.py runs/default -o compaction")
    p.add_argument("runs", nargs="+", help="run directories")
    p.add_argument("--log", action="store_true", help="logarithmic stress axis")
    common.add_output_args(p, "compaction")
    args = p.parse_args()
    fig, axes = common.new_figure(width=5.5)
    ax = axes[0][0]
    colours = common.plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, run in enumerate(args.runs):
        common.check_run_dir(run)
        for label, (rho, stress, name) in curves(run).items():
            ylabel, y = common.display(name, stress)
            style = "-" if label.startswith("loading") else "--"
            tag = label if len(args.runs) == 1 else f"{common.run_label(run)}: {label}"
            ax.plot(rho, y, style, color=colours[k % len(colours)], label=tag)
            ax.set_ylabel(ylabel)
    ax.set_xlabel("relative density [-]")
    if args.log:
        ax.set_yscale("log")
    ax.set_title(args.title or "Compaction curve")
    common.finish_axes(ax)
    common.save_figure(fig, common.output_prefix(args, args.runs[0], "compaction"), args.dpi)


if __name__ == "__main__":
    common.main_guard(main)
