#!/usr/bin/python3
"""Markdown table of particle-steps per second from the results_*.json files that
bench/run_compress.py writes, with electrodem/peer ratios at equal N, variant,
steps and thread/rank count. The last result of each (code, variant, N, threads,
steps) wins.

  table.py bench/peers/work/results bench/peers/work/results50k
"""
import glob
import json
import os
import sys


def main():
    rows = {}
    for d in sys.argv[1:]:
        for p in sorted(glob.glob(os.path.join(d, "results_*.json"))):
            with open(p) as f:
                data = json.load(f)
            for r in data["results"]:
                rows[(r["code"], r["variant"], r["N"], r["threads"], r["steps"])] = r
    print("| variant | N | steps | code | ranks/threads | loop wall [s] | particle-steps/s (wall) | "
          "CPU [s] | particle-steps/CPU-s | electrodem / this (wall) | electrodem / this (CPU) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for key in sorted(rows, key=lambda k: (k[1], k[2], k[4], k[3], k[0])):
        code, var, n, t, steps = key
        r = rows[key]
        ed = rows.get(("electrodem", var, n, t, steps))
        rw = rc = ""
        if ed and code != "electrodem":
            rw = "%.2f" % (ed["particle-steps per second [1/s]"] / r["particle-steps per second [1/s]"])
            if ed.get("particle-steps per CPU second [1/s]") and r.get("particle-steps per CPU second [1/s]"):
                rc = "%.2f" % (ed["particle-steps per CPU second [1/s]"] / r["particle-steps per CPU second [1/s]"])
        print("| %s | %d | %d | %s | %d | %.1f | %.3g | %.1f | %.3g | %s | %s |"
              % (var, n, steps, code, t, r["loop time [s]"], r["particle-steps per second [1/s]"],
                 r["process CPU time [s]"], r["particle-steps per CPU second [1/s]"] or 0, rw, rc))


if __name__ == "__main__":
    main()
