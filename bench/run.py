#!/usr/bin/env python3
"""Side-by-side benchmark: native `socket` vs a candidate (gosock) installed as `socket`.

Every measurement is a fresh process (bench/workload.py NAME --module ...),
pinned to one CPU, with a timeout.  native and candidate runs are
interleaved and the order within a pair alternates, so slow drift of the
machine affects both sides alike.  A measurement during which other
processes used >= BUSY CPU is re-run (--busy-retries).  For each workload
the median of the repeats is reported, with ratio = candidate / native
(>1: candidate faster), the same ratio per CPU-second, and the geometric
mean of the ratios.  See bench/README.md.

Exit status: 0 normally; 1 if a *native* run failed (the benchmark itself is
broken on this machine) or, with --strict, if any run failed; 2 for bad
arguments.
"""

import argparse
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORKLOAD = os.path.join(HERE, "workload.py")
SIDES = ("native", "gosock")
# Other processes using this much CPU (on average, in CPUs) during a
# measurement make it unreliable: see "noise floor" in bench/README.md.
BUSY = 0.25
RETRY_BUDGET = 120.0        # at most this many seconds spent on such re-runs


def list_workloads():
    out = subprocess.run([sys.executable, WORKLOAD, "--list"],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise SystemExit("cannot list workloads:\n" + out.stderr)
    return out.stdout.split()


def pick_cpu(requested):
    """CPU to pin children to (None = no pinning)."""
    if requested == "none":
        return None
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
    if requested == "auto":
        # The highest CPU: CPU 0 usually takes most interrupts.
        return allowed[-1]
    cpu = int(requested)
    if cpu not in allowed:
        raise SystemExit(f"--cpu {cpu}: not in this process's CPU set {allowed}")
    return cpu


def one_line(text, limit=160):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def cpu_counters():
    """(busy CPU-seconds of the whole machine, steal CPU-seconds, CPU-seconds
    used by our finished children).  busy counts user+nice+system only:
    irq/softirq time is not charged to any process."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        tick = os.sysconf("SC_CLK_TCK")
        busy, steal = (v[0] + v[1] + v[2]) / tick, v[7] / tick
    except (OSError, ValueError, IndexError):
        busy = steal = float("nan")
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return busy, steal, ru.ru_utime + ru.ru_stime


def background(before, after, wall):
    """Average CPUs used by *other* processes (and stolen by the host)."""
    if wall <= 0:
        return float("nan"), float("nan")
    other = (after[0] - before[0]) - (after[2] - before[2])
    return max(0.0, other / wall), (after[1] - before[1]) / wall


def run_child(name, side, args, cpu):
    """Run one measurement. Returns a dict with status ok|error|timeout."""
    before = cpu_counters()
    t0 = time.monotonic()
    res = _run_child(name, side, args, cpu)
    wall = time.monotonic() - t0
    res["background"], res["steal"] = background(before, cpu_counters(), wall)
    return res


def _run_child(name, side, args, cpu):
    cmd = [sys.executable, WORKLOAD, name, "--module", side,
           "--seconds", repr(args.seconds)]
    if side == "gosock":
        cmd += ["--candidate", args.candidate, "--pythonpath", args.pythonpath]
    if cpu is not None:
        if hasattr(os, "sched_setaffinity"):
            cmd += ["--cpu", str(cpu)]          # child pins itself first thing
        elif shutil.which("taskset"):
            cmd = ["taskset", "-c", str(cpu)] + cmd
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, cwd=REPO)
    try:
        stdout, stderr = proc.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # the child's own group
        except ProcessLookupError:
            pass
        stdout, stderr = proc.communicate()
        return {"status": "timeout",
                "reason": f"no result within {args.timeout:g} s (killed)"}
    wall = time.monotonic() - t0
    record = None
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                record = json.loads(line)
                break
            except ValueError:
                continue
    if record is not None and "error" in record:
        return {"status": "error", "reason": one_line(record["error"]),
                "impl": record.get("impl")}
    if proc.returncode != 0 or record is None or "rate" not in record:
        lines = [l for l in stderr.splitlines() if l.strip()]
        if proc.returncode < 0:
            reason = f"killed by signal {-proc.returncode}"
            if lines:
                reason += ": " + lines[-1]
        elif lines:
            reason = lines[-1]
        else:
            reason = f"exit status {proc.returncode}, no result line"
        return {"status": "error", "reason": one_line(reason)}
    rate = record.get("rate_" + args.stat, record["rate"])
    if not (isinstance(rate, (int, float)) and math.isfinite(rate) and rate > 0):
        return {"status": "error", "reason": f"bad rate {rate!r}"}
    return {"status": "ok", "rate": float(rate), "unit": record.get("unit", "?"),
            "rate_best": record.get("rate_best"),
            "rate_median": record.get("rate_median"),
            "rate_total": record.get("rate_total"),
            "rate_cpu": record.get("rate_cpu"),
            "cpu_util": record.get("cpu_util"),
            "impl": record.get("impl"), "warning": record.get("warning"),
            "wall": wall}


def fmt_rate(x):
    if x is None:
        return "-"
    for div, suf in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= div:
            return f"{x / div:.4g}{suf}"
    return f"{x:.4g}"


def fmt_ratio(x):
    return "-" if x is None else f"{x:.3f}"


def spread(rates):
    """(max - min) / median, in percent; None if fewer than 2 samples."""
    if len(rates) < 2:
        return None
    return (max(rates) - min(rates)) / statistics.median(rates) * 100.0


def summarize(names, raw):
    rows = []
    for name in names:
        row = {"workload": name, "unit": None, "ratio": None, "ratio_cpu": None}
        for side in SIDES:
            runs = raw[name][side]
            ok = [r for r in runs if r["status"] == "ok"]
            bad = [r for r in runs if r["status"] != "ok"]
            rates = [r["rate"] for r in ok]
            cpu_rates = [r["rate_cpu"] for r in ok if r.get("rate_cpu")]
            cell = {"rates": rates,
                    "median": statistics.median(rates) if rates else None,
                    "median_cpu": (statistics.median(cpu_rates)
                                   if cpu_rates and len(cpu_rates) == len(rates)
                                   else None),
                    "spread_pct": spread(rates)}
            if bad:
                cell["status"] = bad[0]["status"]
                cell["reason"] = bad[0]["reason"]
            elif not rates:
                cell["status"] = "skipped"
                cell["reason"] = "not run"
            else:
                cell["status"] = "ok"
            if ok:
                row["unit"] = ok[0]["unit"]
            row[side] = cell
        if row["native"]["status"] == "ok" and row["gosock"]["status"] == "ok":
            row["ratio"] = row["gosock"]["median"] / row["native"]["median"]
            if row["native"]["median_cpu"] and row["gosock"]["median_cpu"]:
                row["ratio_cpu"] = (row["gosock"]["median_cpu"]
                                    / row["native"]["median_cpu"])
        rows.append(row)
    return rows, geomean([r["ratio"] for r in rows]), \
        sum(1 for r in rows if r["ratio"] is not None)


def geomean(values):
    """Geometric mean of the non-None values (None if there are none)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


def cell_text(cell):
    if cell["status"] == "ok":
        return fmt_rate(cell["median"])
    return cell["status"]


def spread_text(row):
    parts = []
    for side in SIDES:
        s = row[side]["spread_pct"]
        parts.append("-" if s is None else f"{s:.1f}%")
    return "/".join(parts)


def failures(rows):
    out = []
    for row in rows:
        for side in SIDES:
            c = row[side]
            if c["status"] != "ok":
                out.append(f"{row['workload']} [{side}]: {c['status']}: {c['reason']}")
    return out


def print_table(rows, geo, nratios, meta, out=sys.stdout):
    headers = ["workload", "unit", "native", "gosock", "ratio", "cpu-ratio",
               "spread n/g"]
    body = []
    for r in rows:
        body.append([r["workload"], r["unit"] or "-", cell_text(r["native"]),
                     cell_text(r["gosock"]), fmt_ratio(r["ratio"]),
                     fmt_ratio(r["ratio_cpu"]), spread_text(r)])
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h)
              for i, h in enumerate(headers)]
    def line(cols):
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cols, widths))).rstrip()
    print(f"# native:    {meta['impl_native']}", file=out)
    print(f"# candidate: {meta['candidate']} -> {meta['impl_gosock']}", file=out)
    print(f"# python {meta['python']}, cpu pin {meta['cpu']}, "
          f"{meta['seconds']:g} s per measurement ({meta['stat']} slice), "
          f"{meta['repeats']} repeat(s), median shown; ratio = gosock/native (>1: gosock faster); "
          f"cpu-ratio = the same per CPU-second; spread = (max-min)/median", file=out)
    print(f"# machine: {meta['ncpu']} CPUs; other processes used {meta['background_cpu']:.2f} "
          f"CPU on average during the run, host steal {meta['steal_cpu']:.2f} CPU; "
          f"{meta['busy_samples']}/{meta['samples']} measurements on a busy machine",
          file=out)
    print(line(headers), file=out)
    print(line(["-" * w for w in widths]), file=out)
    for b in body:
        print(line(b), file=out)
    print(file=out)
    if geo is None:
        print("geometric mean of ratios: n/a (no workload ran on both sides)", file=out)
    else:
        print(f"geometric mean of ratios ({nratios} workloads): {geo:.3f}", file=out)
        geo_cpu = geomean([r["ratio_cpu"] for r in rows])
        if geo_cpu is not None:
            print(f"geometric mean of cpu-ratios: {geo_cpu:.3f}", file=out)
    for f in failures(rows):
        print(f"  {f}", file=out)
    if busy_warning(meta):
        print(busy_warning(meta), file=out)


