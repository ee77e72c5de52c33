"""Shared helpers for the electrodem post-processing scripts.

Reads the files of a run dir (DESIGN.md §4): timeseries.csv, cycles.csv,
cycle_timeseries.csv, summary.json, config.resolved.json, vtk/*.pvd + .vtp,
and a sweep's results.csv. Column names carry their unit ("punch stress
[Pa]"); plots show convenient units (MPa, um, mS/cm) via `display`.

Only the Python standard library, numpy, matplotlib and (for .vtp files) vtk
are used, all Debian packages.
"""

import argparse
import csv
import json
import math
import os
import re
import sys
import xml.etree.ElementTree as ET

import numpy as np
import matplotlib

matplotlib.use("Agg")  # headless: files only
import matplotlib.pyplot as plt  # noqa: E402

# SI unit in a column name -> (display unit, factor applied to the values).
DISPLAY_UNITS = {
    "Pa": ("MPa", 1e-6),
    "m": ("um", 1e6),
    "S/m": ("mS/cm", 10.0),
    "s": ("s", 1.0),
    "m^2": ("um^2", 1e12),
}


class UsageError(Exception):
    """A problem with the user's input (missing file or column)."""


def fail(message):
    """Print an error the way argparse does and exit with status 2."""
    prog = os.path.basename(sys.argv[0])
    print(f"{prog}: error: {message}", file=sys.stderr)
    sys.exit(2)


def main_guard(main):
    """Run main(), turning UsageError into a clean message and exit 2."""
    try:
        main()
    except UsageError as e:
        fail(str(e))


def parser(description, epilog=None):
    p = argparse.ArgumentParser(description=description, epilog=epilog,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    return p


def add_output_args(p, default_name):
    p.add_argument("-o", "--out", default=None,
                   help=f"output file prefix (writes PREFIX.png and PREFIX.pdf); default: "
                        f"<first run dir>/plots/{default_name}")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    p.add_argument("--title", default=None, help="figure title")


def output_prefix(args, first_dir, default_name):
    if args.out:
        return args.out
    return os.path.join(first_dir, "plots", default_name)


def save_figure(fig, prefix, dpi=150):
    """Write PREFIX.png and PREFIX.pdf; return both paths."""
    d = os.path.dirname(os.path.abspath(prefix))
    os.makedirs(d, exist_ok=True)
    paths = []
    for ext in ("png", "pdf"):
        path = f"{prefix}.{ext}"
        tmp = f"{path}.tmp.{os.getpid()}.{ext}"
        fig.savefig(tmp, dpi=dpi, bbox_inches="tight")
        os.replace(tmp, path)  # atomic: a reader never sees half a picture
        paths.append(path)
    plt.close(fig)
    for p in paths:
        print(p)
    return paths


# ---------------------------------------------------------------- tables


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


def read_table(path):
    """A CSV file with a header row -> {column: numpy array}.

    Columns whose every non-empty cell is a number (nan/inf included) become
    float arrays (empty cells -> nan); other columns stay arrays of strings.
    A partial last line (an interrupted run) is dropped.
    """
    if not os.path.isfile(path):
        raise UsageError(f"{path}: no such file")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise UsageError(f"{path}: empty file")
    header = rows[0]
    body = [r for r in rows[1:] if len(r) == len(header)]
    table = {}
    for k, name in enumerate(header):
        cells = [r[k] for r in body]
        nums = [_number(c) if c != "" else math.nan for c in cells]
        if all(n is not None for n in nums):
            table[name] = np.array(nums, dtype=float)
        else:
            table[name] = np.array(cells, dtype=object)
    return table


def strip_unit(name):
    return re.sub(r"\s*\[[^\]]*\]\s*$", "", name).strip()


def unit_of(name):
    m = re.search(r"\[([^\]]*)\]\s*$", name)
    return m.group(1) if m else ""


def find_column(table, *candidates, required=True, where=""):
    """The first column matching a candidate: exactly, then by name without
    unit (case-insensitive), then as a substring of the name."""
    names = list(table)
    for c in candidates:
        if c in table:
            return c
    for c in candidates:
        for n in names:
            if strip_unit(n).lower() == strip_unit(c).lower():
                return n
    for c in candidates:
        for n in names:
            if strip_unit(c).lower() in n.lower():
                return n
    if required:
        raise UsageError(f"{where or 'table'}: no column like {candidates[0]!r}; "
                         f"columns are: {', '.join(names)}")
    return None


def pretty(name):
    """Short axis name for a config path or results column:
    "packing.components.1.diameter.median [m]" -> "component 1 median diameter [m]"."""
    unit = unit_of(name)
    stem = strip_unit(name)
    m = re.fullmatch(r"packing\.components\.(\d+)\.diameter\.median", stem)
    if m:
        stem = f"component {m.group(1)} median diameter"
    m = re.fullmatch(r"packing\.components\.(\d+)\.(volume|mass)_fraction", stem)
    if m:
        stem = f"component {m.group(1)} {m.group(2)} fraction"
    stem = {"press.pressure": "pressing pressure", "release.pressure": "release pressure"}.get(stem, stem)
    return f"{stem} [{unit}]" if unit else stem


def display(name, values):
    """(axis label, values) in a convenient unit: Pa -> MPa, m -> um, ..."""
    unit = unit_of(name)
    values = np.asarray(values, dtype=float)
    if unit in DISPLAY_UNITS:
        new_unit, factor = DISPLAY_UNITS[unit]
        return f"{strip_unit(name)} [{new_unit}]", values * factor
    return name, values


# ---------------------------------------------------------------- run dirs


def check_run_dir(path):
    if not os.path.isdir(path):
        raise UsageError(f"{path}: not a run directory")
    return path


def run_label(path):
    return os.path.basename(os.path.normpath(path))


def read_json(path):
    if not os.path.isfile(path):
        raise UsageError(f"{path}: no such file")
    with open(path) as f:
        return json.load(f)


def read_summary(run_dir):
    return read_json(os.path.join(run_dir, "summary.json"))


def flatten(obj, prefix=""):
    """Nested dict -> {"stage.key": scalar} (arrays skipped)."""
    out = {}
    for k, v in obj.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, key))
        elif isinstance(v, (int, float, str, bool)):
            out[key] = v
    return out


