"""Checks of the benchmark harness itself (format, error handling), not speed.

    python3 -m unittest bench/test_bench_harness.py      (from the repo root)
    python3 bench/test_bench_harness.py

No assertion here depends on how fast anything is.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "run.py")
WORKLOAD = os.path.join(HERE, "workload.py")
TINY = ["--seconds", "0.05", "--repeats", "1", "--busy-retries", "0", "--quiet"]
RATE_RE = re.compile(r"^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)([kMG]?)$")
SCALE = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9}


def run(*args, timeout=120):
    return subprocess.run([sys.executable, RUN, *args], capture_output=True,
                          text=True, timeout=timeout)


def parse_rate(text):
    m = RATE_RE.match(text)
    if not m:
        raise ValueError(f"not a rate: {text!r}")
    return float(m.group(1)) * SCALE[m.group(2)]


def parse_table(stdout):
    """Return ({workload: {column: cell}}, geomean_line) from the text table."""
    lines = stdout.splitlines()
    hdr_i = next(i for i, l in enumerate(lines) if l.startswith("workload"))
    header = lines[hdr_i].split()
    # "spread n/g" is one column written with a space
    header = header[:6] + [" ".join(header[6:])]
    rows = {}
    for line in lines[hdr_i + 2:]:
        if not line.strip():
            break
        cells = line.split()
        rows[cells[0]] = dict(zip(header, cells))
    geo = next((l for l in lines if l.startswith("geometric mean")), None)
    return header, rows, geo


class HarnessTest(unittest.TestCase):

    def test_self_comparison_format(self):
        names = ["socketpair_pingpong_1b", "call_htons"]
        with tempfile.TemporaryDirectory() as d:
            jpath = os.path.join(d, "out.json")
            p = run("--only", ",".join(names), "--candidate", "socket",
                    "--json", jpath, *TINY)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            header, rows, geo = parse_table(p.stdout)
            self.assertEqual(header, ["workload", "unit", "native", "gosock",
                                      "ratio", "cpu-ratio", "spread n/g"])
            self.assertEqual(sorted(rows), sorted(names))
            for name in names:
                row = rows[name]
                self.assertEqual(row["unit"], "ops/s")
                self.assertGreater(parse_rate(row["native"]), 0)
                self.assertGreater(parse_rate(row["gosock"]), 0)
                self.assertGreater(float(row["ratio"]), 0)
                self.assertGreater(float(row["cpu-ratio"]), 0)
            self.assertIsNotNone(geo)
            self.assertRegex(geo, r"^geometric mean of ratios \(2 workloads\): \d+\.\d+$")
            self.assertRegex(p.stdout, r"(?m)^geometric mean of cpu-ratios: \d+\.\d+$")

            with open(jpath) as f:
                data = json.load(f)
            self.assertEqual(data["meta"]["candidate"], "socket")
            self.assertEqual(data["n_ratios"], 2)
            self.assertGreater(data["geomean"], 0)
            for row in data["workloads"]:
                self.assertEqual(row["native"]["status"], "ok")
                self.assertEqual(row["gosock"]["status"], "ok")
                self.assertEqual(len(row["native"]["rates"]), 1)
                self.assertAlmostEqual(
                    row["ratio"], row["gosock"]["median"] / row["native"]["median"])
            # the candidate side really ran with the candidate installed
            for side in ("native", "gosock"):
                self.assertIn("socket.py", data["meta"]["impl_" + side])

    def test_markdown(self):
        p = run("--only", "call_fileno", "--candidate", "socket", "--markdown", *TINY)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("| workload | unit | native | gosock | ratio | cpu-ratio |", p.stdout)
        row = next(l for l in p.stdout.splitlines() if l.startswith("| `call_fileno`"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        parse_rate(cells[2])
        parse_rate(cells[3])
        float(cells[4])
        float(cells[5])
        self.assertIn("geometric mean", p.stdout)

    def test_missing_candidate_is_reported_not_fatal(self):
        p = run("--only", "call_htons", "--candidate",
                "gosock_bench_no_such_module", *TINY)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        _, rows, geo = parse_table(p.stdout)
        self.assertEqual(rows["call_htons"]["gosock"], "error")
        self.assertEqual(rows["call_htons"]["ratio"], "-")
        parse_rate(rows["call_htons"]["native"])
        self.assertIn("ModuleNotFoundError", p.stdout)
        self.assertIn("n/a", geo)
        # --strict turns a candidate failure into a failing exit status
        p = run("--only", "call_htons", "--candidate",
                "gosock_bench_no_such_module", "--strict", *TINY)
        self.assertEqual(p.returncode, 1)

    def test_error_and_timeout_cost_one_workload(self):
        p = run("--only", "_selftest_fail,_selftest_hang,call_htons",
                "--candidate", "socket", "--timeout", "2", *TINY)
        # native failures mean the benchmark is broken: exit status 1
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        _, rows, _ = parse_table(p.stdout)
        self.assertEqual(rows["_selftest_fail"]["native"], "error")
        self.assertEqual(rows["_selftest_hang"]["gosock"], "timeout")
        self.assertIn("deliberate failure", p.stdout)
        self.assertGreater(parse_rate(rows["call_htons"]["gosock"]), 0)

    def test_workload_child_prints_one_json_line(self):
        p = subprocess.run([sys.executable, WORKLOAD, "call_fileno", "--module",
                            "gosock", "--candidate", "socket", "--seconds", "0.05"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.strip().splitlines()
        self.assertEqual(len(lines), 1)
        rec = json.loads(lines[0])
        for key in ("workload", "module", "unit", "rate", "rate_best",
                    "rate_median", "rate_total", "ops", "elapsed", "impl"):
            self.assertIn(key, rec)
        self.assertEqual(rec["module"], "gosock")

    def test_floor_prints_every_case(self):
        p = subprocess.run([sys.executable, os.path.join(HERE, "floor.py"), "--rounds", "2"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        hdr = next(i for i, l in enumerate(lines) if l.startswith("workload"))
        rows = {l.split()[0]: l.split()[1:] for l in lines[hdr + 1:] if l.strip()}
        self.assertEqual(sorted(rows), sorted(["socketpair_pingpong_1b", "tcp_pingpong_64b",
                                               "udp_pingpong", "getaddrinfo_localhost",
                                               "call_getsockname", "call_htons",
                                               "call_inet_pton"]))
        for name, cells in rows.items():
            self.assertEqual(len(cells), 7, name)
            # native, bare and gosock always run; ctypes where a libc call exists
            for i in (0, 2, 3, 5, 6):
                self.assertGreater(float(cells[i]), 0, name)
        self.assertEqual(rows["udp_pingpong"][1], "-")

    def test_unknown_workload_is_a_usage_error(self):
        p = run("--only", "no_such_workload", *TINY)
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    unittest.main()
