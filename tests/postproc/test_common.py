#!/usr/bin/python3
"""Unit tests of postproc/common.py parsing helpers on small hand-made files
(the plots themselves are tested on real runs in tests/app/test_postproc.cpp).
Run: /usr/bin/python3 tests/postproc/test_common.py"""

import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "postproc"))
import common  # noqa: E402


class Tables(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="electrodem_postproc_")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_numbers_strings_nan_and_a_partial_last_line(self):
        p = self.write("t.csv", 'time [s],stage,"a, b [-]"\n0,press,1\n1e-3,release,nan\n2e-3,rel')
        t = common.read_table(p)
        self.assertEqual(list(t), ["time [s]", "stage", "a, b [-]"])
        self.assertEqual(len(t["time [s]"]), 2)  # the interrupted last line is dropped
        self.assertAlmostEqual(t["time [s]"][1], 1e-3)
        self.assertEqual(list(t["stage"]), ["press", "release"])
        self.assertTrue(common.np.isnan(t["a, b [-]"][1]))

    def test_find_column_exact_then_without_unit_then_substring(self):
        t = {"punch stress [Pa]": 1, "relative density [-]": 2, "transport.ionic conductivity [S/m]": 3}
        self.assertEqual(common.find_column(t, "punch stress [Pa]"), "punch stress [Pa]")
        self.assertEqual(common.find_column(t, "relative density [kg]"), "relative density [-]")
        self.assertEqual(common.find_column(t, "ionic conductivity"), "transport.ionic conductivity [S/m]")
        self.assertIsNone(common.find_column(t, "voltage", required=False))
        with self.assertRaises(common.UsageError) as e:
            common.find_column(t, "voltage [V]", where="x.csv")
        self.assertIn("x.csv: no column like 'voltage [V]'", str(e.exception))

    def test_display_units(self):
        label, v = common.display("punch stress [Pa]", [3e8])
        self.assertEqual(label, "punch stress [MPa]")
        self.assertAlmostEqual(v[0], 300.0)
        label, v = common.display("ionic conductivity [S/m]", [0.1])
        self.assertEqual(label, "ionic conductivity [mS/cm]")
        self.assertAlmostEqual(v[0], 1.0)
        label, v = common.display("x [-]", [0.5])
        self.assertEqual(label, "x [-]")

    def test_pretty_axis_names(self):
        self.assertEqual(common.pretty("packing.components.1.diameter.median [um]"), "component 1 median diameter [um]")
        self.assertEqual(common.pretty("packing.components.0.volume_fraction"), "component 0 volume fraction")
        self.assertEqual(common.pretty("press.pressure [MPa]"), "pressing pressure [MPa]")
        self.assertEqual(common.pretty("seed"), "seed")

    def test_quantities_from_configs(self):
        self.assertEqual(common.quantity(3e8), 3e8)
        self.assertAlmostEqual(common.quantity("300 MPa"), 3e8)
        self.assertAlmostEqual(common.quantity("2 um"), 2e-6)
        self.assertAlmostEqual(common.quantity("0.5"), 0.5)
        self.assertIsNone(common.quantity("lognormal"))
        self.assertIsNone(common.quantity(True))

    def test_sweep_results_axes_and_groups(self):
        p = self.write("results.csv",
                       "point,press.pressure,press.pressure [Pa],seed,status,error,release.relative density [-]\n"
                       "a,100 MPa,1e8,1,ok,,0.8\n"
                       "b,300 MPa,3e8,1,ok,,0.9\n"
                       "c,100 MPa,1e8,2,failed,boom,\n"
                       "d,300 MPa,3e8,2,ok,,0.91\n")
        t = common.read_results(p)
        self.assertEqual(list(t["point"]), ["a", "b", "d"])  # failed points are left out
        axes = common.sweep_axes(t)
        self.assertEqual(axes, ["press.pressure [Pa]", "seed"])
        self.assertEqual(common.resolve_x(axes, "pressure"), "press.pressure [Pa]")
        xs, groups = common.group_lines(t, "press.pressure [Pa]", ["seed"])
        self.assertEqual([g[0] for g in groups], ["seed = 1.0", "seed = 2.0"])
        self.assertEqual(groups[0][1], [0, 1])
        with self.assertRaises(common.UsageError):
            common.resolve_x(axes, "composition")
        # An axis zipped with x does not split the lines.
        t["zipped"] = common.np.array(["p", "q", "q"], dtype=object)
        _, groups = common.group_lines(t, "press.pressure [Pa]", ["zipped"])
        self.assertEqual(len(groups), 1)

    def test_run_dir_helpers(self):
        run = os.path.join(self.dir, "run")
        self.write("run/config.resolved.json", json.dumps({"press": {"pressure": 3e8},
                                                           "packing": {"components": [{"volume_fraction": 0.6}]}}))
        self.write("run/vtk/particles.pvd", '<?xml version="1.0"?><VTKFile type="Collection"><Collection>'
                   '<DataSet timestep="2" file="particles_000001.vtp"/>'
                   '<DataSet timestep="1" file="particles_000000.vtp"/></Collection></VTKFile>')
        self.write("run/vtk/particles_000000.vtp", "")
        self.write("run/vtk/particles_000001.vtp", "")
        self.assertEqual(common.config_value(run, "packing.components.0.volume_fraction"), 0.6)
        with self.assertRaises(common.UsageError):
            common.config_value(run, "packing.components.3.volume_fraction")
        frames = common.pvd_frames(run, "particles")
        self.assertEqual([os.path.basename(f) for f in frames], ["particles_000000.vtp", "particles_000001.vtp"])
        with self.assertRaises(common.UsageError):
            common.pvd_frames(run, "contacts")
        self.assertEqual(common.flatten({"a": {"b [-]": 1, "c": [1, 2]}, "d": "x"}), {"a.b [-]": 1, "d": "x"})


if __name__ == "__main__":
    unittest.main()
