"""A lookup that blocks must not hold the GIL nor stall other threads'
socket calls, and lookups must not wait for each other.

To get lookups that really block, a child process gets a mount namespace of
its own whose /etc/resolv.conf names a DNS server on a loopback address that
never answers (the machine's own file is untouched). Needs root (it is skipped
otherwise)."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHONPATH = os.path.join(HERE, "..", "python")
DNS_TIMEOUT = 2  # seconds, in the child's resolv.conf

CHILD = r"""
import ctypes, json, os, socket as native, sys, tempfile, threading, time
sys.path.insert(0, %(path)r)
import gosock

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, MS_BIND, MS_REC, MS_PRIVATE = 0x20000, 4096, 16384, 1 << 18
if (libc.unshare(CLONE_NEWNS) != 0
        or libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0):
    print(json.dumps({"skip": "no mount namespace: errno %%d" %% ctypes.get_errno()}))
    sys.exit(0)
# A server address of this run's own (all of 127/8 is loopback), so that
# concurrent runs do not compete for one port 53.
silent = native.socket(native.AF_INET, native.SOCK_DGRAM)
for attempt in range(50):
    server = "127.53.%%d.%%d" %% ((os.getpid() + attempt) >> 8 & 255, (os.getpid() + attempt) & 255 or 1)
    try:
        silent.bind((server, 53))  # receives the queries, never answers
        break
    except OSError:
        continue
conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
conf.write("nameserver %%s\noptions timeout:%(timeout)d attempts:1\n" %% server)
conf.close()
if libc.mount(conf.name.encode(), b"/etc/resolv.conf", None, MS_BIND, None) != 0:
    print(json.dumps({"skip": "cannot bind resolv.conf: errno %%d" %% ctypes.get_errno()}))
    sys.exit(0)

LOOKUPS = [
    ("gethostbyname", ("blocked1.example",)),
    ("gethostbyname_ex", ("blocked2.example",)),
    ("gethostbyaddr", ("10.1.2.3",)),
    ("getaddrinfo", ("blocked3.example", 80, native.AF_INET)),
    ("getnameinfo", (("10.1.2.4", 80), native.NI_NAMEREQD)),
]
results = {}

def lookup(mod, fn, args):
    t0 = time.monotonic()
    try:
        r = ("ok", repr(getattr(mod, fn)(*args)))
    except Exception as e:
        r = (type(e).__name__, getattr(e, "errno", None))
    results[(mod.__name__, fn)] = (time.monotonic() - t0, r)

threads = [threading.Thread(target=lookup, args=(m, fn, args))
           for m in (gosock, native) for fn, args in LOOKUPS]
a, b = gosock.socketpair()
start = time.monotonic()
for t in threads:
    t.start()
pings, max_gap, last = 0, 0.0, time.monotonic()
while any(t.is_alive() for t in threads):
    a.send(b"x")
    assert b.recv(1) == b"x"
    pings += 1
    now = time.monotonic()
    max_gap = max(max_gap, now - last)
    last = now
elapsed = time.monotonic() - start
for t in threads:
    t.join()
os.unlink(conf.name)
print(json.dumps({"elapsed": elapsed, "pings": pings, "max_gap": max_gap,
                  "results": [[m, fn, d, r] for (m, fn), (d, r) in results.items()]}))
"""


@unittest.skipUnless(os.getuid() == 0, "needs root for a mount namespace")
class BlockingLookupTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        code = CHILD % {"path": PYTHONPATH, "timeout": DNS_TIMEOUT}
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120)
        if p.returncode != 0:
            raise AssertionError(p.stderr)
        cls.report = json.loads(p.stdout)
        if "skip" in cls.report:
            raise unittest.SkipTest(cls.report["skip"])
        cls.results = {(m, fn): (d, r) for m, fn, d, r in cls.report["results"]}

    def test_lookups_block_and_fail_as_native(self):
        for (mod, fn), (duration, outcome) in self.results.items():
            if mod != "gosock":
                continue
            with self.subTest(fn=fn):
                self.assertGreater(duration, DNS_TIMEOUT * 0.75, "the lookup did not block")
                self.assertEqual(outcome, self.results[("socket", fn)][1])

    def test_lookups_run_in_parallel(self):
        # Five gosock and five native lookups of about DNS_TIMEOUT each: one
        # after the other they would take ten times as long.
        self.assertLess(self.report["elapsed"], DNS_TIMEOUT * 4)

    def test_other_threads_keep_running(self):
        # The main thread went on with gosock socket calls meanwhile.
        self.assertGreater(self.report["pings"], 200)
        self.assertLess(self.report["max_gap"], 1.0)


if __name__ == "__main__":
    unittest.main()
