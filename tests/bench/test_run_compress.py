#!/usr/bin/python3
"""Unit tests of the statistics in bench/run_compress.py's report on hand-made run records: the
mean-core rate of pinned single-thread runs, the 2-vs-1 speed-up over it (2 for ideal scaling
whatever the CPUs' speeds), ratios per CPU and per repetition, the speed-ups split by where the
two vCPUs sat (core handoff latency), the host's ceiling from single-thread runs made at the same
time on both CPUs, the host's gaps around the two-thread runs, and pooling of results files.
Run: /usr/bin/python3 tests/bench/test_run_compress.py"""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import run_compress as rc  # noqa: E402

RATE = rc.RATE


def run(code, threads, rate, rep, cpu=None, n=5000):
    return {"code": code, "N": n, "threads": threads, "cpu": cpu, "repetition": rep, RATE: rate}


def quiet_report(results, sizes):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        summary = rc.report(results, sizes)
    return summary, out.getvalue()


class MeanCore(unittest.TestCase):
    # cpu 1 runs at 0.8 of cpu 0; two threads get exactly the sum of both cores
    def runs(self):
        s0, s1 = 10.0, 8.0
        results = []
        for rep in (1, 2, 3):
            results += [run("a", 1, s0, rep, 0), run("a", 1, s1, rep, 1), run("a", 2, s0 + s1, rep),
                        run("b", 1, s0 / 2, rep, 0), run("b", 1, s1 / 2, rep, 1)]
        return results

    def test_ideal_scaling_on_unequal_cores_is_two(self):
        summary, _ = quiet_report(self.runs(), [5000])
        self.assertAlmostEqual(summary["rates"]["a N=5000 T=1"]["median"], 9.0)
        self.assertAlmostEqual(summary["speed-up"]["N=5000 a 2 vs 1"]["median"], 2.0)
        self.assertAlmostEqual(summary["per repetition"]["N=5000 a speed-up 2 vs 1"]["median"], 2.0)

    def test_over_the_faster_core_is_the_lower_bound(self):
        summary, text = quiet_report(self.runs(), [5000])
        self.assertAlmostEqual(summary["speed-up"]["N=5000 a 2 vs 1"]["over the faster core"], 1.8)
        self.assertIn("over the faster core (medians): 1.80", text)
        self.assertNotIn("over the faster core", summary["speed-up"].get("N=5000 b 2 vs 1", {}))

    def test_ratios_between_codes_per_cpu_and_per_repetition(self):
        summary, _ = quiet_report(self.runs(), [5000])
        self.assertEqual(summary["ratios"], {})  # only electrodem is compared with the peers
        results = [dict(x, code="electrodem" if x["code"] == "a" else "liggghts") for x in self.runs()]
        summary, text = quiet_report(results, [5000])
        ratio = summary["ratios"]["N=5000 T=1 electrodem/liggghts"]
        self.assertAlmostEqual(ratio["median"], 2.0)
        self.assertEqual(set(ratio["per cpu"]), {0, 1})
        self.assertAlmostEqual(ratio["per cpu"][1], 2.0)
        self.assertEqual(summary["per repetition"]["N=5000 T=1 electrodem/liggghts"]["each"], [2.0] * 3)
        self.assertIn("slowest/fastest CPU (medians): 0.80", text)

    def test_a_slow_repetition_moves_the_per_repetition_median_least(self):
        results = []
        for rep, slow in ((1, 1.0), (2, 0.5), (3, 1.0)):  # repetition 2: the host at half speed
            results += [run("a", 1, 10.0 * slow, rep, 0), run("a", 1, 10.0 * slow, rep, 1),
                        run("a", 2, 18.0 * slow, rep)]
        summary, _ = quiet_report(results, [5000])
        self.assertEqual(summary["per repetition"]["N=5000 a speed-up 2 vs 1"]["each"], [1.8] * 3)

    def test_unpinned_runs_keep_the_plain_medians(self):
        results = [run("a", 1, x, i + 1) for i, x in enumerate((9.0, 10.0, 12.0))]
        results += [run("a", 2, x, i + 1) for i, x in enumerate((17.0, 18.0, 20.0))]
        summary, _ = quiet_report(results, [5000])
        self.assertAlmostEqual(summary["rates"]["a N=5000 T=1"]["median"], 10.0)
        self.assertNotIn("per cpu", summary["rates"]["a N=5000 T=1"])
        self.assertAlmostEqual(summary["speed-up"]["N=5000 a 2 vs 1"]["median"], 1.8)


class Placement(unittest.TestCase):
    def test_speed_ups_split_by_core_handoff_latency(self):
        results = []
        # before/after the two-thread run; repetition 4 changed placement during its run
        cases = ((19.0, [55.0, 60.0]), (16.0, [240.0, 238.0]), (15.0, [250.0, 245.0]),
                 (17.0, [56.0, 241.0]))
        for rep, (two, ns) in enumerate(cases, start=1):
            results += [run("a", 1, 10.0, rep, 0), run("a", 1, 10.0, rep, 1),
                        dict(run("a", 2, two, rep), **{"core handoff [ns]": ns})]
        summary, text = quiet_report(results, [5000])
        entry = summary["per repetition"]["N=5000 a speed-up 2 vs 1"]
        self.assertEqual(entry["near"]["each"], [1.9])
        self.assertAlmostEqual(entry["far"]["median"], 1.55)
        self.assertEqual(len(entry["each"]), 4)
        self.assertIn("near (core handoff < 120 ns): 1.90 over 1 repetition(s)", text)

    def test_placement_needs_every_measurement_on_one_side(self):
        self.assertEqual(rc.placement([55.0, 60.0]), "near")
        self.assertEqual(rc.placement(240.0), "far")
        self.assertIsNone(rc.placement([55.0, 240.0]))
        self.assertIsNone(rc.placement(None))

    def test_runs_without_the_probe_have_no_split(self):
        results = [run("a", 1, 10.0, 1, 0), run("a", 1, 10.0, 1, 1), run("a", 2, 18.0, 1)]
        summary, _ = quiet_report(results, [5000])
        self.assertNotIn("near", summary["per repetition"]["N=5000 a speed-up 2 vs 1"])


