#!/usr/bin/python3
"""The "compress" benchmark (issue 8), electrodem side by side with LIGGGHTS 3.8
and LAMMPS (Debian packages, benchmark references only).

For each N: one shared initial packing (bench/peers/make_packing.py), then each
code presses it with the top wall moving down at constant speed from solid
fraction 0.30 to --phi-end in exactly --steps steps of the same dt
(0.2 x the smallest Rayleigh time). Prints particle-steps per second of the
stepping loop (electrodem: summary.json press."particle-steps per second [1/s]";
peers: N * steps / "Loop time") and the electrodem/peer ratios, per thread/rank
count, and writes wall stress vs solid fraction curves (CSV) for
bench/peers/compare_curves.py.

  bench/run_compress.py --n 5000 --threads 1 2 --variant hertz
  bench/run_compress.py --n 5000 --threads 1 --variant tn --codes electrodem liggghts
  bench/run_compress.py --report OUT1/results_hertz_*.json OUT2/results_hertz_*.json  # pool sets

Variants: hertz (Hertz-Mindlin, viscous dashpot matched to electrodem's e = 0.5,
see bench/peers/params.py) and tn (Thornton-Ning, LIGGGHTS thornton_ning with
coefficientYieldRatio 0.02 <-> electrodem yield_pressure 4 E* yr / pi, no dashpots).
Results go to --out (default bench/peers/work/results): curve_*.csv, logs, and
results_*.json; run with nice -n 10 so compiles on the shared cores keep going.

Single-thread runs are pinned (--pin, default on with two or more CPUs): each
1-thread / 1-rank run is made once on every CPU of the affinity set (taskset).
On the shared host the two vCPUs are not always equally fast: for stretches of
minutes one of them ran the DEM step up to 40 % slower (session 14, pinned
runs), so an unpinned single-thread run measured whichever core the scheduler
chose. The single-thread rate of a code is then the mean over the CPUs of its
per-CPU medians ("mean core"); electrodem/peer ratios at 1 thread compare runs
on the same CPU, and the 2-vs-1 speed-up is the 2-thread rate over the
mean-core rate, whose ideal is 2 whatever the asymmetry. A core that is slow
during some codes' runs only (a phase) lowers their mean core and raises their
speed-up, so the speed-up over the faster core's median is printed too: the
lower bound (session 18).

Placement (session 16): the two vCPUs also move between sitting on one core
complex (cache-line handoff ~55 ns) and on two (~240 ns), often within a minute,
and the two-thread step at N = 5000 is ~13 % slower in the far placement (one
thread is not affected). With build/bench/core_latency built, the handoff latency
is measured before and after every multi-thread run and the per-repetition
speed-ups are also given for the runs that stayed near or far throughout.
(Session 20 found no step-time difference between near and far in a direct test.)

Ceiling (--ceiling, session 21): two busy vCPUs run slower than one, and how much
changes with the host's load. After each repetition's pinned single-thread runs,
electrodem also runs on one thread on every CPU at once; twice their mean-core
rate over the single-thread rate alone is what a perfectly parallel two-thread
run could reach at that time ("host ceiling"), and the 2-vs-1 speed-up is also
given as a share of it. With build/bench/host_hiccups built, the share of time the
host takes from each busy vCPU (mean over the CPUs) is also measured before and
after every multi-thread run: threads that meet at every step's barrier pay it
about twice.
"""
import argparse
import concurrent.futures
import csv
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = os.path.join(HERE, "peers")
sys.path.insert(0, PEERS)
import params as P  # noqa: E402


PEAK_RSS = {}  # log -> peak resident set size of the run's largest process [bytes]


def sh(cmd, log, cwd, nice, cpu=None):
    """Runs cmd (list) with stdout+stderr to log, on CPU `cpu` only if given (taskset); returns
    (wall s, child CPU s, rc). CPU = user + sys of the whole process tree (wait4's usage of the
    child, which includes the children it waited for: MPI ranks; right also for runs made at the
    same time, --ceiling); the load average before and after is logged."""
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu)] + cmd
    if nice:
        cmd = ["nice", "-n", str(nice)] + cmd
    t0 = time.time()
    with open(log, "w") as f:
        f.write("# " + " ".join(cmd) + "\n")
        f.write("# load average before: %.2f %.2f %.2f\n" % os.getloadavg())
        f.flush()
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=cwd)
        _, status, ru = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rc = proc.returncode
    with open(log, "a") as f:
        f.write("# load average after: %.2f %.2f %.2f\n" % os.getloadavg())
    PEAK_RSS[log] = ru.ru_maxrss * 1024  # kB on Linux; MPI: the launcher, not the ranks
    cpu = ru.ru_utime + ru.ru_stime
    return time.time() - t0, cpu, rc


