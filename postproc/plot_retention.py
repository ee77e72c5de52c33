#!/usr/bin/python3
"""Capacity retention vs cycle from cycles.csv of one or several runs:
discharge capacity [mAh/g] (top) and retention relative to the first cycle
[%] (bottom)."""

import common
from common import np


def main():
    p = common.parser(__doc__, epilog="example: plot_retention.py runs/5MPa runs/50MPa")
    p.add_argument("runs", nargs="+", help="run directories")
    p.add_argument("--column", default="discharge capacity [mAh/g]",
                   help="cycles.csv column to follow (default: discharge capacity [mAh/g])")
    common.add_output_args(p, "retention")
    args = p.parse_args()
    fig, axes = common.new_figure(nrows=2, width=5.8, height=2.8)
    top, bottom = axes[0][0], axes[1][0]
    for run in args.runs:
        common.check_run_dir(run)
        where = f"{run}/cycles.csv"
        t = common.read_table(where)
        cap_col = common.find_column(t, args.column, where=where)
        cyc_col = common.find_column(t, "cycle [-]", required=False)
        cap = t[cap_col]
        cyc = t[cyc_col] if cyc_col else np.arange(1, len(cap) + 1)
        label = common.run_label(run)
        top.plot(cyc, cap, "o-", label=label)
        first = cap[0] if len(cap) and cap[0] > 0 else np.nan
        bottom.plot(cyc, 100.0 * cap / first, "o-", label=label)
    top.set_ylabel(args.column)
    bottom.set_ylabel("retention [%]")
    bottom.set_xlabel("cycle [-]")
    for ax in (top, bottom):
        ax.xaxis.get_major_locator().set_params(integer=True)
        common.finish_axes(ax, legend=ax is top)
    top.set_title(args.title or "Capacity retention")
    common.save_figure(fig, common.output_prefix(args, args.runs[0], "retention"), args.dpi)


if __name__ == "__main__":
    common.main_guard(main)
