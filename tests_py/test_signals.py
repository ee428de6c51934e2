"""Signals: every blocking call can be interrupted, and resumes (PEP 475).

A handler that raises (SIGALRM from signal.setitimer, SIGINT's default
KeyboardInterrupt) must surface from the blocked call soon, also while other
threads are blocked in gosock. A handler that does not raise lets the call
go on with the time that is left. Bounds are generous: the machine may be
loaded, and these tests check behaviour, not speed.
"""
import array
import errno
import os
import select
import signal
import threading
import time
import unittest

from tests_py.blocking import fill_send_buffer, unreachable_listener
from tests_py.support import gosock, native, open_fds

SOON = 1.5       # seconds: "within a short bound" for an interruption at 0.1 s
WATCHDOG = 20.0  # a call still blocked after this long is a hang


class Interrupted(Exception):
    pass


def _raise(signum, frame):
    raise Interrupted(signum)


class SignalCase(unittest.TestCase):
    """Installs handlers and timers and always takes them down again."""

    def setUp(self):
        self.old_alrm = signal.signal(signal.SIGALRM, signal.SIG_DFL)
        self.old_usr1 = signal.signal(signal.SIGUSR1, signal.SIG_DFL)
        self.old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.fds = open_fds()
        self.closers = []

    def tearDown(self):
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.old_alrm)
        signal.signal(signal.SIGUSR1, self.old_usr1)
        signal.signal(signal.SIGINT, self.old_int)
        for c in reversed(self.closers):
            c()
        self.assertEqual(open_fds() - self.fds, set(), "descriptors leaked")

    def unreachable(self, mod):
        socks = []
        try:
            return unreachable_listener(mod, socks)
        finally:
            self.closers += [s.close for s in socks]

    def track(self, *socks):
        for s in socks:
            self.closers.append(s.close)
        return socks[0] if len(socks) == 1 else socks

    def alarm(self, first, interval=0.0, handler=_raise):
        signal.signal(signal.SIGALRM, handler)
        signal.setitimer(signal.ITIMER_REAL, first, interval)

    def stop_alarm(self):
        signal.setitimer(signal.ITIMER_REAL, 0)

    def assert_interrupted(self, call, exc=Interrupted, first=0.1):
        """call() blocks forever; a raising SIGALRM handler stops it soon."""
        self.alarm(first)
        t0 = time.monotonic()
        with self.assertRaises(exc):
            call()
        elapsed = time.monotonic() - t0
        self.stop_alarm()
        self.assertLess(elapsed, SOON, "interruption took %.2f s" % elapsed)


class BlockedThreads:
    """n threads blocked in gosock recv until released."""

    def __init__(self, n):
        self.pairs = [gosock.socketpair() for _ in range(n)]
        self.results = [None] * n
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True)
                        for i in range(n)]
        for t in self.threads:
            t.start()
        time.sleep(0.05)

    def _run(self, i):
        self.results[i] = self.pairs[i][0].recv(16)

    def release(self):
        for _, b in self.pairs:
            b.send(b"done")
        for t in self.threads:
            t.join(WATCHDOG)
        for a, b in self.pairs:
            a.close()
            b.close()
        return self.results


# --- a raising handler interrupts every blocking call ----------------------