def write_top_stl(path, L, h):
    """The top wall for LIGGGHTS (mesh): two triangles at height h over the L x L footprint,
    inset from the periodic edges because meshes have no periodic images."""
    e = 1e-3 * L
    with open(path, "w") as f:
        f.write("solid top\n")
        for tri in (((e, e, h), (L - e, e, h), (L - e, L - e, h)),
                    ((e, e, h), (L - e, L - e, h), (e, L - e, h))):
            f.write(" facet normal 0 0 -1\n  outer loop\n")
            for v in tri:
                f.write("   vertex %.17g %.17g %.17g\n" % v)
            f.write("  endloop\n endfacet\n")
        f.write("endsolid top\n")


def packing(n, work, seed):
    base = os.path.join(work, "compress_N%d" % n)
    if not os.path.exists(base + ".json"):
        subprocess.check_call(["/usr/bin/python3", os.path.join(PEERS, "make_packing.py"), str(n),
                               "--seed", str(seed), "--out", work])
    with open(base + ".json") as f:
        meta = json.load(f)
    L, H = meta["footprint [m]"], meta["height [m]"]
    stl = base + "_top.stl"
    write_top_stl(stl, L, H)
    meta.update({"data": base + ".data", "csv": base + ".csv", "stl": stl})
    return meta


def thermo_rows(text):
    """(step, value) rows of a LAMMPS/LIGGGHTS thermo block 'step atoms ke F'."""
    rows = []
    on = False
    for line in text.splitlines():
        s = line.split()
        if s[:2] == ["Step", "Atoms"]:
            on = True
            continue
        if on:
            if line.startswith("Loop time"):
                on = False
                continue
            try:
                rows.append((int(s[0]), float(s[3])))
            except (ValueError, IndexError):
                pass
    return rows


def loop_time(text):
    m = re.search(r"Loop time of ([0-9.eE+-]+) on (\d+) procs for (\d+) steps", text)
    if not m:
        return None
    return float(m.group(1))


def write_curve(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "time [s]", "thickness [m]", "solid fraction [-]", "wall stress [Pa]"])
        for r in rows:
            w.writerow(r)


def curve_from_steps(meta, steps_force, dt, v, sign):
    L, H, vs = meta["footprint [m]"], meta["height [m]"], meta["solid volume [m^3]"]
    out = []
    for step, fz in steps_force:
        t = step * dt
        h = H - v * t
        out.append((step, t, h, vs / (L * L * h), sign * fz / (L * L)))
    return out


