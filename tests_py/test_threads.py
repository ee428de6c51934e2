"""Threads: many threads blocked in gosock at once do not block each other,
the GIL or the Go runtime; closing or shutting down a socket while another
thread is blocked in it behaves as with the native module."""
import faulthandler
import threading
import time
import unittest

from tests_py.blocking import fill_send_buffer, unreachable_listener
from tests_py.support import gosock, native, open_fds

HANG_GUARD = 120  # seconds: a test still running then has deadlocked
JOIN = 20.0


class GuardedCase(unittest.TestCase):
    def setUp(self):
        # A deadlock (the GIL or the Go runtime held by a blocked thread)
        # would hang the suite: end the process with tracebacks instead.
        faulthandler.dump_traceback_later(HANG_GUARD, exit=True)
        self.fds = open_fds()

    def tearDown(self):
        faulthandler.cancel_dump_traceback_later()
        self.assertEqual(open_fds() - self.fds, set())


class ManyBlockedThreadsTest(GuardedCase):
    N = 96

    def test_many_threads_blocked_then_released(self):
        kinds = ("recv", "recv_timeout", "recv_into", "accept", "send")
        srv = gosock.create_server(("127.0.0.1", 0), backlog=self.N)
        srv.settimeout(60)
        pairs = [gosock.socketpair() for _ in range(self.N)]
        results = [None] * self.N
        started = threading.Barrier(self.N + 1)

        def blocked(i):
            a, b = pairs[i]
            kind = kinds[i % len(kinds)]
            started.wait()
            try:
                if kind == "recv":
                    results[i] = a.recv(16)
                elif kind == "recv_timeout":
                    a.settimeout(60)
                    results[i] = a.recv(16)
                elif kind == "recv_into":
                    buf = bytearray(16)
                    results[i] = bytes(buf[:a.recv_into(buf)])
                elif kind == "accept":
                    conn, _ = srv.accept()
                    conn.close()
                    results[i] = b"accepted"
                else:
                    results[i] = a.send(b"s" * 65536)
            except BaseException as e:  # noqa: BLE001
                results[i] = e

        for i in range(self.N):
            if kinds[i % len(kinds)] == "send":
                fill_send_buffer(pairs[i][0])
                pairs[i][0].setblocking(True)
        threads = [threading.Thread(target=blocked, args=(i,)) for i in range(self.N)]
        for t in threads:
            t.start()
        started.wait()
        time.sleep(0.3)
        self.assertTrue(all(t.is_alive() for t in threads), "a call did not block")

        # Meanwhile the main thread runs Python, gosock calls and Go
        # collections at will.
        t0 = time.monotonic()
        total = sum(i * i for i in range(200000))
        self.assertGreater(total, 0)
        for _ in range(200):
            a, b = gosock.socketpair()
            a.sendall(b"ping")
            self.assertEqual(b.recv(4), b"ping")
            a.close()
            b.close()
        for _ in range(5):
            self.assertGreaterEqual(gosock._ffi.debug_gc(), 1)
        self.assertTrue(gosock.getaddrinfo("127.0.0.1", 80))
        self.assertLess(time.monotonic() - t0, 30)
        self.assertTrue(all(t.is_alive() for t in threads), "released too early")

        # Release every thread.
        for i in range(self.N):
            a, b = pairs[i]
            kind = kinds[i % len(kinds)]
            if kind == "accept":
                c = gosock.create_connection(srv.getsockname(), timeout=10)
                c.close()
            elif kind == "send":
                b.setblocking(False)
                try:
                    while b.recv(1 << 20):
                        pass
                except BlockingIOError:
                    pass
            else:
                b.send(b"go %d" % i)
        for t in threads:
            t.join(JOIN)
        self.assertFalse(any(t.is_alive() for t in threads), "threads still blocked")
        for i, r in enumerate(results):
            kind = kinds[i % len(kinds)]
            if kind == "accept":
                self.assertEqual(r, b"accepted")
            elif kind == "send":
                self.assertIsInstance(r, int)
                self.assertGreater(r, 0)
            else:
                self.assertEqual(r, b"go %d" % i)
        for a, b in pairs:
            a.close()
            b.close()
        srv.close()

    def test_blocked_threads_do_not_delay_each_other(self):
        """Threads released one by one each return promptly: no thread
        waits for another one's call to end."""
        n = 64
        pairs = [gosock.socketpair() for _ in range(n)]
        done = [None] * n

        def run(i):
            pairs[i][0].recv(1)
            done[i] = time.monotonic()
        threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        # Release in reverse order of blocking: the last blocked goes first.
        for i in reversed(range(n)):
            released = time.monotonic()
            pairs[i][1].send(b"x")
            threads[i].join(JOIN)
            self.assertFalse(threads[i].is_alive(), "thread %d not released" % i)
            self.assertLess(done[i] - released, 5.0)
        for a, b in pairs:
            a.close()
            b.close()