def busy_warning(meta):
    if meta["busy_samples"] == 0:
        return None
    return (f"WARNING: {meta['busy_samples']} of {meta['samples']} measurements ran "
            f"while other processes used >= {BUSY} CPU; their wall-clock ratios "
            f"are unreliable. Re-run on an idle machine; until then the "
            f"cpu-ratio column is the better guide.")


def print_markdown(rows, geo, nratios, meta, out=sys.stdout):
    print(f"Python {meta['python']}, one CPU per process, {meta['seconds']:g} s "
          f"per measurement ({meta['stat']} slice), median of {meta['repeats']} "
          f"processes; "
          f"ratio = gosock/native, >1 means gosock is faster.", file=out)
    print(file=out)
    print("| workload | unit | native | gosock | ratio | cpu-ratio | spread n/g |",
          file=out)
    print("|---|---|---:|---:|---:|---:|---:|", file=out)
    for r in rows:
        cells = []
        for side in SIDES:
            c = r[side]
            cells.append(fmt_rate(c["median"]) if c["status"] == "ok"
                         else f"{c['status']}: {c['reason']}".replace("|", "\\|"))
        print(f"| `{r['workload']}` | {r['unit'] or '-'} | {cells[0]} | {cells[1]} "
              f"| {fmt_ratio(r['ratio'])} | {fmt_ratio(r['ratio_cpu'])} "
              f"| {spread_text(r)} |", file=out)
    gm = f"**{geo:.3f}**" if geo is not None else "n/a"
    gc = geomean([r["ratio_cpu"] for r in rows])
    print(f"| **geometric mean** ({nratios} workloads) | | | | {gm} | {fmt_ratio(gc)} | |",
          file=out)
    if busy_warning(meta):
        print(file=out)
        print(busy_warning(meta), file=out)


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: python3 bench/run.py --candidate socket --repeats 5  "
               "(native vs native: ratios should be ~1.0)")
    ap.add_argument("--only", default=None,
                    help="comma-separated workload names (default: all)")
    ap.add_argument("--repeats", type=int, default=3,
                    help="measurements per workload and side (default 3)")
    ap.add_argument("--seconds", type=float, default=0.5,
                    help="target duration of each measurement (default 0.5)")
    ap.add_argument("--candidate", default="gosock",
                    help="module installed as socket for the 'gosock' side "
                         "(default gosock; install() is called if it has one)")
    ap.add_argument("--pythonpath", default=os.path.join(REPO, "python"),
                    help="directory put first on sys.path of candidate runs "
                         "(default <repo>/python)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="per-process timeout in s (default 6 + 6*seconds)")
    ap.add_argument("--stat", choices=("best", "median", "total", "cpu"),
                    default="best",
                    help="per-process rate: best ~50 ms wall-clock slice "
                         "(default), median slice, whole run, or per CPU-second "
                         "of the process (for a busy machine; blind to idle "
                         "waiting)")
    ap.add_argument("--busy-retries", type=int, default=2, metavar="N",
                    help="re-run a measurement up to N times if other "
                         f"processes used >= {BUSY} CPU during it (default 2)")
    ap.add_argument("--cpu", default="auto",
                    help="CPU to pin each child to: auto (highest allowed), a "
                         "number, or none")
    ap.add_argument("--json", metavar="FILE", default=None,
                    help="write all results (every sample) to FILE")
    ap.add_argument("--markdown", action="store_true",
                    help="print the table as Markdown")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 if any run (native or candidate) failed")
    ap.add_argument("--quiet", action="store_true",
                    help="no per-run progress on stderr")
    ap.add_argument("--list", action="store_true", help="list workloads and exit")
    args = ap.parse_args(argv)
    if args.repeats < 1:
        ap.error("--repeats must be >= 1")
    if not (0 < args.seconds <= 60):
        ap.error("--seconds must be in (0, 60]")
    if args.timeout is None:
        args.timeout = 6.0 + 6.0 * args.seconds
    args.pythonpath = os.path.abspath(args.pythonpath)
    return args, ap


def main(argv=None):
    args, ap = parse_args(sys.argv[1:] if argv is None else argv)
    available = list_workloads()
    if args.list:
        print("\n".join(available))
        return 0
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        # hidden (underscore) workloads are accepted by name for self-tests
        unknown = [n for n in names if n not in available and not n.startswith("_")]
        if unknown:
            ap.error(f"unknown workload(s): {', '.join(unknown)}; "
                     f"known: {', '.join(available)}")
    else:
        names = available
    cpu = pick_cpu(args.cpu)

    raw = {n: {s: [] for s in SIDES} for n in names}
    failed = set()
    impl = {s: None for s in SIDES}
    warnings = set()
    t_start = time.monotonic()
    counters_start = cpu_counters()
    retry_time = 0.0
    for rep in range(args.repeats):
        for i, name in enumerate(names):
            order = SIDES if (rep + i) % 2 == 0 else SIDES[::-1]
            for side in order:
                if (name, side) in failed:
                    continue            # a failure costs that workload once
                res = run_child(name, side, args, cpu)
                tries = 1
                # Another process took >= BUSY CPU meanwhile: measure again
                # and keep the least disturbed attempt (chosen by the load,
                # never by the rate, so this does not bias the result).
                while (res["status"] == "ok" and res["background"] >= BUSY
                       and tries <= args.busy_retries
                       and retry_time < RETRY_BUDGET):
                    t_retry = time.monotonic()
                    again = run_child(name, side, args, cpu)
                    retry_time += time.monotonic() - t_retry
                    tries += 1
                    if again["status"] != "ok" or again["background"] < res["background"]:
                        res = again
                res["tries"] = tries
                res["repeat"] = rep
                raw[name][side].append(res)
                if res.get("impl") and impl[side] is None:
                    impl[side] = res["impl"]
                if res.get("warning"):
                    warnings.add(f"{side}: {res['warning']}")
                if res["status"] != "ok":
                    failed.add((name, side))
                if not args.quiet:
                    what = (f"{fmt_rate(res['rate'])} {res['unit']}"
                            if res["status"] == "ok"
                            else f"{res['status']}: {res['reason']}")
                    if res.get("tries", 1) > 1:
                        what += f"  [{res['tries']} tries]"
                    if res["background"] >= BUSY:
                        what += f"  (busy machine: {res['background']:.2f} CPU used by others)"
                    print(f"[{rep + 1}/{args.repeats}] {name:<26} {side:<6} {what}",
                          file=sys.stderr, flush=True)
    elapsed = time.monotonic() - t_start
    bg, steal = background(counters_start, cpu_counters(), elapsed)
    per_sample = [r["background"] for n in names for sd in SIDES for r in raw[n][sd]]
    busy_samples = sum(1 for b in per_sample if b >= BUSY)

    rows, geo, nratios = summarize(names, raw)
    meta = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "ncpu": os.cpu_count(),
        "cpu": cpu if cpu is not None else "none",
        "seconds": args.seconds,
        "repeats": args.repeats,
        "stat": args.stat,
        "timeout": args.timeout,
        "candidate": args.candidate,
        "pythonpath": args.pythonpath,
        "impl_native": impl["native"] or "?",
        "impl_gosock": impl["gosock"] or "?",
        "total_seconds": round(elapsed, 1),
        "background_cpu": round(bg, 3),
        "steal_cpu": round(steal, 3),
        "busy_samples": busy_samples,
        "busy_reruns_seconds": round(retry_time, 1),
        "samples": len(per_sample),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if args.markdown:
        print_markdown(rows, geo, nratios, meta)
    else:
        print_table(rows, geo, nratios, meta)
    for w in sorted(warnings):
        print(f"warning: {w}", file=sys.stderr)
    if not args.quiet:
        print(f"(total {elapsed:.1f} s)", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "geomean": geo, "n_ratios": nratios,
                       "workloads": rows, "samples": raw}, f, indent=1)
            f.write("\n")

    native_failed = any(r["native"]["status"] != "ok" for r in rows)
    any_failed = native_failed or any(r["gosock"]["status"] != "ok" for r in rows)
    if native_failed or (args.strict and any_failed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