class Pooling(unittest.TestCase):
    def test_repetitions_are_numbered_on_across_files(self):
        tmp = tempfile.mkdtemp(prefix="electrodem_bench_")
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        files = []
        for k, two in enumerate((16.0, 20.0)):
            path = os.path.join(tmp, "results_%d.json" % k)
            with open(path, "w") as f:
                json.dump({"results": [run("a", 1, 10.0, 1, 0), run("a", 1, 10.0, 1, 1),
                                       run("a", 2, two, 1)]}, f)
            files.append(path)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            rc.pool_report(files)
        text = out.getvalue()
        self.assertIn("N=5000 a speed-up 2 vs 1: 1.80  (1.60 2.00)", text)


class Ceiling(unittest.TestCase):
    # alone: cpu 0 at 10, cpu 1 at 8; at once (--ceiling) both run 10 % slower; two threads 15.3
    def runs(self, rep=1):
        return [run("electrodem", 1, 10.0, rep, 0), run("electrodem", 1, 8.0, rep, 1),
                run(rc.TOGETHER, 1, 9.0, rep, 0), run(rc.TOGETHER, 1, 7.2, rep, 1),
                run("electrodem", 2, 15.3, rep), run("liggghts", 1, 5.0, rep, 0),
                run("liggghts", 1, 4.0, rep, 1)]

    def test_ceiling_is_the_summed_rate_at_once_over_one_alone(self):
        summary, text = quiet_report(self.runs(1) + self.runs(2), [5000])
        self.assertAlmostEqual(summary["speed-up"]["N=5000 host ceiling 2 vs 1"]["median"], 1.8)
        self.assertAlmostEqual(summary["speed-up"]["N=5000 electrodem 2 vs 1"]["median"], 1.7)
        self.assertIn("host ceiling for 2 vs 1 (two 1-thread electrodem runs at once, one per CPU): "
                      "1.80 (medians); electrodem's 2 vs 1 is 94 % of it", text)
        each = summary["per repetition"]["N=5000 host ceiling 2 vs 1"]["each"]
        self.assertEqual([round(x, 12) for x in each], [1.8, 1.8])

    def test_the_runs_at_once_are_not_a_peer(self):
        summary, text = quiet_report(self.runs(), [5000])
        self.assertEqual(set(summary["ratios"]), {"N=5000 T=1 electrodem/liggghts"})
        self.assertNotIn("electrodem/" + rc.TOGETHER, text)
        self.assertNotIn("N=5000 %s speed-up" % rc.TOGETHER, " ".join(summary["per repetition"]))


class HostGaps(unittest.TestCase):
    PROBE = ("cpu 0: 2.95 % of the time in 966 gaps/s > 2 us (p50 15.0, p90 57.6, max 4996.0 us); "
             "per second: 2-10 us 442, 10-20 148, 20-50 256, 50-100 95, > 100 25\n"
             "cpu 1: 3.05 % of the time in 1512 gaps/s > 2 us (p50 14.2, p90 38.5, max 2643.8 us); "
             "per second: 2-10 us 614, 10-20 332, 20-50 498, 50-100 57, > 100 11\n")

    def test_the_probe_output_gives_the_mean_share_over_the_cpus(self):
        self.assertAlmostEqual(rc.parse_host_gaps(self.PROBE), 3.0)
        self.assertIsNone(rc.parse_host_gaps("usage: host_hiccups [SECONDS > 0] [CPU ...]"))

    def test_the_shares_around_each_two_thread_run_are_listed_per_repetition(self):
        results = []
        for rep, share in ((1, [2.5, 2.7]), (2, None)):
            two = run("a", 2, 18.0, rep)
            if share:
                two["host gaps [%]"] = share
            results += [run("a", 1, 10.0, rep, 0), run("a", 1, 10.0, rep, 1), two]
        summary, text = quiet_report(results, [5000])
        entry = summary["per repetition"]["N=5000 a speed-up 2 vs 1"]
        self.assertEqual(entry["host gaps [%]"], [[2.5, 2.7], None])
        self.assertIn("host gaps before/after [%]: 2.5/2.7  -", text)


class PeerTools(unittest.TestCase):
    def test_missing_peers_are_named_with_what_they_lack(self):
        have = {"lmp", "electrodem"}
        which = lambda exe: "/usr/bin/" + exe if exe in have else None  # noqa: E731
        self.assertEqual(rc.missing_peer_tools(["electrodem", "liggghts", "lammps"], [1, 2], which),
                         {"liggghts": ["liggghts", "mpirun"], "lammps": ["mpirun"]})
        # one rank needs no launcher; electrodem is never a peer
        self.assertEqual(rc.missing_peer_tools(["electrodem", "lammps"], [1], which), {})


if __name__ == "__main__":
    unittest.main()