def config_value(run_dir, path):
    """A value of config.resolved.json by dotted path (list indices allowed)."""
    node = read_json(os.path.join(run_dir, "config.resolved.json"))
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise UsageError(f"{run_dir}/config.resolved.json: no value at {path!r}")
    return node


def pvd_frames(run_dir, series):
    """Files of vtk/<series>.pvd in time order (or vtk/<series>_*.vtp sorted)."""
    vtk_dir = os.path.join(run_dir, "vtk")
    pvd = os.path.join(vtk_dir, f"{series}.pvd")
    frames = []
    if os.path.isfile(pvd):
        root = ET.parse(pvd).getroot()
        entries = [(float(d.get("timestep", "0")), d.get("file")) for d in root.iter("DataSet")]
        entries.sort(key=lambda e: e[0])
        frames = [os.path.join(vtk_dir, f) for _, f in entries]
    elif os.path.isdir(vtk_dir):
        frames = sorted(os.path.join(vtk_dir, f) for f in os.listdir(vtk_dir)
                        if f.startswith(series + "_") and f.endswith(".vtp"))
    frames = [f for f in frames if os.path.isfile(f)]
    if not frames:
        raise UsageError(f"{run_dir}: no {series} frames in vtk/")
    return frames


def read_vtp(path):
    """A .vtp file -> (points (n,3), point arrays, cell arrays, lines (m,2))."""
    from vtkmodules.vtkIOXML import vtkXMLPolyDataReader
    from vtkmodules.util.numpy_support import vtk_to_numpy

    r = vtkXMLPolyDataReader()
    r.SetFileName(path)
    r.Update()
    poly = r.GetOutput()
    pts = poly.GetPoints()
    points = vtk_to_numpy(pts.GetData()).reshape(-1, 3) if pts is not None else np.zeros((0, 3))

    def arrays(data):
        out = {}
        for k in range(data.GetNumberOfArrays()):
            a = data.GetArray(k)
            if a is not None:
                out[a.GetName()] = vtk_to_numpy(a)
        return out

    lines = np.zeros((0, 2), dtype=int)
    if poly.GetNumberOfLines() > 0:
        conn = vtk_to_numpy(poly.GetLines().GetConnectivityArray())
        lines = conn.reshape(-1, 2)
    return points, arrays(poly.GetPointData()), arrays(poly.GetCellData()), lines


