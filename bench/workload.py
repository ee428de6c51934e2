#!/usr/bin/env python3
"""One benchmark workload, run in a fresh process by bench/run.py.

    python3 bench/workload.py NAME --module native|gosock
        [--candidate MODULE] [--pythonpath DIR] [--seconds S] [--cpu N]

With ``--module gosock`` the candidate module (default ``gosock``) is imported
and installed as ``socket`` *before* anything that imports ``socket`` is
loaded: if the module has an ``install()`` function it is called, otherwise
the module object itself is put into ``sys.modules['socket']``.  Everything
below uses only the public ``socket`` API, so the same code runs on both.

Each workload warms up, then times itself with time.perf_counter() in ~10
slices and prints exactly one JSON line on stdout:

    {"workload": ..., "module": ..., "unit": "ops/s"|"MB/s",
     "rate": <= rate_best>, "rate_best": ..., "rate_median": ...,
     "rate_total": ..., "ops": ..., "elapsed": ..., "slices": [...],
     "impl": "<socket module name (file)>"}

On failure it prints {"workload": ..., "error": "<one line>"} and exits 1.
MB/s means 10**6 bytes per second.

Only this file's top level is allowed to import modules, and only ones that
do not import ``socket`` (checked at start-up; see _NO_SOCKET_IMPORTS).
"""

import argparse
import importlib
import json
import os
import resource
import statistics
import sys
import threading
import time
import traceback

perf = time.perf_counter

# Filled in by main() after the candidate has been installed.
socket = None

# Hard caps so that every loop stops by itself even if the clock misbehaves.
MAX_BATCHES = 1_000_000
HARD_LIMIT_FACTOR = 4.0   # a measurement never runs past 4x --seconds (+1 s)


# ---------------------------------------------------------------------------
# measurement helpers
# ---------------------------------------------------------------------------

NSLICES = 10


class Slices:
    """Splits one measurement into ~NSLICES consecutive time slices.

    The rate of each slice is kept.  The reported "rate" is the best slice:
    interference from the host (this is a shared VM) only ever slows a
    slice down, so the fastest ~50 ms is the most repeatable estimate of the
    code's own speed (the same reasoning as timeit's "take the minimum").
    The median slice and ops/elapsed over the whole measurement are reported
    as well (rate_median, rate_total).
    """

    def __init__(self, seconds):
        self.slice_len = seconds / NSLICES
        self.rates = []

    def start(self, t):
        self.t0 = self.last_t = t
        self.last_units = 0
        self.c0 = time.process_time()
        self.r0 = _preemptions()

    def tick(self, units, t):
        if t - self.last_t >= self.slice_len:
            self.rates.append((units - self.last_units) / (t - self.last_t))
            self.last_t = t
            self.last_units = units

    def finish(self, units, t):
        # CPU time of the whole process (all threads, user + system)
        self.cpu = time.process_time() - self.c0
        self.preempt = _preemptions() - self.r0
        # a trailing partial slice counts only if it is at least half a slice
        if t - self.last_t >= self.slice_len / 2 and units > self.last_units:
            self.rates.append((units - self.last_units) / (t - self.last_t))