def run_peer(code, variant, meta, nranks, steps, dt, v, par, out, nice, every, suffix="", cpu=None):
    n = meta["count"]
    tag = "%s_%s_N%d_T%d%s%s" % (code, variant, n, nranks, suffix, cpu_tag(cpu))
    log = os.path.join(out, tag + ".log")
    common = ["-var", "datafile", meta["data"], "-var", "dt", repr(dt), "-var", "nsteps", str(steps),
              "-var", "vwall", repr(v), "-var", "skin", repr(skin(meta)), "-var", "every", str(every)]
    if code == "liggghts":
        model = "thornton_ning" if variant == "tn" else "hertz"
        erest = par["liggghts coefficientRestitution [-]"] if variant == "hertz" else 1.0  # hertz0, tn: no dashpot
        cmd = ["liggghts", "-in", os.path.join(PEERS, "compress_liggghts.in"), "-log", log + ".lammps",
               "-var", "stl", meta["stl"], "-var", "model", model, "-var", "erest", repr(erest),
               "-var", "yr", repr(P.YIELD_RATIO)] + common
        sign = 1.0  # f_topmesh[3]: force of the particles on the wall, +z
    elif code == "lammps":
        if variant != "hertz":
            return None  # no plastic normal model in Debian's LAMMPS; hertz0 is a LIGGGHTS check
        cmd = ["lmp", "-in", os.path.join(PEERS, "compress_lammps.in"), "-log", log + ".lammps",
               "-var", "H", repr(meta["height [m]"]),
               "-var", "erest", repr(par["lammps tsuji restitution [-]"]),
               "-var", "xt", repr(par["lammps tangential damping factor [-]"]),
               "-var", "kt", repr(par["lammps mindlin kt = 8 G* [Pa]"]),
               "-var", "Ewall", repr(par["lammps wall E [Pa]"])] + common
        sign = -1.0  # c_ftop: force of the wall on the particles
    else:
        raise ValueError(code)
    if nranks > 1:
        cmd = ["mpirun", "--allow-run-as-root", "-np", str(nranks)] + cmd
    wall, cpu_s, rc = sh(cmd, log, out, nice, cpu)
    text = open(log).read()
    lt = loop_time(text)
    if rc != 0 or lt is None:
        print("  %s FAILED (rc %d), see %s" % (tag, rc, log))
        return None
    curve = curve_from_steps(meta, thermo_rows(text), dt, v, sign)
    write_curve(os.path.join(out, "curve_" + tag + ".csv"), curve)
    cpu_pct = re.search(r"([0-9.]+)% CPU use", text)
    return {"code": code, "variant": variant, "N": n, "threads": nranks, "steps": steps, "cpu": cpu,
            "loop time [s]": lt, "process wall time [s]": wall, "process CPU time [s]": cpu_s,
            "particle-steps per second [1/s]": n * steps / lt,
            "particle-steps per CPU second [1/s]": n * steps / cpu_s if cpu_s > 0 else None,
            "lammps CPU use [%]": float(cpu_pct.group(1)) if cpu_pct else None,
            "peak RSS [B]": PEAK_RSS.get(log), "load average [-]": loadavg(log),
            "curve": os.path.join(out, "curve_" + tag + ".csv")}


SKIN = 0.1  # Verlet skin / mean diameter, for every code (electrodem's default; --skin)


PEER_EXECUTABLES = {"liggghts": "liggghts", "lammps": "lmp"}
PEER_PACKAGES = "apt-get install -y liggghts lammps openmpi-bin"


def missing_peer_tools(codes, threads, which=shutil.which):
    """{peer code: [executables it needs that are not on PATH]} for the peers among `codes`
    (mpirun too when a run has more than one rank), so a machine without the Debian packages
    skips them with one line each instead of failing every run (exit code 127)."""
    missing = {}
    for code in codes:
        if code not in PEER_EXECUTABLES:
            continue
        need = [PEER_EXECUTABLES[code]] + (["mpirun"] if max(threads) > 1 else [])
        absent = [exe for exe in need if which(exe) is None]
        if absent:
            missing[code] = absent
    return missing


def skin(meta):
    return SKIN * 2 * P.R_MEAN


def electrodem_binary(arg):
    if arg:
        return arg
    # the product's own build (scripts/build.sh); a helper's build directory may hold a stale binary
    p = os.path.join(ROOT, "build", "electrodem")
    return p if os.path.exists(p) else shutil.which("electrodem")