class RaisingHandlerTest(SignalCase):
    blocked_threads = 0

    def setUp(self):
        super().setUp()
        self.others = BlockedThreads(self.blocked_threads) if self.blocked_threads else None

    def tearDown(self):
        if self.others:
            self.assertEqual(self.others.release(), [b"done"] * self.blocked_threads)
        super().tearDown()

    def both_modes(self, make_call):
        """Blocking mode and timeout mode (poll under a deadline)."""
        for timeout in (None, 30.0):
            with self.subTest(timeout=timeout):
                self.assert_interrupted(make_call(timeout))

    def test_accept(self):
        def make(timeout):
            srv = self.track(gosock.create_server(("127.0.0.1", 0)))
            srv.settimeout(timeout)
            return srv.accept
        self.both_modes(make)

    def test_connect(self):
        _, addr = self.unreachable(gosock)

        def make(timeout):
            c = self.track(gosock.socket())
            c.settimeout(timeout)
            return lambda: c.connect(addr)
        self.both_modes(make)

    def test_connect_ex(self):
        _, addr = self.unreachable(gosock)
        c = self.track(gosock.socket())
        self.assert_interrupted(lambda: c.connect_ex(addr))

    def test_recv_family(self):
        calls = {
            "recv": lambda s: s.recv(10),
            "recv_into": lambda s: s.recv_into(bytearray(10)),
            "recvfrom": lambda s: s.recvfrom(10),
            "recvfrom_into": lambda s: s.recvfrom_into(bytearray(10)),
        }
        for name, call in calls.items():
            with self.subTest(call=name):
                def make(timeout, call=call):
                    a, b = self.track(*gosock.socketpair())
                    a.settimeout(timeout)
                    return lambda: call(a)
                self.both_modes(make)

    def test_recvfrom_udp(self):
        def make(timeout):
            s = self.track(gosock.socket(gosock.AF_INET, gosock.SOCK_DGRAM))
            s.bind(("127.0.0.1", 0))
            s.settimeout(timeout)
            return lambda: s.recvfrom(100)
        self.both_modes(make)

    def test_send_family(self):
        calls = {
            "send": lambda s: s.send(b"y" * 65536),
            "sendall": lambda s: s.sendall(b"y" * (1 << 20)),
            "sendall_memoryview": lambda s: s.sendall(memoryview(bytearray(1 << 20))),
        }
        for name, call in calls.items():
            with self.subTest(call=name):
                def make(timeout, call=call):
                    a, b = self.track(*gosock.socketpair())
                    fill_send_buffer(a)
                    a.settimeout(timeout)
                    return lambda: call(a)
                self.both_modes(make)

    def test_send_sendto_dgram(self):
        """A datagram socket whose peer's queue is full blocks in send and
        sendto."""
        names = (b"\0gosock-test-signals-%d-%d" % (os.getpid(), i) for i in range(100))
        for call in ("send", "sendto"):
            with self.subTest(call=call):
                def make(timeout, call=call):
                    name = next(names)
                    r = self.track(gosock.socket(gosock.AF_UNIX, gosock.SOCK_DGRAM))
                    r.bind(name)
                    s = self.track(gosock.socket(gosock.AF_UNIX, gosock.SOCK_DGRAM))
                    s.connect(name)
                    s.setblocking(False)
                    try:
                        while True:
                            s.send(b"z" * 64)
                    except BlockingIOError:
                        pass
                    s.settimeout(timeout)
                    if call == "send":
                        return lambda: s.send(b"z")
                    return lambda: s.sendto(b"z", name)
                self.both_modes(make)

    def test_msg_family(self):
        calls = {
            "recvmsg": (False, lambda s: s.recvmsg(10, 64)),
            "recvmsg_into": (False, lambda s: s.recvmsg_into([bytearray(10)])),
            "sendmsg": (True, lambda s: s.sendmsg([b"y" * 65536])),
        }
        for name, (sending, call) in calls.items():
            with self.subTest(call=name):
                def make(timeout, call=call, sending=sending):
                    a, b = self.track(*gosock.socketpair())
                    if sending:
                        fill_send_buffer(a)
                    a.settimeout(timeout)
                    return lambda: call(a)
                self.both_modes(make)

    def test_sendfile(self):
        """sendfile(2) into a full socket: interrupted like send."""
        import tempfile
        with tempfile.TemporaryFile() as f:
            f.write(b"f" * (1 << 20))
            f.flush()

            def make(timeout):
                a, b = self.track(*gosock.socketpair())
                fill_send_buffer(a)
                a.settimeout(timeout)
                return lambda: a.sendfile(f, 0)
            self.both_modes(make)

    def test_makefile_readline(self):
        a, b = self.track(*gosock.socketpair())
        f = a.makefile("rb")
        self.closers.append(f.close)
        self.assert_interrupted(f.readline)

    def test_keyboard_interrupt(self):
        """SIGINT with Python's default handler, sent to the main thread."""
        main = threading.get_ident()
        a, b = self.track(*gosock.socketpair())
        srv = self.track(gosock.create_server(("127.0.0.1", 0)))
        calls = {"recv": lambda: a.recv(10), "accept": srv.accept}
        for name, call in calls.items():
            with self.subTest(call=name):
                timer = threading.Timer(0.1, signal.pthread_kill, (main, signal.SIGINT))
                t0 = time.monotonic()
                timer.start()
                try:
                    with self.assertRaises(KeyboardInterrupt):
                        call()
                finally:
                    timer.join()
                self.assertLess(time.monotonic() - t0, SOON)

    def test_huge_timeouts_wait(self):
        """A timeout of centuries is a long wait, not an overflowed
        deadline (which would turn into "no deadline" on a non-blocking
        descriptor: BlockingIOError at once)."""
        for timeout in (2**31, 9.2e9, 9223372036):
            with self.subTest(timeout=timeout):
                a, b = self.track(*gosock.socketpair())
                a.settimeout(timeout)
                self.assertEqual(a.gettimeout(), float(timeout))
                b.send(b"now")
                self.assertEqual(a.recv(10), b"now")
                self.assert_interrupted(lambda: a.recv(10))
                srv = self.track(gosock.create_server(("127.0.0.1", 0)))
                srv.settimeout(timeout)
                self.assert_interrupted(srv.accept)

    def test_repeated_interrupts(self):
        """Many interruptions in a row: each one surfaces, nothing is lost."""
        a, b = self.track(*gosock.socketpair())
        for i in range(30):
            self.assert_interrupted(lambda: a.recv(10), first=0.005)
        b.send(b"still works")
        self.assertEqual(a.recv(100), b"still works")

    def test_getaddrinfo(self):
        """getaddrinfo cannot be stopped inside the C library (glibc retries
        EINTR), but a raising handler surfaces as soon as it returns, and
        signals during lookups never turn into errors."""
        count = [0]

        def tick(signum, frame):
            count[0] += 1
        self.alarm(0.001, 0.001, handler=tick)
        for _ in range(300):
            self.assertTrue(gosock.getaddrinfo("localhost", 80))
        self.stop_alarm()
        self.assertGreater(count[0], 0)
        self.alarm(0.001, 0.001)
        with self.assertRaises(Interrupted):
            for _ in range(10000):
                gosock.getaddrinfo("localhost", 80)
        self.stop_alarm()