def _preemptions():
    """Involuntary context switches of this process so far (others took the CPU)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_nivcsw


def measure(run_batch, seconds, batch_seconds=0.004, max_units=None):
    """Time ``run_batch(n)`` (which does n units of work) for ~``seconds``.

    Calibrates a batch size so that one batch takes ~batch_seconds, warms up
    for ~min(0.1 s, seconds/4), then runs whole batches until the deadline.
    Returns (units, elapsed, Slices).
    """
    n = 1
    while True:
        t0 = perf()
        run_batch(n)
        dt = perf() - t0
        if dt >= 0.002 or n >= (1 << 20):
            break
        n *= 2
    batch = max(1, int(n * batch_seconds / max(dt, 1e-9)))
    if max_units is not None:
        batch = max(1, min(batch, max_units // 50))
    # warm-up
    warm_end = perf() + min(0.1, seconds / 4)
    while perf() < warm_end:
        run_batch(batch)
    sl = Slices(seconds)
    units = 0
    t0 = perf()
    sl.start(t0)
    deadline = t0 + seconds
    for _ in range(MAX_BATCHES):
        run_batch(batch)
        units += batch
        t = perf()
        if t >= deadline or (max_units is not None and units >= max_units):
            break
        sl.tick(units, t)
    sl.finish(units, t)
    return units, t - t0, sl


def recv_exact(sock, n):
    """Receive exactly n bytes (or fewer at EOF)."""
    data = sock.recv(n)
    if len(data) == n or not data:
        return data
    parts = [data]
    got = len(data)
    while got < n:
        more = sock.recv(n - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def start_thread(target, *args):
    th = threading.Thread(target=target, args=args, daemon=True)
    th.start()
    return th


def join_or_fail(th, what, timeout=10.0):
    th.join(timeout)
    if th.is_alive():
        raise RuntimeError(f"{what} thread did not finish")


class ThreadResult:
    """Collects an exception raised in a helper thread."""

    def __init__(self):
        self.exc = None

    def wrap(self, fn):
        def runner(*a):
            try:
                fn(*a)
            except BaseException as e:  # reported by check()
                self.exc = e
        return runner

    def check(self):
        if self.exc is not None:
            raise RuntimeError(f"helper thread failed: {self.exc!r}") from self.exc


def tcp_listener(backlog=128):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(backlog)
    return ls


def tcp_pair(nodelay=True):
    """A connected (client, server) TCP pair over 127.0.0.1."""
    ls = tcp_listener()
    try:
        c = socket.create_connection(ls.getsockname(), timeout=5)
        c.settimeout(None)
        s, _ = ls.accept()
    finally:
        ls.close()
    if nodelay:
        for x in (c, s):
            x.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c, s


def result(unit, units, elapsed, sl, per_unit=1):
    """Build the result record.

    units/elapsed/sl come from measure() (or an equivalent loop);
    per_unit converts one measured unit into the reported unit (e.g. bytes
    of a chunk / 1e6 for MB/s, or 10 for a loop body of 10 calls).
    """
    total = units * per_unit / elapsed
    rates = [r * per_unit for r in sl.rates]
    if len(rates) < 3:          # too short to slice: use the whole run
        best = median = total
    else:
        best, median = max(rates), statistics.median(rates)
    return {"unit": unit, "rate": best, "rate_best": best,
            "rate_median": median, "rate_total": total,
            # per CPU-second of this process: insensitive to other processes
            # taking the CPU, but blind to time spent idle-waiting
            "rate_cpu": units * per_unit / sl.cpu if sl.cpu > 0 else total,
            "cpu_util": sl.cpu / elapsed, "preempt": sl.preempt,
            "ops": units * per_unit, "elapsed": elapsed,
            "slices": [round(r, 1) for r in rates]}


# ---------------------------------------------------------------------------
# workloads: each takes `seconds` and returns a dict from result()
# ---------------------------------------------------------------------------

WORKLOADS = {}


def workload(name, desc, hidden=False):
    def deco(fn):
        WORKLOADS[name] = (fn, desc, hidden)
        return fn
    return deco


@workload("socketpair_pingpong_1b",
          "1-byte ping-pong over socketpair() in one thread (round trips/s)")
def wl_socketpair_pingpong(seconds):
    a, b = socket.socketpair()
    try:
        def run(n):
            for _ in range(n):
                a.send(b"x")
                b.recv(1)
                b.send(b"y")
                a.recv(1)
        ops, el, sl = measure(run, seconds)
    finally:
        a.close()
        b.close()
    return result("ops/s", ops, el, sl)


def _tcp_pingpong(seconds, timeout):
    msg = b"m" * 64
    c, s = tcp_pair()
    tr = ThreadResult()
    if timeout is not None:
        c.settimeout(timeout)
        s.settimeout(timeout)

    def echo():
        try:
            while True:
                data = recv_exact(s, 64)
                if len(data) < 64:
                    break
                s.sendall(data)
        finally:
            s.close()

    th = start_thread(tr.wrap(echo))
    try:
        def run(n):
            for _ in range(n):
                c.sendall(msg)
                if len(recv_exact(c, 64)) != 64:
                    tr.check()
                    raise RuntimeError("echo server closed early")
        ops, el, sl = measure(run, seconds)
    finally:
        c.close()       # echo thread sees EOF and exits
    join_or_fail(th, "echo")
    tr.check()
    return result("ops/s", ops, el, sl)


@workload("tcp_pingpong_64b",
          "64-byte TCP ping-pong over loopback, two threads, blocking (round trips/s)")
def wl_tcp_pingpong(seconds):
    return _tcp_pingpong(seconds, None)


@workload("tcp_pingpong_64b_timeout",
          "as tcp_pingpong_64b with settimeout(5) on both ends (round trips/s)")
def wl_tcp_pingpong_timeout(seconds):
    return _tcp_pingpong(seconds, 5.0)


CHUNK = 64 * 1024


def _bulk(seconds, sender_sock, receiver_sock):
    """sendall() 64 KiB chunks in a thread, recv_into() 64 KiB in the caller."""
    payload = memoryview(bytes(range(256)) * (CHUNK // 256))
    stop = threading.Event()
    tr = ThreadResult()
    hard_deadline = perf() + seconds * HARD_LIMIT_FACTOR + 5

    def send():
        try:
            while not stop.is_set() and perf() < hard_deadline:
                sender_sock.sendall(payload)
        finally:
            try:
                sender_sock.shutdown(socket.SHUT_WR)
            finally:
                sender_sock.close()

    th = start_thread(tr.wrap(send))
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    try:
        def run(n):
            want = n * CHUNK
            got = 0
            while got < want:
                k = receiver_sock.recv_into(view, CHUNK)
                if not k:
                    tr.check()
                    raise RuntimeError("sender closed early")
                got += k
        chunks, el, sl = measure(run, seconds)
        stop.set()
        # drain until EOF so the sender can finish its last sendall
        while receiver_sock.recv_into(view, CHUNK):
            pass
    finally:
        stop.set()
        receiver_sock.close()
    join_or_fail(th, "sender")
    tr.check()
    return result("MB/s", chunks, el, sl, per_unit=CHUNK / 1e6)


@workload("tcp_bulk_64k",
          "bulk sendall()/recv_into() with 64 KiB chunks over TCP loopback (MB/s)")
def wl_tcp_bulk(seconds):
    c, s = tcp_pair(nodelay=False)
    return _bulk(seconds, c, s)


@workload("unix_bulk_64k",
          "bulk sendall()/recv_into() with 64 KiB chunks over an AF_UNIX "
          "stream socket bound to a path (MB/s)")
def wl_unix_bulk(seconds):
    import tempfile
    with tempfile.TemporaryDirectory(prefix="gosock-bench-") as d:
        path = os.path.join(d, "s")
        ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            ls.bind(path)
            ls.listen(1)
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.connect(path)
            s, _ = ls.accept()
        finally:
            ls.close()
        return _bulk(seconds, c, s)


@workload("udp_pingpong",
          "UDP sendto()/recvfrom() 32-byte ping-pong over 127.0.0.1, one thread "
          "(round trips/s)")
def wl_udp_pingpong(seconds):
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        baddr = b.getsockname()
        msg = b"u" * 32

        def run(n):
            for _ in range(n):
                a.sendto(msg, baddr)
                data, addr = b.recvfrom(64)
                b.sendto(data, addr)
                a.recvfrom(64)
        ops, el, sl = measure(run, seconds)
    finally:
        a.close()
        b.close()
    return result("ops/s", ops, el, sl)


@workload("connect_accept_close",
          "TCP connect()+accept()+close() of both ends over loopback, one thread "
          "(connections/s; capped at 20000 per process: ephemeral ports)")
def wl_connect_accept_close(seconds):
    ls = tcp_listener(backlog=128)
    addr = ls.getsockname()
    AF_INET, SOCK_STREAM = socket.AF_INET, socket.SOCK_STREAM
    try:
        def run(n):
            for _ in range(n):
                c = socket.socket(AF_INET, SOCK_STREAM)
                c.connect(addr)
                s, _ = ls.accept()
                s.close()
                c.close()
        # Every connection leaves a TIME_WAIT entry on one 4-tuple; the cap
        # keeps us well inside the ephemeral port range (32768-60999).
        ops, el, sl = measure(run, seconds, max_units=20000)
    finally:
        ls.close()
    return result("ops/s", ops, el, sl)


LINE = b"L" * 79 + b"\n"
LINES_PER_BLOCK = 64


@workload("makefile_readline",
          "makefile('rb').readline() of 80-byte lines over TCP loopback; one "
          "thread writes 64 lines with sendall() then reads them (lines/s)")
def wl_makefile_readline(seconds):
    c, s = tcp_pair()
    block = LINE * LINES_PER_BLOCK
    f = s.makefile("rb")
    try:
        def run(n):
            for _ in range(n):
                c.sendall(block)
                for _ in range(LINES_PER_BLOCK):
                    if f.readline() != LINE:
                        raise RuntimeError("short or corrupt line")
        blocks, el, sl = measure(run, seconds)
    finally:
        f.close()
        s.close()
        c.close()
    return result("ops/s", blocks, el, sl, per_unit=LINES_PER_BLOCK)


UNROLL = 10


def _cheap(seconds, body):
    ops, el, sl = measure(body, seconds)
    return result("ops/s", ops, el, sl, per_unit=UNROLL)


@workload("call_inet_pton", "socket.inet_pton(AF_INET, '127.0.0.1') (calls/s)")
def wl_call_inet_pton(seconds):
    AF_INET = socket.AF_INET

    def run(n):
        for _ in range(n):
            socket.inet_pton(AF_INET, "127.0.0.1"); socket.inet_pton(AF_INET, "127.0.0.1")
            socket.inet_pton(AF_INET, "127.0.0.1"); socket.inet_pton(AF_INET, "127.0.0.1")
            socket.inet_pton(AF_INET, "127.0.0.1"); socket.inet_pton(AF_INET, "127.0.0.1")
            socket.inet_pton(AF_INET, "127.0.0.1"); socket.inet_pton(AF_INET, "127.0.0.1")
            socket.inet_pton(AF_INET, "127.0.0.1"); socket.inet_pton(AF_INET, "127.0.0.1")
    return _cheap(seconds, run)


@workload("call_htons", "socket.htons(8080) (calls/s)")
def wl_call_htons(seconds):
    def run(n):
        for _ in range(n):
            socket.htons(8080); socket.htons(8080); socket.htons(8080); socket.htons(8080)
            socket.htons(8080); socket.htons(8080); socket.htons(8080); socket.htons(8080)
            socket.htons(8080); socket.htons(8080)
    return _cheap(seconds, run)


def _with_tcp_socket(fn):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return fn(s)
    finally:
        s.close()


@workload("call_gettimeout", "s.gettimeout() on a TCP socket (calls/s)")
def wl_call_gettimeout(seconds):
    def go(s):
        def run(n):
            for _ in range(n):
                s.gettimeout(); s.gettimeout(); s.gettimeout(); s.gettimeout(); s.gettimeout()
                s.gettimeout(); s.gettimeout(); s.gettimeout(); s.gettimeout(); s.gettimeout()
        return _cheap(seconds, run)
    return _with_tcp_socket(go)


@workload("call_getsockname", "s.getsockname() on a bound TCP socket (calls/s)")
def wl_call_getsockname(seconds):
    def go(s):
        def run(n):
            for _ in range(n):
                s.getsockname(); s.getsockname(); s.getsockname(); s.getsockname()
                s.getsockname(); s.getsockname(); s.getsockname(); s.getsockname()
                s.getsockname(); s.getsockname()
        return _cheap(seconds, run)
    return _with_tcp_socket(go)


@workload("call_fileno", "s.fileno() on a TCP socket (calls/s)")
def wl_call_fileno(seconds):
    def go(s):
        def run(n):
            for _ in range(n):
                s.fileno(); s.fileno(); s.fileno(); s.fileno(); s.fileno()
                s.fileno(); s.fileno(); s.fileno(); s.fileno(); s.fileno()
        return _cheap(seconds, run)
    return _with_tcp_socket(go)


@workload("getaddrinfo_localhost",
          "socket.getaddrinfo('localhost', 80) (calls/s)")
def wl_getaddrinfo(seconds):
    def run(n):
        for _ in range(n):
            if not socket.getaddrinfo("localhost", 80):
                raise RuntimeError("getaddrinfo returned nothing")
    ops, el, sl = measure(run, seconds)
    return result("ops/s", ops, el, sl)


@workload("threads8_socketpair",
          "8 threads, each doing 1-byte ping-pong on its own socketpair "
          "(total round trips/s)")
def wl_threads8(seconds):
    nthreads = 8
    pairs = [socket.socketpair() for _ in range(nthreads)]
    counts = [0] * nthreads
    barrier = threading.Barrier(nthreads + 1)
    tr = ThreadResult()
    box = {}

    def worker(i):
        a, b = pairs[i]

        def rt(n):
            for _ in range(n):
                a.send(b"x")
                b.recv(1)
                b.send(b"y")
                a.recv(1)
        try:
            rt(500)                  # warm-up
        except BaseException:
            barrier.abort()          # wake the others; tr.check() reports it
            raise
        barrier.wait(timeout=30)
        deadline = box["deadline"]
        for _ in range(1_000_000):
            rt(50)
            counts[i] += 50
            if perf() >= deadline:
                break

    threads = []
    try:
        threads = [start_thread(tr.wrap(worker), i) for i in range(nthreads)]
        box["deadline"] = perf() + seconds
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            for th in threads:
                th.join(1)
            tr.check()               # the worker's own error, if any
            raise
        t0 = perf()
        sl = Slices(seconds)
        sl.start(t0)
        hard = t0 + seconds * HARD_LIMIT_FACTOR + 10
        while perf() < hard:
            time.sleep(sl.slice_len)
            t = perf()
            if t >= box["deadline"] or not any(th.is_alive() for th in threads):
                break
            sl.tick(sum(counts), t)
        for th in threads:
            join_or_fail(th, "ping-pong", timeout=max(0.0, hard - perf()) + 1)
        el = perf() - t0
        ops = sum(counts)
        sl.finish(ops, t0 + el)
    finally:
        for a, b in pairs:
            a.close()
            b.close()
    tr.check()
    return result("ops/s", ops, el, sl)


@workload("selectors_200",
          "selectors.DefaultSelector server loop with 200 TCP clients in the "
          "same thread: each round every client sends 32 B, the server "
          "select()s, recv()s and replies 32 B (requests/s)")
def wl_selectors(seconds):
    import selectors
    nclients = 200
    req = b"q" * 32
    resp = b"r" * 32
    ls = tcp_listener(backlog=256)
    clients, servers = [], []
    sel = selectors.DefaultSelector()
    try:
        addr = ls.getsockname()
        for _ in range(nclients):
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            clients.append(c)
            c.connect(addr)
            s, _ = ls.accept()
            servers.append(s)
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)

        def run(n):
            for _ in range(n):
                for c in clients:
                    c.send(req)
                pending = nclients
                for _ in range(1000):
                    if not pending:
                        break
                    for key, _ev in sel.select(timeout=5):
                        s = key.fileobj
                        try:
                            data = s.recv(256)
                        except BlockingIOError:
                            continue
                        if not data:
                            raise RuntimeError("client closed")
                        s.send(resp)
                        pending -= 1
                else:
                    raise RuntimeError("server loop did not serve all clients")
                for c in clients:
                    if len(recv_exact(c, 32)) != 32:
                        raise RuntimeError("short response")
        rounds, el, sl = measure(run, seconds)
    finally:
        sel.close()
        for x in clients + servers:
            x.close()
        ls.close()
    return result("ops/s", rounds, el, sl, per_unit=nclients)


@workload("asyncio_echo",
          "asyncio streams echo: start_server + 4 open_connection clients, "
          "64-byte write/drain/readexactly round trips (round trips/s)")
def wl_asyncio_echo(seconds):
    import asyncio
    nclients = 4
    msg = b"a" * 64

    async def handle(reader, writer):
        try:
            while True:
                try:
                    data = await reader.readexactly(64)
                except asyncio.IncompleteReadError:
                    break
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    async def client(host, port, box, idx):
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except BaseException:
            box["all_ready"].set()      # do not leave main() waiting
            raise
        try:
            async def rt(n):
                for _ in range(n):
                    writer.write(msg)
                    await writer.drain()
                    await reader.readexactly(64)
            await rt(300)                       # warm-up
            box["ready"] += 1
            if box["ready"] == nclients:
                box["all_ready"].set()
            await box["start"].wait()
            deadline = box["deadline"]
            counts = box["counts"]
            for _ in range(1_000_000):
                await rt(20)
                counts[idx] += 20
                if perf() >= deadline:
                    break
        except BaseException:
            box["all_ready"].set()
            raise
        finally:
            writer.close()
            await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        host, port = server.sockets[0].getsockname()[:2]
        box = {"start": asyncio.Event(), "all_ready": asyncio.Event(),
               "ready": 0, "counts": [0] * nclients, "deadline": 0.0}
        try:
            tasks = [asyncio.create_task(client(host, port, box, i))
                     for i in range(nclients)]
            await asyncio.wait_for(box["all_ready"].wait(), 30)
            t0 = perf()
            box["deadline"] = t0 + seconds
            box["start"].set()
            sl = Slices(seconds)
            sl.start(t0)
            while True:
                await asyncio.sleep(sl.slice_len)
                t = perf()
                if t >= box["deadline"] or all(tk.done() for tk in tasks):
                    break
                sl.tick(sum(box["counts"]), t)
            await asyncio.wait_for(asyncio.gather(*tasks),
                                   seconds * HARD_LIMIT_FACTOR + 10)
            el = perf() - t0
        finally:
            server.close()
            await server.wait_closed()
        ops = sum(box["counts"])
        sl.finish(ops, t0 + el)
        return ops, el, sl

    ops, el, sl = asyncio.run(main())
    return result("ops/s", ops, el, sl)


# --- hidden workloads used by the harness self-test -------------------------

@workload("_selftest_fail", "always raises (harness test)", hidden=True)
def wl_selftest_fail(seconds):
    raise RuntimeError("deliberate failure for the harness self-test")


@workload("_selftest_hang", "sleeps 1 hour (harness test)", hidden=True)
def wl_selftest_hang(seconds):
    time.sleep(3600)


@workload("_selftest_spin", "pure-Python loop, no socket calls (noise probe)",
          hidden=True)
def wl_selftest_spin(seconds):
    def run(n):
        x = 0
        for i in range(n):
            x += i
    ops, el, sl = measure(run, seconds)
    return result("ops/s", ops, el, sl)


# ---------------------------------------------------------------------------

def public_workloads():
    return [name for name, (_, _, hidden) in WORKLOADS.items() if not hidden]


def install_candidate(name, pythonpath):
    """Import `name` and make it `socket`; return a short description."""
    if pythonpath:
        sys.path.insert(0, os.path.abspath(pythonpath))
    mod = importlib.import_module(name)
    install = getattr(mod, "install", None)
    if callable(install):
        install()
    elif hasattr(mod, "socket") and hasattr(mod, "AF_INET"):
        sys.modules["socket"] = mod     # e.g. --candidate socket
    else:
        where = getattr(mod, "__file__", None) or list(getattr(mod, "__path__", []))
        raise ImportError(f"candidate {name!r} ({where}) has no install() and "
                          f"is not a socket-like module")


def describe_socket_module(mod):
    return "%s (%s)" % (getattr(mod, "__name__", "?"),
                        getattr(mod, "__file__", "built-in"))


def main(argv=None):
    global socket
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("name", help="workload name (see --list)")
    ap.add_argument("--module", choices=("native", "gosock"), default="native")
    ap.add_argument("--candidate", default="gosock",
                    help="module installed as socket for --module gosock")
    ap.add_argument("--pythonpath", default=None,
                    help="directory put first on sys.path for --module gosock")
    ap.add_argument("--seconds", type=float, default=0.5)
    ap.add_argument("--cpu", type=int, default=None,
                    help="pin this process to one CPU (before the candidate "
                         "is imported, so e.g. the Go runtime sees 1 CPU)")
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--list":
        for n in public_workloads():
            print(n)
        return 0
    args = ap.parse_args(argv)

    out = {"workload": args.name, "module": args.module}
    try:
        if args.cpu is not None:
            os.sched_setaffinity(0, {args.cpu})
        pre = "socket" in sys.modules
        if args.module == "gosock":
            install_candidate(args.candidate, args.pythonpath)
        import socket as sockmod
        socket = sockmod
        out["impl"] = describe_socket_module(socket)
        if pre:
            out["warning"] = "socket was imported before the candidate"
        if args.name not in WORKLOADS:
            raise ValueError(f"unknown workload {args.name!r}")
        fn = WORKLOADS[args.name][0]
        out.update(fn(args.seconds))
    except BaseException as e:  # includes KeyboardInterrupt/SystemExit
        traceback.print_exc(file=sys.stderr)
        msg = f"{type(e).__name__}: {e}".splitlines()[0] if str(e) else type(e).__name__
        out["error"] = msg[:300]
        print(json.dumps(out), flush=True)
        return 1
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
