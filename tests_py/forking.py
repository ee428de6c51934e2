"""Helpers for the fork tests: children that do real socket work through
gosock, and a parent that waits for each under a time limit.

A child never returns into the test runner: it ends with os._exit, with 0
for success, 1 for a failed check (the traceback on stderr)."""
import os
import select
import signal
import sys
import threading
import traceback

from tests_py.support import gosock

CHILD_LIMIT = 20.0  # seconds: a child still running after this has hung

OK = 0
FAILED = 1


def socket_work(payload=4096):
    """What every child does: a socketpair echo, a TCP loopback exchange
    (listen, connect, accept, sendall, recv), then a forced Go collection.
    Raises AssertionError on a wrong result."""
    a, b = gosock.socketpair()
    try:
        a.sendall(b"ping")
        assert b.recv(4) == b"ping", "socketpair echo"
    finally:
        a.close()
        b.close()
    srv = gosock.create_server(("127.0.0.1", 0))
    try:
        cli = gosock.create_connection(srv.getsockname(), timeout=10)
        conn, peer = srv.accept()
        try:
            assert peer == cli.getsockname(), "peer address"
            data = os.urandom(payload)
            cli.sendall(data)
            got = bytearray()
            conn.settimeout(10)
            while len(got) < len(data):
                chunk = conn.recv(65536)
                assert chunk, "early end of stream"
                got += chunk
            assert got == data, "TCP data"
        finally:
            cli.close()
            conn.close()
    finally:
        srv.close()
    assert gosock._ffi.debug_gc() >= 1, "Go collection"


def fresh_copies():
    """The inode numbers of the copies of libgosock this process has mapped
    from a memfd (a forked child loads one; its own children one more)."""
    with open("/proc/self/maps") as f:
        return {line.split()[4] for line in f if "memfd:libgosock-child" in line}


def uses_fresh_copy():
    """True once this process calls into a copy of libgosock that was
    loaded from a memfd (what a forked child does)."""
    return bool(fresh_copies())


def run_child(body):
    """In a forked child: run body(), then leave the process."""
    code = FAILED
    try:
        signal.alarm(int(CHILD_LIMIT) + 5)  # a hung child also ends itself
        body()
        code = OK
    except BaseException:  # noqa: BLE001 - report everything, never return
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)


def fork_child(body):
    """Fork; the child runs body() (see run_child). Returns the pid."""
    pid = os.fork()
    if pid == 0:
        run_child(body)
    return pid


def wait_child(pid, limit=CHILD_LIMIT):
    """The child's exit code, or None if it did not end within limit
    seconds (it is then killed)."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], limit)
    finally:
        os.close(pidfd)
    if not ready:
        if os.environ.get("GOSOCK_FORK_DEBUG"):
            _debug_dump(pid)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return None
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _debug_dump(pid):
    """Show where a hung child is (GOSOCK_FORK_DEBUG=1 and gdb installed)."""
    import subprocess
    try:
        r = subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "info threads",
                            "-ex", "thread apply all bt 30"],
                           capture_output=True, text=True, timeout=60)
        sys.stderr.write("=== hung child %d ===\n%s\n" % (pid, r.stdout[-20000:]))
    except (OSError, subprocess.SubprocessError) as e:
        sys.stderr.write("=== hung child %d: no gdb dump (%s) ===\n" % (pid, e))


def nested(depth, body):
    """body(), then fork a child that does nested(depth - 1); returns OK
    only if every descendant succeeded."""
    body()
    if depth == 0:
        return
    code = wait_child(fork_child(lambda: nested(depth - 1, body)))
    assert code == OK, "descendant at depth %d: %r" % (depth - 1, code)


class Busy:
    """Threads that keep calling gosock (I/O, allocation, collections)
    until stopped: forks happen while they are in the middle of calls."""

    def __init__(self, n=2):
        self.stop = threading.Event()
        self.errors = []
        self.rounds = 0
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True)
                        for i in range(n)]
        for t in self.threads:
            t.start()

    def _run(self, i):
        try:
            while not self.stop.is_set():
                a, b = gosock.socketpair()
                try:
                    for _ in range(20):
                        a.sendall(b"x" * 2048)
                        b.recv(4096)
                    gosock.getaddrinfo("127.0.0.1", 80)
                    if i == 0:
                        gosock._ffi.debug_gc()
                finally:
                    a.close()
                    b.close()
                self.rounds += 1
        except BaseException as e:  # noqa: BLE001
            self.errors.append(e)

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join(CHILD_LIMIT)
        return self.errors


class BlockedMain:
    """The main thread blocks in gosock accept while `work` runs in another
    thread (the socketserver ForkingMixIn pattern); run() returns what
    work returned once work has released the main thread."""

    def __init__(self, work):
        self.work = work

    def run(self):
        srv = gosock.create_server(("127.0.0.1", 0))
        result = {}

        def worker():
            try:
                result["value"] = self.work()
            except BaseException as e:  # noqa: BLE001
                result["error"] = e
            finally:
                c = gosock.socket()
                c.connect(srv.getsockname())
                c.close()
        t = threading.Thread(target=worker)
        srv.settimeout(600)
        t.start()
        try:
            conn, _ = srv.accept()  # the main thread is blocked in Go here
            conn.close()
        finally:
            t.join()
            srv.close()
        if "error" in result:
            raise result["error"]
        return result["value"]
