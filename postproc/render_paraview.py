#!/usr/bin/env pvpython
"""Renders a standard set of pictures of an electrodem run dir with ParaView,
headless:

    pvpython --force-offscreen-rendering postproc/render_paraview.py RUN_DIR [-o DIR]

(on a machine without a display and a ParaView built for X, as Debian's is,
wrap it in `xvfb-run -a`). From the last frame of vtk/particles.pvd and
vtk/contacts.pvd it writes PNGs into RUN_DIR/pictures (or -o DIR):

  particles_material.png    spheres of true radius coloured by material
  particles_stress.png      ... by hydrostatic stress (if the run wrote it)
  particles_lithiation.png  ... by lithiation (if the run has a cycle stage)
  contacts.png              contacts as tubes of radius = contact radius,
                            coloured by normal force

Particles are Glyph spheres scaled by the "radius" array. ParaView's sphere
glyph has radius 0.5 (unit diameter), so the scale factor is 2: a particle
of radius r is drawn with radius r.
"""

import argparse
import os
import sys
import xml.etree.ElementTree as ET

from paraview import simple as pv

# ParaView's Sphere glyph source has Radius 0.5: scale factor 2 makes the
# drawn radius equal the "radius" array.
SPHERE_GLYPH_RADIUS = 0.5
GLYPH_SCALE = 1.0 / SPHERE_GLYPH_RADIUS  # = 2


def check_glyph_scale():
    """A point with radius 1.5 must become a sphere 3.0 wide; fails loudly if
    a ParaView version changes the glyph's size convention."""
    point = pv.PointSource(NumberOfPoints=1, Radius=0.0)
    calc = pv.Calculator(Input=point, ResultArrayName="radius", Function="1.5")
    glyph = pv.Glyph(Input=calc, GlyphType="Sphere")
    glyph.ScaleArray = ["POINTS", "radius"]
    glyph.ScaleFactor = GLYPH_SCALE
    glyph.GlyphMode = "All Points"
    glyph.UpdatePipeline()
    b = glyph.GetDataInformation().GetBounds()
    width = b[5] - b[4]  # along z, through the poles, which lie exactly on the sphere
    for s in (glyph, calc, point):
        pv.Delete(s)
    if abs(width - 3.0) > 1e-3:
        raise RuntimeError(f"sphere glyph of radius 1.5 is {width} wide, expected 3.0: "
                           "fix SPHERE_GLYPH_RADIUS for this ParaView")


def last_frame(run_dir, series):
    """Last (in time) .vtp file of vtk/<series>.pvd, or None."""
    vtk = os.path.join(run_dir, "vtk")
    pvd = os.path.join(vtk, series + ".pvd")
    if not os.path.isfile(pvd):
        return None
    entries = [(float(d.get("timestep", "0")), d.get("file"))
               for d in ET.parse(pvd).getroot().iter("DataSet")]
    entries = [e for e in entries if os.path.isfile(os.path.join(vtk, e[1]))]
    if not entries:
        return None
    return os.path.join(vtk, max(entries, key=lambda e: e[0])[1])


def frame_with(run_dir, series, array):
    """The last frame of a series whose point data has `array` (by substring)."""
    vtk = os.path.join(run_dir, "vtk")
    pvd = os.path.join(vtk, series + ".pvd")
    if not os.path.isfile(pvd):
        return None, None
    entries = sorted(((float(d.get("timestep", "0")), d.get("file"))
                      for d in ET.parse(pvd).getroot().iter("DataSet")), reverse=True)
    for _, f in entries:
        path = os.path.join(vtk, f)
        if not os.path.isfile(path):
            continue
        reader = pv.XMLPolyDataReader(FileName=[path])
        reader.UpdatePipelineInformation()
        names = list(reader.PointData.keys())
        match = [n for n in names if array.lower() in n.lower()]
        if match:
            return reader, match[0]
        pv.Delete(reader)
    return None, None


def new_view(size):
    view = pv.CreateRenderView()
    view.ViewSize = size
    view.Background = [1.0, 1.0, 1.0]
    try:
        view.UseColorPaletteForBackground = 0
    except AttributeError:
        pass
    view.OrientationAxesVisibility = 1
    return view


def set_camera(view):
    view.CameraPosition = [1.0, -1.4, 0.9]
    view.CameraFocalPoint = [0.0, 0.0, 0.0]
    view.CameraViewUp = [0.0, 0.0, 1.0]
    view.ResetCamera()
    cam = pv.GetActiveCamera()
    cam.Zoom(1.1)


