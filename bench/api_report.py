#!/usr/bin/env python3
"""Which parts of the socket API do the benchmark workloads use?

Runs every workload once (briefly) with bench/trace_socket.py installed as
`socket` and prints the module attributes and socket-object attributes that
were used from outside socket.py, with the files that used them.  This is
the checklist a drop-in module (gosock) must satisfy for `bench/run.py` to
run every workload.

    python3 bench/api_report.py [--only NAME,NAME] [--markdown] [--json FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOAD = os.path.join(HERE, "workload.py")


def trace_one(name, seconds, timeout):
    with tempfile.TemporaryDirectory(prefix="gosock-trace-") as d:
        path = os.path.join(d, "trace.json")
        env = dict(os.environ, GOSOCK_BENCH_TRACE=path)
        cmd = [sys.executable, WORKLOAD, name, "--module", "gosock",
               "--candidate", "trace_socket", "--pythonpath", HERE,
               "--seconds", repr(seconds)]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, "timeout"
        err = None if p.returncode == 0 else (p.stderr.strip().splitlines() or ["?"])[-1]
        if not os.path.exists(path):
            return None, err or "no trace written"
        with open(path) as f:
            return json.load(f), err


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=None)
    ap.add_argument("--seconds", type=float, default=0.05)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args(argv)

    names = subprocess.run([sys.executable, WORKLOAD, "--list"], capture_output=True,
                           text=True, check=True).stdout.split()
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]

    # (kind, name) -> {"callers": set, "workloads": set}
    usage = {}
    problems = []
    for wl in names:
        rows, err = trace_one(wl, args.seconds, args.timeout)
        if err:
            problems.append(f"{wl}: {err}")
        for r in rows or []:
            u = usage.setdefault((r["kind"], r["name"]),
                                 {"callers": set(), "workloads": set()})
            u["callers"].add(r["caller"])
            u["workloads"].add(wl)

    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"kind": k, "name": n, "callers": sorted(v["callers"]),
                        "workloads": sorted(v["workloads"])}
                       for (k, n), v in sorted(usage.items())], f, indent=1)

    for kind, title in (("module", "socket module attributes"),
                        ("socket", "socket object attributes/methods")):
        items = sorted((n, v) for (k, n), v in usage.items() if k == kind)
        if args.markdown:
            print(f"\n**{title}** ({len(items)})\n")
            print("| name | used by | workloads |")
            print("|---|---|---|")
            for n, v in items:
                wls = sorted(v["workloads"])
                wtxt = "all" if len(wls) == len(names) and len(names) > 1 else ", ".join(wls)
                print(f"| `{n}` | {', '.join(sorted(v['callers']))} | {wtxt} |")
        else:
            print(f"\n{title} ({len(items)}):")
            for n, v in items:
                wls = sorted(v["workloads"])
                wtxt = "all" if len(wls) == len(names) and len(names) > 1 else ", ".join(wls)
                print(f"  {n:<24} by {', '.join(sorted(v['callers']))}  [{wtxt}]")
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
