#!/usr/bin/python3
"""Microstructure histograms from the last VTK frames of a run dir: contact
radius (vtk/contacts), coordination number per particle (counted from the
contact segments, split by material) and per-particle lithiation of the
active material (vtk/particles, present after the cycle stage)."""

import common
from common import np


def box_size(run_dir):
    """Lateral box size (lx, ly) from the last walls frame, or None."""
    try:
        pts, _, _, _ = common.read_vtp(common.pvd_frames(run_dir, "walls")[-1])
    except common.UsageError:
        return None
    if len(pts) == 0:
        return None
    return pts[:, 0].max() - pts[:, 0].min(), pts[:, 1].max() - pts[:, 1].min()


def coordination(centres, radius, seg_points, lines, box):
    """Contacts per particle: each segment runs from particle i to the
    minimum image of j, so ends are matched to centres (wrapped into the
    periodic box) with a point locator."""
    from vtkmodules.vtkCommonCore import vtkPoints
    from vtkmodules.vtkCommonDataModel import vtkPolyData, vtkStaticPointLocator
    from vtkmodules.util.numpy_support import numpy_to_vtk

    pts = vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(centres, dtype=float), deep=True))
    poly = vtkPolyData()
    poly.SetPoints(pts)
    loc = vtkStaticPointLocator()
    loc.SetDataSet(poly)
    loc.BuildLocator()
    origin = centres.min(axis=0)
    tol = 1e-3 * float(np.min(radius)) if len(radius) else 0.0
    count = np.zeros(len(centres), dtype=int)
    unmatched = 0
    for a, b in lines:
        for end in (a, b):
            p = np.array(seg_points[end], dtype=float)
            k = loc.FindClosestPoint(p)
            if np.linalg.norm(centres[k] - p) > tol and box is not None:
                q = p.copy()
                q[0] = origin[0] + (q[0] - origin[0]) % box[0]
                q[1] = origin[1] + (q[1] - origin[1]) % box[1]
                k = loc.FindClosestPoint(q)
                p = q
            if np.linalg.norm(centres[k] - p) <= tol or box is None:
                count[k] += 1
            else:
                unmatched += 1
    return count, unmatched


def last_frame_with(run_dir, series, array):
    """The last frame of a series that has `array` (None if none has it)."""
    for f in reversed(common.pvd_frames(run_dir, series)):
        pts, pd, cd, lines = common.read_vtp(f)
        if common.find_array(pd, array) or common.find_array(cd, array):
            return pts, pd, cd, lines
    return None


def main():
    p = common.parser(__doc__, epilog="example: plot_microstructure.py runs/default")
    p.add_argument("run", help="run directory")
    p.add_argument("--bins", type=int, default=30, help="histogram bins (default 30)")
    common.add_output_args(p, "microstructure")
    args = p.parse_args()
    run = common.check_run_dir(args.run)
    centres, parts, _, _ = common.read_vtp(common.pvd_frames(run, "particles")[-1])
    seg_pts, _, cdata, lines = common.read_vtp(common.pvd_frames(run, "contacts")[-1])
    r_name = common.find_array(parts, "radius")
    m_name = common.find_array(parts, "material")
    radius = parts[r_name] if r_name else np.ones(len(centres))
    material = parts[m_name].astype(int) if m_name else np.zeros(len(centres), dtype=int)

    fig, grid = common.new_figure(ncols=3, width=4.3)
    ax_a, ax_z, ax_x = grid[0]

    a_name = common.find_array(cdata, "contact radius")
    if a_name and len(cdata[a_name]):
        a_um = cdata[a_name] * 1e6
        ax_a.hist(a_um, bins=args.bins, color="tab:blue")
        ax_a.set_xlabel("contact radius [um]")
        ax_a.set_title(f"{len(a_um)} contacts, median {np.median(a_um):.3g} um", fontsize="small")
    else:
        ax_a.text(0.5, 0.5, "no loaded contacts", ha="center", transform=ax_a.transAxes)
    ax_a.set_ylabel("contacts")

    z_name = common.find_array(parts, "coordination")
    if z_name:
        z = parts[z_name].astype(int)
    else:
        z, unmatched = coordination(centres, radius, seg_pts, lines, box_size(run))
        if unmatched:
            print(f"note: {unmatched} contact ends matched no particle centre")
    zmax = int(z.max()) if len(z) else 0
    bins = np.arange(-0.5, zmax + 1.5, 1.0)
    mats = np.unique(material)
    ax_z.hist([z[material == m] for m in mats], bins=bins, stacked=True,
              label=[f"material {m}" for m in mats])
    ax_z.set_xlabel("coordination number [-]")
    ax_z.set_ylabel("particles")
    ax_z.set_title(f"mean {z.mean():.2f}", fontsize="small")
    common.finish_axes(ax_z)

    frame = last_frame_with(run, "particles", "lithiation")
    if frame:
        _, pd, _, _ = frame
        x = pd[common.find_array(pd, "lithiation")]
        x = x[np.isfinite(x)]
        ax_x.hist(x, bins=args.bins, range=(0.0, 1.0), color="tab:orange")
        ax_x.set_title(f"{len(x)} AM particles, mean {x.mean():.3f}" if len(x) else "", fontsize="small")
    else:
        ax_x.text(0.5, 0.5, "no lithiation\n(run the cycle stage)", ha="center", va="center",
                  transform=ax_x.transAxes)
    ax_x.set_xlabel("lithiation (last frame) [-]")
    ax_x.set_ylabel("particles")
    for ax in (ax_a, ax_x):
        common.finish_axes(ax, legend=False)
    fig.suptitle(args.title or f"Microstructure: {common.run_label(run)}")
    common.save_figure(fig, common.output_prefix(args, run, "microstructure"), args.dpi)


if __name__ == "__main__":
    common.main_guard(main)