def spheres(reader, view, colour_by, lut_name=None, categorical=False, resolution=16):
    glyph = pv.Glyph(Input=reader, GlyphType="Sphere")
    glyph.ScaleArray = ["POINTS", "radius"]
    glyph.ScaleFactor = GLYPH_SCALE
    glyph.GlyphMode = "All Points"
    glyph.OrientationArray = ["POINTS", "No orientation array"]
    glyph.GlyphType.ThetaResolution = resolution
    glyph.GlyphType.PhiResolution = resolution
    display = pv.Show(glyph, view)
    pv.ColorBy(display, ("POINTS", colour_by))
    lut = pv.GetColorTransferFunction(colour_by)
    if categorical:
        lut.InterpretValuesAsCategories = 1
        lut.ApplyPreset("Brewer Qualitative Set1", True)
        lut.AnnotationsInitialized = 1
        values = sorted(set(int(v) for v in _array_values(reader, colour_by)))
        lut.Annotations = sum(([str(v), f"material {v}"] for v in values), [])
        lut.IndexedColors = _categorical_colours(len(values))
    else:
        lut.ApplyPreset(lut_name or "Viridis (matplotlib)", True)
        display.RescaleTransferFunctionToDataRange(False, True)
    display.SetScalarBarVisibility(view, True)
    bar = pv.GetScalarBar(lut, view)
    bar.TitleColor = bar.LabelColor = [0.1, 0.1, 0.1]
    return glyph


def _array_values(reader, name):
    from paraview import servermanager
    from vtkmodules.util.numpy_support import vtk_to_numpy

    data = servermanager.Fetch(reader)
    return vtk_to_numpy(data.GetPointData().GetArray(name))


def _categorical_colours(n):
    base = [[0.89, 0.10, 0.11], [0.22, 0.49, 0.72], [0.30, 0.69, 0.29], [0.60, 0.31, 0.64],
            [1.00, 0.50, 0.00], [0.65, 0.34, 0.16]]
    return sum((base[k % len(base)] for k in range(n)), [])


def save(view, path, size):
    set_camera(view)
    pv.Render(view)
    pv.SaveScreenshot(path, view, ImageResolution=size, TransparentBackground=0)
    print(path)


def render_particles(run_dir, out_dir, size, made):
    frame = last_frame(run_dir, "particles")
    if frame is None:
        print(f"{run_dir}: no vtk/particles.pvd frames", file=sys.stderr)
        return
    reader = pv.XMLPolyDataReader(FileName=[frame])
    reader.UpdatePipelineInformation()
    arrays = list(reader.PointData.keys())
    if "radius" not in arrays:
        print(f"{frame}: no 'radius' array; arrays are {arrays}", file=sys.stderr)
        return
    view = new_view(size)
    material = "material" if "material" in arrays else None
    if material:
        spheres(reader, view, material, categorical=True)
        path = os.path.join(out_dir, "particles_material.png")
        save(view, path, size)
        made.append(path)
    pv.Delete(view)

    # Hydrostatic stress: the last frame that has it (the stages name it
    # "hydrostatic stress [Pa]" or similar).
    for key, preset, name in (("hydrostatic stress", "Cool to Warm", "particles_stress.png"),
                              ("lithiation", "Inferno (matplotlib)", "particles_lithiation.png")):
        src, array = frame_with(run_dir, "particles", key)
        if src is None:
            print(f"note: no '{key}' array in vtk/particles frames; {name} skipped")
            continue
        view = new_view(size)
        spheres(src, view, array, lut_name=preset)
        path = os.path.join(out_dir, name)
        save(view, path, size)
        made.append(path)
        pv.Delete(view)


def render_contacts(run_dir, out_dir, size, made):
    frame = last_frame(run_dir, "contacts")
    if frame is None:
        print(f"note: no vtk/contacts.pvd frames; contacts.png skipped")
        return
    reader = pv.XMLPolyDataReader(FileName=[frame])
    reader.UpdatePipelineInformation()
    cells = list(reader.CellData.keys())
    if "contact radius" not in cells:
        print(f"{frame}: no 'contact radius' cell array; arrays are {cells}", file=sys.stderr)
        return
    view = new_view(size)
    points = pv.CellDatatoPointData(Input=reader)
    tube = pv.Tube(Input=points)
    tube.Scalars = ["POINTS", "contact radius"]
    tube.VaryRadius = "By Absolute Scalar"  # tube radius = contact radius
    tube.NumberofSides = 10
    display = pv.Show(tube, view)
    colour = "normal force" if "normal force" in cells else "contact radius"
    pv.ColorBy(display, ("POINTS", colour))
    lut = pv.GetColorTransferFunction(colour)
    lut.ApplyPreset("Viridis (matplotlib)", True)
    display.RescaleTransferFunctionToDataRange(False, True)
    display.SetScalarBarVisibility(view, True)
    bar = pv.GetScalarBar(lut, view)
    bar.TitleColor = bar.LabelColor = [0.1, 0.1, 0.1]
    path = os.path.join(out_dir, "contacts.png")
    save(view, path, size)
    made.append(path)
    pv.Delete(view)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", help="run directory")
    p.add_argument("-o", "--out", help="output directory (default: RUN/pictures)")
    p.add_argument("--size", type=int, nargs=2, default=[1200, 900], metavar=("W", "H"),
                   help="image size in pixels (default 1200 900)")
    args = p.parse_args()
    if not os.path.isdir(args.run):
        p.error(f"{args.run}: not a run directory")
    out_dir = args.out or os.path.join(args.run, "pictures")
    os.makedirs(out_dir, exist_ok=True)
    check_glyph_scale()
    made = []
    render_particles(args.run, out_dir, args.size, made)
    render_contacts(args.run, out_dir, args.size, made)
    if not made:
        print(f"{args.run}: nothing to render", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