class RaisingHandlerWithThreadsTest(RaisingHandlerTest):
    """The same while 8 other threads are blocked in gosock recv."""
    blocked_threads = 8


# --- a handler that does not raise: the call resumes (PEP 475) -------------

class ResumeTest(SignalCase):
    def counting(self):
        self.count = 0

        def handler(signum, frame):
            self.count += 1
        return handler

    def test_recv_gets_late_data(self):
        a, b = self.track(*gosock.socketpair())
        a.settimeout(5)
        threading.Timer(0.5, b.send, (b"late",)).start()
        self.alarm(0.1, handler=self.counting())
        self.assertEqual(a.recv(10), b"late")
        self.assertEqual(self.count, 1)

    def test_blocking_recv_gets_late_data(self):
        a, b = self.track(*gosock.socketpair())
        threading.Timer(0.5, b.send, (b"late",)).start()
        self.alarm(0.1, 0.1, handler=self.counting())
        self.assertEqual(a.recv(10), b"late")
        self.stop_alarm()
        self.assertGreaterEqual(self.count, 1)

    def test_timeout_keeps_the_deadline(self):
        """Interrupted every 0.2 s, a 1.5 s timeout still fires at ~1.5 s:
        restarting the full timeout after each signal would never end."""
        calls = {
            "recv": lambda a: a.recv(10),
            "recv_into": lambda a: a.recv_into(bytearray(4)),
            "recvfrom": lambda a: a.recvfrom(10),
            "recvmsg": lambda a: a.recvmsg(10, 64),
            "sendmsg": lambda a: a.sendmsg([b"x" * 100, bytearray(100)]),
            "accept": None,
        }
        for name, call in calls.items():
            with self.subTest(call=name):
                a, b = self.track(*gosock.socketpair())
                if call is None:
                    a = self.track(gosock.create_server(("127.0.0.1", 0)))
                    call = lambda s: s.accept()  # noqa: E731
                if name.startswith("send"):
                    fill_send_buffer(a)
                a.settimeout(1.5)
                self.alarm(0.2, 0.2, handler=self.counting())
                t0 = time.monotonic()
                with self.assertRaises(TimeoutError):
                    call(a)
                elapsed = time.monotonic() - t0
                self.stop_alarm()
                self.assertGreaterEqual(elapsed, 1.4)
                self.assertLess(elapsed, 4.0)
                self.assertGreaterEqual(self.count, 3)

    def test_accept_resumes(self):
        srv = self.track(gosock.create_server(("127.0.0.1", 0)))
        addr = srv.getsockname()
        for timeout in (None, 5.0):
            with self.subTest(timeout=timeout):
                srv.settimeout(timeout)
                c = self.track(gosock.socket())
                threading.Timer(0.4, c.connect, (addr,)).start()
                self.alarm(0.1, 0.1, handler=self.counting())
                conn, peer = srv.accept()
                self.stop_alarm()
                self.track(conn)
                self.assertGreaterEqual(self.count, 1)
                self.assertEqual(conn.getpeername(), peer)

    def test_connect_resumes(self):
        """connect interrupted: the connection completes in the kernel and
        connect() returns once it is established (PEP 475)."""
        srv, addr = self.unreachable(gosock)
        c = self.track(gosock.socket())
        c.settimeout(1.0)
        self.alarm(0.1, 0.1, handler=self.counting())
        t0 = time.monotonic()
        with self.assertRaises(TimeoutError):
            c.connect(addr)
        elapsed = time.monotonic() - t0
        self.stop_alarm()
        self.assertGreaterEqual(self.count, 3)
        self.assertLess(elapsed, 4.0)
        # With room in the queue, connects under a signal storm connect.
        srv2 = self.track(gosock.create_server(("127.0.0.1", 0)))
        self.alarm(0.0001, 0.0001, handler=self.counting())
        for _ in range(20):
            c3 = self.track(gosock.socket())
            c3.connect(srv2.getsockname())
            conn, peer = srv2.accept()
            self.track(conn)
            self.assertEqual(peer, c3.getsockname())
        self.stop_alarm()

    def test_sendall_interrupted_sends_everything(self):
        data = os.urandom(1 << 20) * 4
        for kind in ("bytes", "bytearray", "memoryview"):
            for timeout in (None, 20.0):
                with self.subTest(kind=kind, timeout=timeout):
                    a, b = self.track(*gosock.socketpair())
                    a.settimeout(timeout)
                    payload = {"bytes": data, "bytearray": bytearray(data),
                               "memoryview": memoryview(data)}[kind]
                    got = bytearray()

                    def reader():
                        while len(got) < len(data):
                            time.sleep(0.002)
                            chunk = b.recv(1 << 16)
                            if not chunk:
                                return
                            got.extend(chunk)
                    t = threading.Thread(target=reader)
                    t.start()
                    self.alarm(0.005, 0.005, handler=self.counting())
                    a.sendall(payload)
                    self.stop_alarm()
                    t.join(WATCHDOG)
                    self.assertGreater(self.count, 0)
                    self.assertEqual(len(got), len(data))
                    self.assertTrue(got == data)

    def test_sendfile_interrupted_sends_everything(self):
        import tempfile
        data = os.urandom(1 << 20) * 4
        with tempfile.TemporaryFile() as f:
            f.write(data)
            f.flush()
            for timeout in (None, 20.0):
                with self.subTest(timeout=timeout):
                    a, b = self.track(*gosock.socketpair())
                    a.settimeout(timeout)
                    got = bytearray()

                    def reader():
                        while len(got) < len(data):
                            time.sleep(0.002)
                            chunk = b.recv(1 << 16)
                            if not chunk:
                                return
                            got.extend(chunk)
                    t = threading.Thread(target=reader)
                    t.start()
                    self.alarm(0.005, 0.005, handler=self.counting())
                    self.assertEqual(a.sendfile(f, 0), len(data))
                    self.stop_alarm()
                    t.join(WATCHDOG)
                    self.assertGreater(self.count, 0)
                    self.assertTrue(got == data)

    def test_sendmsg_interrupted_is_retried(self):
        """sendmsg(2) is one system call: interrupted before it sent anything
        (EINTR), it is made again once the handler has run (PEP 475), as the
        native module does, and the whole message goes out. (Interrupted
        after sending part of it, the kernel returns that count instead.)"""
        parts = [b"a" * 1000, bytearray(b"b" * 1000), memoryview(b"c" * 1001)[1:],
                 memoryview(bytearray(b"d" * 1000)).toreadonly(), memoryview(b"e" * 20001)[1:]]
        expected = b"".join(memoryview(p).tobytes() for p in parts)
        calls = {
            "sendmsg": lambda mod, s: s.sendmsg(parts),
            "sendmsg_ancdata": lambda mod, s: s.sendmsg(
                parts, [(mod.SOL_SOCKET, mod.SCM_RIGHTS, array.array("i", [0]))]),
            "send_fds": lambda mod, s: mod.send_fds(s, parts, [0]),
        }
        for name, call in calls.items():
            for mod in (native, gosock):
                for timeout in (None, 20.0):
                    with self.subTest(call=name, module=mod.__name__, timeout=timeout):
                        a, b = self.track(*mod.socketpair())
                        fill_send_buffer(a)
                        a.settimeout(timeout)
                        got = bytearray()

                        def reader():
                            time.sleep(0.3)  # the sender is blocked, and interrupted
                            while True:
                                chunk = b.recv(1 << 16)
                                if not chunk:
                                    return
                                got.extend(chunk)
                        t = threading.Thread(target=reader)
                        t.start()
                        self.alarm(0.02, 0.02, handler=self.counting())
                        try:
                            n = call(mod, a)
                        finally:
                            self.stop_alarm()
                            a.shutdown(mod.SHUT_WR)
                            t.join(WATCHDOG)
                        self.assertGreater(self.count, 0)
                        self.assertEqual(n, len(expected))
                        self.assertTrue(got.lstrip(b"x") == expected)

    def test_sendmsg_interrupted_releases_buffers(self):
        """A raising handler ends a blocked sendmsg; the buffers it had are
        released before the exception surfaces, as in the native module."""
        for mod in (native, gosock):
            for timeout in (None, 30.0):
                with self.subTest(module=mod.__name__, timeout=timeout):
                    a, b = self.track(*mod.socketpair())
                    fill_send_buffer(a)
                    a.settimeout(timeout)
                    buf = bytearray(b"r" * 1000)
                    anc = array.array("i", [0])
                    self.alarm(0.1)
                    try:
                        a.sendmsg([b"q", memoryview(buf)[1:], buf],
                                  [(mod.SOL_SOCKET, mod.SCM_RIGHTS, memoryview(anc))])
                    except Interrupted as e:
                        err = e
                    self.stop_alarm()
                    self.assertIsNotNone(err.__traceback__)
                    buf.clear()   # BufferError if an export is still held
                    anc.append(1)
                    del err

    def test_sendall_resumes_without_copying(self):
        """Each short write ends a library call and sendall resumes from
        Python (where signal handlers run): resuming must not copy what is
        left of the data, or a big sendall takes quadratic time."""
        import tracemalloc
        data = b"m" * (32 << 20)
        a, b = self.track(*gosock.socketpair())
        a.settimeout(30)
        got = [0]

        def reader():
            while got[0] < len(data):
                got[0] += len(b.recv(1 << 20))
        t = threading.Thread(target=reader)
        tracemalloc.start()
        try:
            t.start()
            a.sendall(data)
            t.join(WATCHDOG)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(got[0], len(data))
        self.assertLess(peak, 8 << 20, "sendall copied the data it had left")

    def test_sendall_keeps_its_deadline(self):
        """sendall's timeout is for the whole transfer, also across signals."""
        a, b = self.track(*gosock.socketpair())
        a.settimeout(1.0)
        self.alarm(0.05, 0.05, handler=self.counting())
        t0 = time.monotonic()
        with self.assertRaises(TimeoutError):
            a.sendall(b"q" * (64 << 20))
        elapsed = time.monotonic() - t0
        self.stop_alarm()
        self.assertGreaterEqual(self.count, 5)
        self.assertGreaterEqual(elapsed, 0.9)
        self.assertLess(elapsed, 4.0)

    def test_nonblocking_connect_interrupted(self):
        """A non-blocking connect never waits, signals or not."""
        _, addr = self.unreachable(gosock)
        c = self.track(gosock.socket())
        c.setblocking(False)
        self.assertIn(c.connect_ex(addr), (errno.EINPROGRESS, errno.EAGAIN))


