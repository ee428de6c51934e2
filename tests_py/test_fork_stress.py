"""Fork stress: over a thousand forks across every pattern, each child doing
real socket work (socketpair echo, TCP loopback) and a forced Go
collection, each under a time limit. Any hang or failure fails the test.

Prints "forks: N, hangs: 0, failures: 0" (make test shows the line)."""
import os
import subprocess
import sys
import textwrap
import threading
import time
import unittest

from tests_py import forking
from tests_py.forking import OK, fork_child, socket_work, wait_child
from tests_py.support import gosock, open_fds

# Where the gosock under test comes from (the source tree or an installed
# wheel), and the directory holding tests_py, for scripts run apart.
PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(gosock.__file__)))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Exit code of a child whose own descendant hung.
HANG_BELOW = 3
MAX_HANGS = 3  # stop early: each hang costs a whole time limit


class Tally:
    def __init__(self):
        self.forks = 0
        self.hangs = 0
        self.failures = 0
        self.lock = threading.Lock()

    def add(self, code, forks=1):
        with self.lock:
            self.forks += forks
            if code is None or code == HANG_BELOW:
                self.hangs += 1
            elif code != OK:
                self.failures += 1

    def too_bad(self):
        return self.hangs >= MAX_HANGS or self.failures >= MAX_HANGS


def chain(depth):
    """In a child: work, then fork the next link; exit codes carry a hang
    anywhere below up to the top."""
    socket_work()
    if depth == 0:
        return
    code = wait_child(fork_child(lambda: chain(depth - 1)))
    if code is None or code == HANG_BELOW:
        os._exit(HANG_BELOW)
    assert code == OK, code


def tree_child():
    """In a child: threads of its own in gosock while it forks two
    grandchildren."""
    busy = forking.Busy(1)
    try:
        codes = [wait_child(fork_child(socket_work)) for _ in range(2)]
    finally:
        assert busy.close() == []
    if any(c is None or c == HANG_BELOW for c in codes):
        os._exit(HANG_BELOW)
    assert codes == [OK, OK], codes
    socket_work()


def threaded_child():
    """In a child: 4 threads make their first gosock calls at once."""
    errors = []

    def run():
        try:
            socket_work()
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


class ForkStressTest(unittest.TestCase):
    def test_fork_stress(self):
        t0 = time.monotonic()
        fds = open_fds()
        socket_work()
        tally = Tally()

        def forks(n, body=socket_work, per_child=1):
            for _ in range(n):
                if tally.too_bad():
                    return
                tally.add(wait_child(fork_child(body)), per_child)

        # 1. From the main thread.
        forks(300)
        # 2. From the main thread while three threads are busy in gosock.
        busy = forking.Busy(3)
        try:
            forks(250)
        finally:
            self.assertEqual(busy.close(), [])
        # 3. From another thread while the main thread is blocked in gosock.
        forking.BlockedMain(lambda: forks(200)).run()
        # 4. Chains of descendants: 30 chains of 4 forks.
        forks(30, lambda: chain(3), per_child=4)
        # 5. Children that fork grandchildren while busy themselves.
        forks(40, tree_child, per_child=3)
        # 6. Children whose threads race to the first call.
        forks(50, threaded_child)
        # 7. multiprocessing's fork context, gosock installed as socket.
        if not tally.too_bad():
            tally.add(*self.multiprocessing_forks(100))
        socket_work()
        elapsed = time.monotonic() - t0
        sys.stderr.write("\nforks: %d, hangs: %d, failures: %d (%.1f s)\n"
                         % (tally.forks, tally.hangs, tally.failures, elapsed))
        self.assertEqual((tally.hangs, tally.failures), (0, 0))
        self.assertGreaterEqual(tally.forks, 1000)
        self.assertEqual(open_fds() - fds, set())

    def multiprocessing_forks(self, n):
        """n single-task workers of a fork-context Pool in a subprocess.
        Returns (exit code, forks) for the tally."""
        script = textwrap.dedent("""\
            import sys
            sys.path[:0] = [%r, %r]
            import gosock
            gosock.install()
            import multiprocessing
            from tests_py.forking import socket_work

            def task(i):
                socket_work()
                return i

            if __name__ == "__main__":
                socket_work()
                ctx = multiprocessing.get_context("fork")
                parent, child = ctx.Pipe()
                with ctx.Pool(2, maxtasksperchild=1) as pool:
                    res = pool.map_async(task, range(%d), chunksize=1)
                    assert res.get(timeout=120) == list(range(%d))
                child.send(b"pipe works")
                assert parent.recv() == b"pipe works"
                print("ok")
        """) % (PYTHON_DIR, ROOT, n, n)
        try:
            r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               timeout=180)
        except subprocess.TimeoutExpired:
            return None, n
        if r.returncode != 0 or r.stdout.strip() != "ok":
            sys.stderr.write(r.stderr)
            return 1, n
        return OK, n


if __name__ == "__main__":
    unittest.main()
