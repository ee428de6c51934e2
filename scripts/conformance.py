#!/usr/bin/env python3
"""Run CPython's own socket-related test suites with gosock installed as
`socket`, compare with the native module's results, and keep the result
from sliding back.

  scripts/conformance.py            run, write CONFORMANCE.md, fail on regressions
  scripts/conformance.py --record   also add newly passing tests to conformance/passing.txt
  scripts/conformance.py --from F   use an existing cpysuite result file instead of running

conformance/passing.txt lists the test ids that passed at the last recorded
run; it only grows. A listed test that no longer passes fails this script.
conformance/reasons.txt explains remaining differences: lines
"<test id or prefix>  <category>: <reason>", category "impossible" only for
reasons that hold for any reimplementation of socket.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("GOSOCK_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
RUNNER = os.path.join(SHARED, "conformance", "cpysuite.py")
NATIVE = os.path.join(SHARED, "conformance", "native-3.11.json")
PASSING = os.path.join(ROOT, "conformance", "passing.txt")
REASONS = os.path.join(ROOT, "conformance", "reasons.txt")
REPORT = os.path.join(ROOT, "CONFORMANCE.md")
OK = ("pass", "xfail")


def load_ids(path):
    if not os.path.exists(path):
        return set()
    with open(path) as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def load_reasons():
    reasons = []
    if os.path.exists(REASONS):
        with open(REASONS) as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                key, _, why = line.partition("  ")
                reasons.append((key.strip(), why.strip()))
    return reasons


def reason_for(tid, reasons):
    best = None
    for key, why in reasons:
        if tid == key or tid.startswith(key + "."):
            if best is None or len(key) > len(best[0]):
                best = (key, why)
    return best[1] if best else None


def run_suite(out, timeout):
    cmd = [sys.executable, RUNNER, "--module", "gosock", "--pythonpath",
           os.path.join(ROOT, "python"), "--timeout", str(timeout), "--out", out]
    print("running:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def retry(tests, timeout):
    """Run the classes of tests that failed once more: a test is a
    regression only if it fails twice (these suites have timing-sensitive
    tests that a loaded machine can fail once)."""
    still = []
    by_suite = {}
    for t in tests:
        suite, cls = t.rsplit(".", 2)[0], t.rsplit(".", 2)[1]
        by_suite.setdefault(suite, set()).add(cls)
    for suite, classes in sorted(by_suite.items()):
        out = os.path.join(ROOT, "build", "conformance-retry.json")
        cmd = [sys.executable, RUNNER, "--module", "gosock", "--pythonpath",
               os.path.join(ROOT, "python"), "--timeout", str(timeout), "--suites", suite,
               "--classes", ",".join(sorted(classes)), "--out", out]
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
        got = json.load(open(out))["suites"].get(suite, {}).get("tests", {})
        for t in tests:
            if t.startswith(suite + ".") and got.get(t, {}).get("outcome") not in OK:
                still.append(t)
            elif t.startswith(suite + "."):
                print("flaky (passed on retry): " + t)
    return still


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--from", dest="src")
    ap.add_argument("--timeout", type=float, default=180)
    args = ap.parse_args()
    out = args.src or os.path.join(ROOT, "build", "conformance.json")
    if not args.src:
        os.makedirs(os.path.dirname(out), exist_ok=True)
        run_suite(out, args.timeout)
    native = json.load(open(NATIVE))
    cand = json.load(open(out))
    reasons = load_reasons()
    recorded = load_ids(PASSING)

    rows, lost, passing_now = [], [], set()
    tot_n = tot_g = 0
    for suite, b in native["suites"].items():
        bt = b.get("tests", {})
        cs = cand["suites"].get(suite, {})
        ct = cs.get("tests", {})
        ok_n = [t for t, o in bt.items() if o["outcome"] in OK]
        ok_g = [t for t in ok_n if ct.get(t, {}).get("outcome") in OK]
        passing_now.update(t for t, o in ct.items() if o["outcome"] in OK)
        tot_n += len(ok_n)
        tot_g += len(ok_g)
        rows.append((suite, len(ok_g), len(ok_n), "import failed" if "import_error" in cs else ""))
        for t in ok_n:
            if t not in ok_g:
                o = ct.get(t, {"outcome": "missing"})
                detail = (o.get("detail") or "").strip().splitlines()
                lost.append((t, o["outcome"], detail[-1] if detail else "", reason_for(t, reasons)))
    pct = 100.0 * tot_g / tot_n if tot_n else 0.0

    regressions = sorted(recorded - passing_now)
    if regressions and not args.src:
        regressions = retry(regressions, args.timeout)
    if args.record:
        grown = recorded | {t for t in passing_now}
        os.makedirs(os.path.dirname(PASSING), exist_ok=True)
        with open(PASSING, "w") as f:
            f.write("# Tests that passed under gosock at the last recorded run (only grows).\n")
            f.writelines(t + "\n" for t in sorted(grown))

    with open(REPORT, "w") as f:
        f.write("# Conformance with CPython's own test suites\n\n")
        f.write("Generated by `make conformance` (scripts/conformance.py): CPython 3.11's test "
                "suites run with gosock installed as `socket`, compared with the native module's "
                "results on this machine (`shared/conformance/native-3.11.json`).\n\n")
        f.write("**%d of %d native passes pass under gosock (%.1f%%).**\n\n" % (tot_g, tot_n, pct))
        f.write("| suite | gosock | native |\n|---|---:|---:|\n")
        for suite, g, n, note in rows:
            f.write("| %s | %d | %d%s |\n" % (suite, g, n, " (%s)" % note if note else ""))
        f.write("\n## Remaining differences\n\n")
        if not lost:
            f.write("None.\n")
        for t, outcome, last, why in lost:
            f.write("- `%s`: %s%s\n" % (t, outcome, " — " + why if why else
                                       (" — not yet explained: `%s`" % last[:160] if last else "")))
    for suite, g, n, note in rows:
        print("%-45s %4d / %4d %s" % (suite, g, n, note))
    print("conformance: %d of %d native passes pass under gosock (%.1f%%)" % (tot_g, tot_n, pct))
    print("recorded: %d passed, %d failed" % (len(recorded) - len(regressions), len(regressions)))
    if regressions:
        print("REGRESSIONS: %d tests that passed at the last recorded run fail now:" % len(regressions))
        for t in regressions:
            print("  " + t)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