# --- no descriptor lost when a handler raises right after accept -----------

class AcceptRaceTest(SignalCase):
    def test_handler_raising_after_successful_accept(self):
        """SIGUSR1 arrives while accept blocks; with SA_RESTART the kernel
        restarts accept, which then succeeds, and the Python handler raises
        right when the call returns. The new descriptor must not leak."""
        for timeout in (None, 10.0):
            with self.subTest(timeout=timeout):
                before = open_fds()
                srv = gosock.create_server(("127.0.0.1", 0))
                srv.settimeout(timeout)
                addr = srv.getsockname()
                signal.signal(signal.SIGUSR1, _raise)
                signal.siginterrupt(signal.SIGUSR1, False)
                main = threading.get_ident()
                cli = gosock.socket()

                def poke():
                    time.sleep(0.2)
                    signal.pthread_kill(main, signal.SIGUSR1)
                    time.sleep(0.2)
                    cli.connect(addr)
                t = threading.Thread(target=poke)
                t.start()
                try:
                    conn, _ = srv.accept()
                except Interrupted:
                    pass
                else:
                    conn.close()
                t.join()
                cli.close()
                srv.close()
                self.assertEqual(open_fds() - before, set())

    def test_many_accepts_under_signal_storm(self):
        """Accept in a loop while a fast timer raises now and then: every
        accepted descriptor is either returned or closed."""
        before = open_fds()
        srv = gosock.create_server(("127.0.0.1", 0))
        addr = srv.getsockname()
        stop = threading.Event()

        def connector():
            while not stop.is_set():
                c = gosock.socket()
                try:
                    c.connect(addr)
                except OSError:
                    pass
                finally:
                    c.close()
        t = threading.Thread(target=connector)
        t.start()
        raised = accepted = 0
        deadline = time.monotonic() + 1.5
        try:
            while time.monotonic() < deadline:
                conn = None
                try:
                    try:
                        self.alarm(0.0003)
                        conn, _ = srv.accept()
                    finally:
                        self.stop_alarm()
                except Interrupted:
                    raised += 1
                while conn is not None:
                    try:
                        conn.close()
                        conn = None
                        accepted += 1
                    except Interrupted:
                        raised += 1
        finally:
            stop.set()
            srv.close()  # a connector waiting on a full queue gets refused
            t.join(WATCHDOG)
        self.assertGreater(raised, 0)
        self.assertGreater(accepted, 0)
        self.assertEqual(open_fds() - before, set())


# --- gosock and the native module behave the same -------------------------

class SameAsNativeTest(SignalCase):
    def test_nonblocking_connect_eintr(self):
        """InterruptedError is what both report for an interrupted
        non-blocking operation; here both simply return EINPROGRESS."""
        results = []
        for mod in (native, gosock):
            _, addr = self.unreachable(mod)
            c = mod.socket()
            self.closers.append(c.close)
            c.setblocking(False)
            results.append(c.connect_ex(addr))
        self.assertEqual(results[0], results[1])

    def test_interrupted_recv_same_exception(self):
        kinds = []
        for mod in (native, gosock):
            a, b = mod.socketpair()
            self.closers += [a.close, b.close]
            self.alarm(0.1)
            try:
                a.recv(1)
            except BaseException as e:  # noqa: BLE001
                kinds.append(type(e))
            self.stop_alarm()
        self.assertEqual(kinds, [Interrupted, Interrupted])


if __name__ == "__main__":
    unittest.main()
