#!/usr/bin/python3
"""Voltage vs capacity for one or several runs, from cycle_timeseries.csv.

Each cycle is split into its charge and discharge halves (by the sign of the
change of net charge); the capacity of a half runs from 0 through all its
steps (e.g. constant current then constant voltage)."""

import common
from common import np


def halves(run_dir):
    """[(cycle, "charge"|"discharge", capacity [mAh/g], voltage [V])]."""
    where = f"{run_dir}/cycle_timeseries.csv"
    t = common.read_table(where)
    v = t[common.find_column(t, "voltage [V]", where=where)]
    q = t[common.find_column(t, "net charge [mAh/g]", where=where)]
    cyc_col = common.find_column(t, "cycle [-]", required=False)
    cyc = t[cyc_col] if cyc_col else np.ones_like(v)
    out = []
    for c in np.unique(cyc):
        idx = np.flatnonzero(cyc == c)
        dq = np.diff(q[idx])
        direction = np.sign(dq)
        # Split where the direction flips (ignoring rests with dq == 0).
        start = 0
        current = 0.0
        for k in range(len(dq)):
            if direction[k] == 0:
                continue
            if current == 0:
                current = direction[k]
            elif direction[k] != current:
                out.append(_half(c, current, q[idx[start:k + 1]], v[idx[start:k + 1]]))
                start, current = k, direction[k]
        if current != 0:
            out.append(_half(c, current, q[idx[start:]], v[idx[start:]]))
    if not out:
        raise common.UsageError(f"{where}: no charge or discharge")
    return out


def _half(cycle, direction, q, v):
    name = "charge" if direction > 0 else "discharge"
    return int(cycle), name, np.abs(q - q[0]), v


def main():
    p = common.parser(__doc__, epilog="example: plot_voltage.py runs/a runs/b --cycles 1 2")
    p.add_argument("runs", nargs="+", help="run directories")
    p.add_argument("--cycles", type=int, nargs="*", help="cycles to show (default: all)")
    common.add_output_args(p, "voltage_capacity")
    args = p.parse_args()
    fig, axes = common.new_figure(width=5.8)
    ax = axes[0][0]
    colours = common.plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, run in enumerate(args.runs):
        common.check_run_dir(run)
        for cycle, name, q, v in halves(run):
            if args.cycles and cycle not in args.cycles:
                continue
            tag = [common.run_label(run)] if len(args.runs) > 1 else []
            tag += [f"cycle {cycle}", name]
            style = "-" if name == "charge" else "--"
            c = k if len(args.runs) > 1 else cycle - 1  # colour per run, or per cycle for one run
            ax.plot(q, v, style, color=colours[c % len(colours)], label=", ".join(tag))
    ax.set_xlabel("capacity [mAh/g]")
    ax.set_ylabel("cell voltage [V]")
    ax.set_title(args.title or "Voltage vs capacity")
    common.finish_axes(ax)
    common.save_figure(fig, common.output_prefix(args, args.runs[0], "voltage_capacity"), args.dpi)


if __name__ == "__main__":
    common.main_guard(main)
