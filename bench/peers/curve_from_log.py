#!/usr/bin/python3
"""Rebuilds an electrodem stress curve (curve_*.csv of bench/run_compress.py) from
the "[press] step N  t=T s  stress=S MPa" progress lines of its log, for runs whose
timeseries.csv kept only the final sample. The wall position is h = H - v t with
the same H, v as the run (from the shared packing, --steps and --phi-end).

  curve_from_log.py LOG OUT.csv --n 5000 --steps 200000 [--phi-end 0.645]
"""
import argparse
import csv
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("log")
ap.add_argument("out")
ap.add_argument("--n", type=int, required=True)
ap.add_argument("--steps", type=int, required=True)
ap.add_argument("--phi-end", type=float, default=0.645)
ap.add_argument("--work", default=os.path.join(HERE, "work"))
a = ap.parse_args()
with open(os.path.join(a.work, "compress_N%d.json" % a.n)) as f:
    meta = json.load(f)
H, L, vs = meta["height [m]"], meta["footprint [m]"], meta["solid volume [m^3]"]
t_end = None
text = open(a.log).read()
m = re.search(r'"simulated time \[s\]": ([0-9.eE+-]+)', text)
rows = []
pat = r"\[press\] step (\d+)\s+t=([0-9.eE+-]+) s\s+stress=([0-9.eE+-]+) MPa"
steps_dt = None
for mm in re.finditer(pat, text):
    rows.append((int(mm.group(1)), float(mm.group(2)), float(mm.group(3))))
# dt from the packing's smallest Rayleigh time, as in run_compress.py
import sys
sys.path.insert(0, HERE)
import params as P  # noqa: E402
dt = P.DT_SAFETY * P.rayleigh_time(meta["min radius [m]"])
v = (H - H * P.PHI0_START / a.phi_end) / (a.steps * dt)
with open(a.out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["step", "time [s]", "thickness [m]", "solid fraction [-]", "wall stress [Pa]"])
    for step, t, s in rows:
        h = H - v * t
        w.writerow((step, t, h, vs / (L * L * h), 1e6 * s))
print("%d rows -> %s" % (len(rows), a.out))