class DisturbWhileBlockedTest(GuardedCase):
    """Another thread closes or shuts down a socket that one thread is
    blocked in: gosock does what the native module does."""

    def outcome_of(self, mod, setup, disturb):
        """Run the blocked call set up by setup(mod) -> (call, sockets) in a
        thread, disturb(sockets) from this one; return what the call did."""
        call, socks = setup(mod)
        result = []

        def run():
            try:
                v = call()
                result.append(("ok", v if isinstance(v, (bytes, int)) else type(v).__name__))
            except BaseException as e:  # noqa: BLE001
                result.append((type(e).__name__, getattr(e, "errno", None)))
        t = threading.Thread(target=run)
        t.start()
        time.sleep(0.2)
        self.assertTrue(t.is_alive(), "%s: the call did not block" % mod.__name__)
        try:
            disturb(socks)
            t.join(JOIN)
            self.assertFalse(t.is_alive(), "%s: still blocked" % mod.__name__)
        finally:
            for s in socks.values():
                s.close()
        return result[0]

    def compare(self, setup, disturb):
        nat = self.outcome_of(native, setup, disturb)
        gos = self.outcome_of(gosock, setup, disturb)
        self.assertEqual(gos, nat)
        return gos

    # setups: (call, {name: socket}); "a" is the socket blocked in.

    @staticmethod
    def recv_setup(timeout):
        def setup(mod):
            a, b = mod.socketpair()
            a.settimeout(timeout)
            return (lambda: a.recv(10)), {"a": a, "b": b}
        return setup

    @staticmethod
    def accept_setup(timeout):
        def setup(mod):
            a = mod.create_server(("127.0.0.1", 0))
            a.settimeout(timeout)
            return (lambda: a.accept()), {"a": a}
        return setup

    @staticmethod
    def send_setup(timeout, sendall):
        def setup(mod):
            a, b = mod.socketpair()
            fill_send_buffer(a)
            a.settimeout(timeout)
            if sendall:
                return (lambda: a.sendall(b"x" * (1 << 20))), {"a": a, "b": b}
            return (lambda: a.send(b"x" * 65536)), {"a": a, "b": b}
        return setup

    def test_shutdown_rd_wakes_recv(self):
        for timeout in (None, 10.0):
            with self.subTest(timeout=timeout):
                r = self.compare(self.recv_setup(timeout),
                                 lambda s: s["a"].shutdown(gosock.SHUT_RD))
                self.assertEqual(r, ("ok", b""))

    def test_shutdown_rdwr_wakes_recv(self):
        for timeout in (None, 10.0):
            with self.subTest(timeout=timeout):
                self.compare(self.recv_setup(timeout),
                             lambda s: s["a"].shutdown(gosock.SHUT_RDWR))

    def test_peer_closed_wakes_recv(self):
        for timeout in (None, 10.0):
            with self.subTest(timeout=timeout):
                r = self.compare(self.recv_setup(timeout), lambda s: s["b"].close())
                self.assertEqual(r, ("ok", b""))

    def test_close_then_data(self):
        """close() does not wake a blocked call; data arriving later does.
        A blocking recv still reads it (the kernel holds the file); a recv
        in timeout mode wakes from poll on a closed descriptor: EBADF."""
        for timeout in (None, 10.0):
            with self.subTest(timeout=timeout):
                def disturb(s):
                    s["a"].close()
                    time.sleep(0.2)
                    s["b"].send(b"late")
                self.compare(self.recv_setup(timeout), disturb)

    def test_shutdown_wakes_accept(self):
        for timeout in (None, 10.0):
            with self.subTest(timeout=timeout):
                r = self.compare(self.accept_setup(timeout),
                                 lambda s: s["a"].shutdown(gosock.SHUT_RDWR))
                self.assertEqual(r[0], "OSError")

    def test_shutdown_wr_wakes_send(self):
        """A send blocked in the kernel fails with EPIPE; one waiting in
        poll is not woken (the buffer is still full) and times out."""
        for sendall in (False, True):
            for timeout in (None, 1.0):
                with self.subTest(sendall=sendall, timeout=timeout):
                    r = self.compare(self.send_setup(timeout, sendall),
                                     lambda s: s["a"].shutdown(gosock.SHUT_WR))
                    self.assertEqual(r[0], "BrokenPipeError" if timeout is None else "TimeoutError")

    def test_peer_closed_wakes_send(self):
        for sendall in (False, True):
            for timeout in (None, 10.0):
                with self.subTest(sendall=sendall, timeout=timeout):
                    self.compare(self.send_setup(timeout, sendall),
                                 lambda s: s["b"].close())

    def test_close_during_connect(self):
        """A connect waiting for a full accept queue, and another thread
        closes the socket: the connect ends at its timeout either way."""
        def setup(mod):
            holders = []
            _, addr = unreachable_listener(mod, holders)
            a = mod.socket()
            a.settimeout(1.0)
            socks = {"a": a}
            socks.update(("h%d" % i, h) for i, h in enumerate(holders))
            return (lambda: a.connect(addr)), socks
        self.compare(setup, lambda s: s["a"].close())


if __name__ == "__main__":
    unittest.main()