def run_probe(name, *args):
    """Standard output of the host probe build/bench/NAME (a bench/*.cpp), or None when it is not
    built or fails to finish."""
    exe = os.path.join(ROOT, "build", "bench", name)
    if not os.path.exists(exe):
        return None
    try:
        return subprocess.run([exe, *args], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None


def core_latency():
    """One-way cache-line handoff latency between the first two CPUs [ns] (bench/core_latency.cpp),
    or None without the probe or a second CPU. Measured before and after every multi-thread run:
    on the shared host it switches between ~55 ns and ~240 ns, often within minutes (session 16),
    and the two-thread step at N = 5000 follows it (each step hands boundary data between cores)."""
    out = run_probe("core_latency") if len(os.sched_getaffinity(0)) > 1 else None
    m = re.search(r"latency \[ns\]: ([0-9.]+)", out or "")
    return float(m.group(1)) if m else None


def parse_host_gaps(text):
    """Mean over the CPUs of the share of time [%] bench/host_hiccups reports, or None."""
    shares = [float(x) for x in re.findall(r"cpu \d+: ([0-9.]+) % of the time", text)]
    return statistics.mean(shares) if shares else None


def host_gaps():
    """Share of time [%] the host takes from busy vCPUs (bench/host_hiccups.cpp, 1 s on every CPU
    at once), or None without the probe. Threads that meet at every step's barrier pay it about
    twice (session 21): measured before and after every multi-thread run."""
    return parse_host_gaps(run_probe("host_hiccups", "1") or "")


NEAR_NS = 120.0  # handoff latencies below: both vCPUs on one core complex (~55 ns seen), above: ~240


def placement(ns):
    """"near" or "far" when every handoff latency measured around a run (a number or a list) is on
    the same side of NEAR_NS, else None (the placement changed, or nothing was measured)."""
    values = ns if isinstance(ns, list) else [ns]
    if not values or any(x is None for x in values):
        return None
    near = [x < NEAR_NS for x in values]
    return "near" if all(near) else ("far" if not any(near) else None)


def cpu_tag(cpu):
    return "" if cpu is None else "_cpu%d" % cpu


def run_electrodem(exe, variant, meta, threads, steps, dt, v, par, out, nice, suffix="", extra=(),
                   cpu=None):
    n = meta["count"]
    tag = "electrodem_%s_N%d_T%d%s%s" % (variant, n, threads, suffix, cpu_tag(cpu))
    rundir = os.path.join(out, tag)
    log = os.path.join(out, tag + ".log")
    sets = ["packing.count=%d" % n,
            "packing.import=\"%s\"" % meta["csv"],
            "packing.footprint=[%r,%r]" % (meta["footprint [m]"], meta["footprint [m]"]),
            "packing.height=%r" % meta["height [m]"],
            "press.mode=velocity", "press.steps=%d" % steps, "press.dt_factor=%r" % P.DT_SAFETY,
            "press.velocity=%r" % v, "dem.skin=%r" % SKIN]
    if variant == "hertz0":
        sets += ["dem.viscous_damping=false"]
    if variant == "tn":
        sets += ["materials.grain.yield_pressure=%r" % par["yield pressure (electrodem) [Pa]"],
                 "materials.grain.restitution=1.0",  # normal law "auto": TN for a finite p_y
                 "dem.viscous_damping=false"]
    sets += ["output.progress_interval=0.2"]  # progress lines double as the stress curve (see below)
    sets += list(extra)  # --electrodem-set
    cmd = [exe, "run", os.path.join(HERE, "compress.json"), "--out", rundir, "--threads", str(threads)]
    for s in sets:
        cmd += ["--set", s]
    wall, cpu_s, rc = sh(cmd, log, ROOT, nice, cpu)
    summ = os.path.join(rundir, "summary.json")
    if rc != 0 or not os.path.exists(summ):
        print("  %s FAILED (rc %d), see %s" % (tag, rc, log))
        return None
    with open(summ) as f:
        s = json.load(f)
    press = s["press"]
    pss = press["particle-steps per second [1/s]"]
    L, vs = meta["footprint [m]"], meta["solid volume [m^3]"]
    rows = []
    with open(os.path.join(rundir, "timeseries.csv")) as f:
        for r in csv.DictReader(f):
            if r.get("stage [-]", "1") not in ("1", "1.0", "press"):  # stage index: generate 0, press 1
                continue
            h = float(r["thickness [m]"])
            t = float(r["time [s]"])
            rows.append((round(t / dt), t, h, vs / (L * L * h), float(r["punch stress [Pa]"])))
    if len(rows) < 10:
        # timeseries.csv held only the final sample in the electrodem build used here: fall back to
        # the progress lines "[press] step N  t=T s  stress=S MPa" of the log (4 digits).
        rows = []
        for m in re.finditer(r"\[press\] step (\d+)\s+t=([0-9.eE+-]+) s\s+stress=([0-9.eE+-]+) MPa", open(log).read()):
            t = float(m.group(2))
            h = meta["height [m]"] - v * t
            rows.append((int(m.group(1)), t, h, vs / (L * L * h), 1e6 * float(m.group(3))))
    write_curve(os.path.join(out, "curve_" + tag + ".csv"), rows)
    return {"code": "electrodem", "variant": variant, "N": n, "threads": threads, "steps": steps,
            "cpu": cpu, "loop time [s]": press["stepping wall time [s]"], "process wall time [s]": wall,
            "process CPU time [s]": cpu_s, "particle-steps per second [1/s]": pss,
            "particle-steps per CPU second [1/s]": n * steps / cpu_s if cpu_s > 0 else None,
            "peak RSS [B]": PEAK_RSS.get(log), "load average [-]": loadavg(log),
            "curve": os.path.join(out, "curve_" + tag + ".csv")}


def loadavg(log):
    """1-minute load averages logged before and after a run."""
    return [float(m.group(1)) for m in re.finditer(r"# load average \w+: ([0-9.]+)", open(log).read())]


RATE = "particle-steps per second [1/s]"
# Two single-thread electrodem runs at the same time, one pinned to each CPU (--ceiling): what a
# perfectly parallel two-thread code could reach at that time, since two busy vCPUs run slower
# than one (shared caches, clocks and host; session 8 measured 1.88x on an idle host).
TOGETHER = "electrodem-together"


def ceiling(one, together):
    """Host ceiling of the 2-vs-1 speed-up: the summed rate of single-thread runs made at the
    same time on both CPUs over the single-thread rate alone (both as mean-core rates)."""
    return 2.0 * together / one


def group_stats(results):
    """Median, best and all rates per (code, N, threads). Pinned single-thread runs also per CPU,
    and then the group's median (best) is the mean over its CPUs of theirs: the mean core."""
    groups, per_cpu = {}, {}
    for r in results:
        key = (r["code"], r["N"], r["threads"])
        groups.setdefault(key, []).append(r[RATE])
        if r.get("cpu") is not None:
            per_cpu.setdefault(key, {}).setdefault(r["cpu"], []).append(r[RATE])

    def summary(v):
        return {"median": statistics.median(v), "best": max(v), "runs": sorted(v)}
    stats = {}
    for k, v in groups.items():
        stats[k] = summary(v)
        if k in per_cpu:
            cpus = {c: summary(x) for c, x in sorted(per_cpu[k].items())}
            stats[k].update({"per cpu": cpus,
                             "median": statistics.mean(c["median"] for c in cpus.values()),
                             "best": statistics.mean(c["best"] for c in cpus.values())})
    return stats


def report(results, sizes):
    """Median and best particle-steps per second per (code, N, threads) over the repetitions, the
    electrodem/peer ratios and the 2-vs-1 speed-ups of both. The host is shared with other
    machines' work (run-to-run spread 5-15 %), so one run per point decides nothing. Pinned
    single-thread runs count per CPU (group_stats), and 1-thread ratios between codes are also
    given per CPU (same core for both)."""
    stats = group_stats(results)
    print("\nparticle-steps per second over the repetitions (median, best, all; pinned: mean core):")
    for (code, n, t), st in sorted(stats.items()):
        print("  N=%d T=%d %-10s median %.3g  best %.3g  runs %s" % (
            n, t, code, st["median"], st["best"], " ".join("%.3g" % x for x in st["runs"])))
        for c, cs in st.get("per cpu", {}).items():
            print("      cpu %d: median %.3g  best %.3g  runs %s" % (
                c, cs["median"], cs["best"], " ".join("%.3g" % x for x in cs["runs"])))
        pc = [cs["median"] for cs in st.get("per cpu", {}).values()]
        if len(pc) > 1:
            print("      slowest/fastest CPU (medians): %.2f" % (min(pc) / max(pc)))
    out = {"rates": {"%s N=%d T=%d" % k: st for k, st in stats.items()}, "ratios": {}, "speed-up": {}}
    print("\nratios electrodem / peer (same N and thread/rank count, stepping loop wall time):")
    for (code, n, t), st in sorted(stats.items()):
        if code != "electrodem":
            continue
        for (q, qn, qt), qs in sorted(stats.items()):
            if q not in ("electrodem", TOGETHER) and qn == n and qt == t:
                m, b = st["median"] / qs["median"], st["best"] / qs["best"]
                entry = {"median": m, "best": b}
                line = "  N=%d T=%d  electrodem/%s = %.2f (medians)  %.2f (bests)" % (n, t, q, m, b)
                both = sorted(set(st.get("per cpu", {})) & set(qs.get("per cpu", {})))
                if both:
                    entry["per cpu"] = {c: st["per cpu"][c]["median"] / qs["per cpu"][c]["median"] for c in both}
                    line += "  per CPU (medians): " + ", ".join(
                        "cpu %d %.2f" % (c, r) for c, r in entry["per cpu"].items())
                out["ratios"]["N=%d T=%d electrodem/%s" % (n, t, q)] = entry
                print(line)
    for code in sorted(set(k[0] for k in stats)):
        for n in sizes:
            one, two = stats.get((code, n, 1)), stats.get((code, n, 2))
            if one and two:
                m, b = two["median"] / one["median"], two["best"] / one["best"]
                entry = {"median": m, "best": b}
                print("  N=%d %s speed-up 2 vs 1%s: %.2f (medians)  %.2f (bests)" % (
                    n, code, " (over the mean core)" if "per cpu" in one else "", m, b))
                # A vCPU in a slow phase lowers the mean core and so raises the speed-up; over
                # the faster core alone it is the lower bound (2 for ideal scaling only on equal
                # cores).
                cpus = one.get("per cpu", {}).values()
                if len(cpus) > 1:
                    entry["over the faster core"] = two["median"] / max(c["median"] for c in cpus)
                    print("      over the faster core (medians): %.2f" % entry["over the faster core"])
                out["speed-up"]["N=%d %s 2 vs 1" % (n, code)] = entry
    for n in sizes:
        one, two = stats.get(("electrodem", n, 1)), stats.get(("electrodem", n, 2))
        tog = stats.get((TOGETHER, n, 1))
        if one and tog:
            c = ceiling(one["median"], tog["median"])
            line = ("  N=%d host ceiling for 2 vs 1 (two 1-thread electrodem runs at once, one per "
                    "CPU): %.2f (medians)" % (n, c))
            out["speed-up"]["N=%d host ceiling 2 vs 1" % n] = {"median": c}
            if two:
                share = two["median"] / one["median"] / c
                line += "; electrodem's 2 vs 1 is %.0f %% of it" % (100 * share)
            print(line)
    out["per repetition"] = per_repetition(results)
    return out


def per_repetition(results):
    """The same ratios within each repetition (runs minutes apart, so a slow phase of the host
    hits all of them), then their median over the repetitions: the measure least moved by such
    phases. A code's 1-thread rate in a repetition is the mean over its pinned runs (mean core)."""
    reps = {}
    for r in results:
        reps.setdefault((r["N"], r.get("repetition", 1)), []).append(r)
    ratios, latency, gaps = {}, {}, {}
    for (n, _), rs in sorted(reps.items()):
        single, double, lat, gap = {}, {}, {}, {}
        for r in rs:
            if r["threads"] in (1, 2):
                (single if r["threads"] == 1 else double).setdefault(r["code"], []).append(r[RATE])
            if r["threads"] == 2:
                lat[r["code"]] = r.get("core handoff [ns]")
                gap[r["code"]] = r.get("host gaps [%]")
        rates = {1: {c: statistics.mean(x) for c, x in single.items()},
                 2: {c: x[0] for c, x in double.items()}}
        for code in sorted(set(single) | set(double)):
            if code in single and code in double:
                key = "N=%d %s speed-up 2 vs 1" % (n, code)
                ratios.setdefault(key, []).append(rates[2][code] / rates[1][code])
                latency.setdefault(key, []).append(lat.get(code))
                gaps.setdefault(key, []).append(gap.get(code))
            if code == TOGETHER and "electrodem" in rates[1]:
                ratios.setdefault("N=%d host ceiling 2 vs 1" % n, []).append(
                    ceiling(rates[1]["electrodem"], rates[1][code]))
            for t, rate in rates.items():
                if code not in ("electrodem", TOGETHER) and code in rate and "electrodem" in rate:
                    ratios.setdefault("N=%d T=%d electrodem/%s" % (n, t, code), []).append(
                        rate["electrodem"] / rate[code])
    if any(len(v) > 1 for v in ratios.values()):
        print("\nper repetition (ratios within each repetition; median, then each):")
    out = {}
    for k, v in ratios.items():
        out[k] = {"median": statistics.median(v), "each": v}
        if len(v) > 1:
            print("  %s: %.2f  (%s)" % (k, statistics.median(v), " ".join("%.2f" % x for x in v)))
        shares = gaps.get(k, [])
        if any(x is not None for x in shares):
            # the host's share of each vCPU before and after the two-thread run, per repetition
            out[k]["host gaps [%]"] = shares
            print("      host gaps before/after [%%]: %s" % "  ".join(
                "-" if x is None else "/".join("%.1f" % y for y in x) for x in shares))
        lats = latency.get(k, [])
        if any(x is not None for x in lats):
            # the same speed-ups by where the two vCPUs sat (core_latency before and after the
            # two-thread run): near / far when both agree (the placement also changes within a run)
            out[k]["core handoff [ns]"] = lats
            for name in ("near", "far"):
                sel = [x for x, ns in zip(v, lats) if placement(ns) == name]
                if sel:
                    out[k][name] = {"median": statistics.median(sel), "each": sel}
                    print("      %s (core handoff %s %.0f ns): %.2f over %d repetition(s)" % (
                        name, "<" if name == "near" else ">=", NEAR_NS, statistics.median(sel),
                        len(sel)))
    return out


def pool_report(files):
    results = []
    for path in files:
        with open(path) as f:
            runs = json.load(f)["results"]
        offset = max((r["repetition"] for r in results), default=0)
        results += [dict(r, repetition=r.get("repetition", 1) + offset) for r in runs]
    report(results, sorted(set(r["N"] for r in results)))


def print_run(r):
    cpu, lat, gaps = r.get("cpu"), r.get("core handoff [ns]"), r.get("host gaps [%]")
    print("  %-10s T=%d%s  loop %.1f s  %.3g particle-steps/s  (CPU %.1f s: %.3g /CPU-s)"
          "  peak RSS %.1f MB  load %s%s%s"
          % (r["code"], r["threads"], "" if cpu is None else " cpu %d" % cpu, r["loop time [s]"],
             r[RATE], r["process CPU time [s]"], r["particle-steps per CPU second [1/s]"] or 0,
             (r["peak RSS [B]"] or 0) / 1e6, r["load average [-]"],
             "" if lat is None else "  core handoff %.0f/%.0f ns" % tuple(lat),
             "" if gaps is None else "  host gaps %.1f/%.1f %%" % tuple(gaps)),
          flush=True)


def main():
    global SKIN
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[5000])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--variant", choices=["hertz", "tn", "hertz0"], default="hertz",
                    help="hertz0: Hertz-Mindlin without any dashpot (diagnostic)")
    ap.add_argument("--codes", nargs="+", default=["electrodem", "liggghts", "lammps"])
    ap.add_argument("--steps", type=int, default=200000, help="steps from phi 0.30 to --phi-end")
    ap.add_argument("--phi-end", type=float, default=0.645)
    ap.add_argument("--every", type=int, default=1000, help="peer thermo interval [steps]")
    ap.add_argument("--electrodem", default=None, help="electrodem executable")
    ap.add_argument("--out", default=os.path.join(PEERS, "work", "results"))
    ap.add_argument("--work", default=os.path.join(PEERS, "work"), help="shared packings live here")
    ap.add_argument("--nice", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--electrodem-set", action="append", default=[], metavar="KEY=VALUE",
                    help="extra --set for electrodem, e.g. dem.max_elastic_overlap=0.3 (the "
                         "elastic-overlap guard decides when a run stops, never its trajectory; "
                         "the peers have no guard)")
    ap.add_argument("--skin", type=float, default=SKIN,
                    help="Verlet skin in mean diameters, the same for every code (default 0.1, "
                         "electrodem's default)")
    ap.add_argument("--pin", choices=["auto", "off"], default="auto",
                    help="auto: with two or more CPUs, run each 1-thread/1-rank point once on every "
                         "CPU of the affinity set (taskset); off: let the scheduler place it")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per code and thread count, interleaved; ratios of medians and of bests")
    ap.add_argument("--ceiling", action="store_true",
                    help="after each repetition's pinned 1-thread runs, also run electrodem on one "
                         "thread on every CPU at once: the host's ceiling for the 2-vs-1 speed-up")
    ap.add_argument("--report", nargs="+", metavar="RESULTS_JSON",
                    help="run nothing: pool the runs of earlier results_*.json files (their "
                         "repetitions numbered on across files) and print the report")
    a = ap.parse_args()
    if a.report:
        return pool_report(a.report)
    for code, absent in missing_peer_tools(a.codes, a.threads).items():
        print("%s skipped: %s not found (the peers are Debian packages: %s)"
              % (code, ", ".join(absent), PEER_PACKAGES), flush=True)
        a.codes.remove(code)
    SKIN = a.skin
    a.out, a.work = os.path.abspath(a.out), os.path.abspath(a.work)
    os.makedirs(a.out, exist_ok=True)
    work = a.work
    par = P.all_params()
    cpus = sorted(os.sched_getaffinity(0))
    single_cpus = cpus if a.pin == "auto" and len(cpus) > 1 else [None]
    ceiling_runs = a.ceiling and len(single_cpus) > 1 and "electrodem" in a.codes and 1 in a.threads
    if a.ceiling and not ceiling_runs:
        print("--ceiling skipped: it needs pinned 1-thread runs (--pin auto) on two or more CPUs, "
              "with electrodem among --codes and 1 among --threads", flush=True)
    results = []
    for n in a.n:
        meta = packing(n, work, a.seed)
        H = meta["height [m]"]
        # dt = 0.2 x the smallest Rayleigh time of THIS packing (what electrodem computes)
        dt = P.DT_SAFETY * P.rayleigh_time(meta["min radius [m]"])
        v = (H - H * P.PHI0_START / a.phi_end) / (a.steps * dt)
        print("N=%d  L=%.4g m  H=%.4g m  dt=%.4g s  steps=%d  wall speed=%.4g m/s  skin %.3g d  (%s)"
              % (n, meta["footprint [m]"], H, dt, a.steps, v, SKIN, a.variant), flush=True)
        for rep in range(a.repeat):  # repetitions interleaved, so slow phases of a shared host hit all
            suffix = "_r%d" % (rep + 1) if a.repeat > 1 else ""
            for t in a.threads:
                for cpu in (single_cpus if t == 1 else [None]):
                    for code in a.codes:
                        lat = core_latency() if t > 1 else None
                        gaps = host_gaps() if t > 1 else None
                        if code == "electrodem":
                            exe = electrodem_binary(a.electrodem)
                            if not exe:
                                print("  electrodem: no executable found (build it or pass --electrodem)")
                                continue
                            r = run_electrodem(exe, a.variant, meta, t, a.steps, dt, v, par, a.out,
                                               a.nice, suffix, a.electrodem_set, cpu)
                        else:
                            r = run_peer(code, a.variant, meta, t, a.steps, dt, v, par, a.out, a.nice,
                                         a.every, suffix, cpu)
                        if not r:
                            continue
                        r["repetition"] = rep + 1
                        after = core_latency() if lat is not None else None
                        if after is not None:
                            r["core handoff [ns]"] = [lat, after]  # before and after the run
                        gaps_after = host_gaps() if gaps is not None else None
                        if gaps_after is not None:
                            r["host gaps [%]"] = [gaps, gaps_after]
                        results.append(r)
                        print_run(r)
                exe = electrodem_binary(a.electrodem) if t == 1 and ceiling_runs else None
                if exe:
                    with concurrent.futures.ThreadPoolExecutor(len(single_cpus)) as pool:
                        jobs = [pool.submit(run_electrodem, exe, a.variant, meta, 1, a.steps, dt, v,
                                            par, a.out, a.nice, suffix + "_together",
                                            a.electrodem_set, cpu) for cpu in single_cpus]
                    for job in jobs:
                        r = job.result()
                        if r:
                            r.update(code=TOGETHER, repetition=rep + 1)
                            results.append(r)
                            print_run(r)
    summary = report(results, a.n)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    with open(os.path.join(a.out, "results_%s_%s.json" % (a.variant, stamp)), "w") as f:
        json.dump({"params": par, "steps": a.steps, "phi_end": a.phi_end, "repeat": a.repeat,
                   "skin [mean diameters]": SKIN,
                   "results": results, "summary": summary}, f, indent=2)


if __name__ == "__main__":
    main()