def find_array(arrays, *candidates):
    """An array by exact name, else by case-insensitive substring; or None."""
    for c in candidates:
        if c in arrays:
            return c
    for c in candidates:
        for n in arrays:
            if c.lower() in n.lower():
                return n
    return None


def new_figure(ncols=1, nrows=1, width=5.0, height=3.8):
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    return fig, axes


def finish_axes(ax, legend=True):
    ax.grid(True, alpha=0.3)
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize="small")


# ---------------------------------------------------------------- sweeps

# Friendly names for the x axis of study plots: config path in a run dir,
# column (stem) in results.csv.
X_ALIASES = {
    "pressure": "press.pressure",
    "composition": "packing.components.0.volume_fraction",
    "se size": "packing.components.1.diameter.median",
}

_SI_PREFIX = {"G": 1e9, "M": 1e6, "k": 1e3, "": 1.0, "m": 1e-3, "u": 1e-6, "µ": 1e-6, "n": 1e-9}


def quantity(value):
    """A config value as an SI float: numbers as they are, "300 MPa" / "5 um"
    for the pressure and length units used in sweeps. None if not numeric."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*([GMkmuµn]?)(Pa|m)?\s*", value)
        if m and m.group(1):
            try:
                v = float(m.group(1))
            except ValueError:
                return None
            if m.group(3):
                return v * _SI_PREFIX[m.group(2)]
            return v if not m.group(2) else None
    return None


def sweep_axes(table):
    """Axis columns of a results.csv (between "point" and "status"),
    preferring the numeric SI column ("press.pressure [Pa]") of each axis."""
    names = list(table)
    if "point" not in names or "status" not in names:
        raise UsageError("not a sweep results.csv (needs 'point' and 'status' columns)")
    raw = names[names.index("point") + 1:names.index("status")]
    axes = []
    for n in raw:
        si = [m for m in raw if m != n and strip_unit(m) == n]
        if si:
            continue  # the SI twin is used instead
        axes.append(n)
    return axes


def read_results(path):
    """results.csv restricted to the points that finished ("ok")."""
    t = read_table(path)
    if "status" in t:
        ok = np.array([s == "ok" for s in t["status"]])
        t = {k: v[ok] for k, v in t.items()}
    return t


def resolve_x(table_axes, x):
    """The axis column for an --x choice (alias, config path or column)."""
    want = X_ALIASES.get(x, x)
    for n in table_axes:
        if n == want or strip_unit(n) == want:
            return n
    raise UsageError(f"no sweep axis {x!r}; axes are: {', '.join(table_axes)}")


def numeric(values):
    """Column values as floats (strings through quantity(); nan if not numeric)."""
    if values.dtype != object:
        return values.astype(float)
    out = []
    for v in values:
        q = quantity(v)
        out.append(math.nan if q is None else q)
    return np.array(out, dtype=float)


def group_lines(table, x_col, other_axes):
    """[(label, x, row indices sorted by x)] for each combination of the other axes."""
    x = numeric(table[x_col])
    # Axes that move in lockstep with x (zip sweeps) do not split the lines.
    def varies(a):
        seen = {}
        return any(seen.setdefault(xv, str(av)) != str(av) for xv, av in zip(x, table[a]))
    other_axes = [a for a in other_axes if varies(a)]
    keys = {}
    for i in range(len(x)):
        key = tuple(str(table[a][i]) for a in other_axes)
        keys.setdefault(key, []).append(i)
    out = []
    for key, rows in keys.items():
        rows = sorted(rows, key=lambda i: x[i])
        parts = []
        for a, v in zip(other_axes, key):
            q = quantity(v) if unit_of(a) else None
            if q is not None:
                lab, dv = display(a, [q])
                parts.append(f"{strip_unit(pretty(lab))} = {dv[0]:.3g} {unit_of(lab)}")
            else:
                parts.append(f"{strip_unit(pretty(a))} = {v}")
        label = ", ".join(parts)
        out.append((label, rows))
    return x, out
