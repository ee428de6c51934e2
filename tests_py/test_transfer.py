"""Data transfer: TCP, UDP, AF_UNIX, makefile, sendall, connect_ex."""
import errno
import hashlib
import os
import tempfile
import threading
import unittest

from tests_py.support import gosock, native, outcome


class TCPTest(unittest.TestCase):
    def setUp(self):
        self.srv = gosock.create_server(("127.0.0.1", 0))
        self.cli = gosock.create_connection(self.srv.getsockname(), timeout=5)
        self.conn, self.peer = self.srv.accept()

    def tearDown(self):
        for s in (self.srv, self.cli, self.conn):
            s.close()

    def test_echo_and_names(self):
        self.cli.sendall(b"hello")
        self.assertEqual(self.conn.recv(100), b"hello")
        self.assertEqual(self.peer, self.cli.getsockname())
        self.assertEqual(self.conn.getpeername(), self.cli.getsockname())

    def test_recv_into_and_flags(self):
        self.cli.sendall(b"abcdef")
        buf = bytearray(4)
        self.assertEqual(self.conn.recv(3, gosock.MSG_PEEK), b"abc")
        self.assertEqual(self.conn.recv_into(buf), 4)
        self.assertEqual(buf, b"abcd")
        mv = memoryview(bytearray(10))
        self.assertEqual(self.conn.recv_into(mv[2:], 2), 2)
        self.assertEqual(bytes(mv[2:4]), b"ef")
        self.assertRaises(ValueError, self.conn.recv_into, bytearray(2), 5)
        self.assertRaises(TypeError, self.conn.recv_into, b"readonly")
        self.assertRaises(ValueError, self.conn.recv, -1)

    def test_sendall_big_with_timeout(self):
        data = os.urandom(1 << 20) * 8
        got = bytearray()

        def reader():
            while len(got) < len(data):
                chunk = self.conn.recv(1 << 16)
                if not chunk:
                    break
                got.extend(chunk)
        t = threading.Thread(target=reader)
        t.start()
        self.cli.sendall(memoryview(data))
        t.join(30)
        self.assertEqual(bytes(got), data)

    def test_makefile_text_and_binary(self):
        w = self.cli.makefile("w", encoding="utf-8")
        r = self.conn.makefile("r", encoding="utf-8", newline="")
        w.write("héllo\nworld\n")
        w.flush()
        self.assertEqual(r.readline(), "héllo\n")
        self.assertEqual(r.readline(), "world\n")
        w.close()
        r.close()
        rb = self.conn.makefile("rb", buffering=0)
        self.cli.sendall(b"raw")
        self.assertEqual(rb.read(3), b"raw")
        rb.close()
        self.assertRaises(ValueError, self.cli.makefile, "x")
        self.assertRaises(ValueError, self.cli.makefile, "r", buffering=0)

    def test_makefile_timeout_poisons_reader(self):
        self.conn.settimeout(0.05)
        f = self.conn.makefile("rb")
        self.assertRaises(TimeoutError, f.read, 1)
        self.assertRaises(OSError, f.read, 1)
        f.close()


class InterruptedSendallTest(unittest.TestCase):
    """A signal whose handler raises must end a blocked sendall, even when
    the kernel reports the interruption as a short write."""

    def test_raising_handler_ends_sendall(self):
        import signal
        old = signal.signal(signal.SIGALRM, lambda *a: 1 // 0)
        a, b = gosock.socketpair()
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            with self.assertRaises(ZeroDivisionError):
                a.sendall(b"x" * (16 << 20))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
            a.close()
            b.close()


class BufferExportTest(unittest.TestCase):
    """A failed call must not leave the caller's buffer exported (asyncio
    clears its bytearray right after a failed send)."""

    def test_failed_send_releases_bytearray(self):
        a, b = gosock.socketpair()
        b.close()
        buf = bytearray(b"data")
        for call in (lambda: a.send(buf), lambda: a.sendall(buf)):
            with self.assertRaises(OSError):
                call()
            buf.clear()
            buf.extend(b"data")
        a.close()

    def test_failed_recv_into_releases_bytearray(self):
        a, b = gosock.socketpair()
        a.setblocking(False)
        buf = bytearray(8)
        self.assertRaises(BlockingIOError, a.recv_into, buf)
        buf.clear()
        self.assertRaises(BlockingIOError, a.recvfrom_into, bytearray(4))
        a.close()
        b.close()


class ReadOnlyViewTest(unittest.TestCase):
    """Read-only buffers that are not bytes (slices of a memoryview of
    bytes, as asyncio's sock_sendall and socket.sendfile's fallback pass)
    reach the kernel in place: sending from a sliding view must not copy
    the rest of the data on every call."""

    def _received(self, sender):
        """Run sender(sock) against a reader; return (digest of what was
        read, peak memory traced while sender ran). The reader keeps a
        digest, not the data, so that only the sender's copies count."""
        import tracemalloc
        a, b = gosock.socketpair()
        got = hashlib.sha256()

        def read():
            buf = bytearray(1 << 16)
            while True:
                n = b.recv_into(buf)
                if not n:
                    return
                got.update(memoryview(buf)[:n])
        t = threading.Thread(target=read)
        t.start()
        try:
            tracemalloc.start()
            try:
                sender(a)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        finally:
            a.close()
            t.join(60)
            b.close()
        return got.digest(), peak

    def test_send_from_sliding_view(self):
        data = os.urandom(1 << 16) * 128  # 8 MiB

        def sender(sock):
            sock.settimeout(30)  # partial sends: the view slides many times
            view = memoryview(data)[1:]
            while view:
                view = view[sock.send(view):]
        got, peak = self._received(sender)
        self.assertEqual(got, hashlib.sha256(data[1:]).digest())
        self.assertLess(peak, 1 << 20, "send copied the read-only view")

    def test_sendall_of_view_and_sendto(self):
        data = os.urandom(1 << 16) * 128
        got, peak = self._received(lambda s: s.sendall(memoryview(data)[1:]))
        self.assertEqual(got, hashlib.sha256(data[1:]).digest())
        self.assertLess(peak, 1 << 20, "sendall copied the read-only view")
        u = gosock.socket(gosock.AF_INET, gosock.SOCK_DGRAM)
        with u:
            u.bind(("127.0.0.1", 0))
            block = os.urandom(16384)
            self.assertEqual(u.sendto(memoryview(block)[8:], u.getsockname()), 16376)
            self.assertEqual(u.recv(65536), block[8:])

    def test_small_and_odd_read_only_buffers(self):
        """Small views (copied), typed read-only views and whole-bytes
        views send the same bytes as the native module."""
        import array
        raw = bytes(range(256)) * 64
        cases = [memoryview(raw)[3:10], memoryview(raw).toreadonly(),
                 memoryview(array.array("i", range(4096)).tobytes()).cast("i")[1:],
                 memoryview(raw)[100:]]
        for case in cases:
            for mod in (gosock, native):
                a, b = mod.socketpair()
                with a, b:
                    a.sendall(case)
                    a.shutdown(mod.SHUT_WR)
                    out = bytearray()
                    while True:
                        chunk = b.recv(1 << 16)
                        if not chunk:
                            break
                        out.extend(chunk)
                self.assertEqual(bytes(out), case.tobytes(), (mod.__name__, case))

    def test_non_contiguous_view_is_released(self):
        buf = bytearray(64)
        a, b = gosock.socketpair()
        with a, b:
            view = memoryview(buf)[::2]
            kept = []
            for call in (a.send, a.sendall):
                try:
                    call(view)
                except BufferError as e:
                    kept.append(e)  # its traceback keeps the frames, as a caller may
            self.assertEqual(len(kept), 2)
            view.release()
            buf.extend(b"x")  # BufferError if an export were still held


class ConnectTest(unittest.TestCase):
    def _closed_port(self):
        with gosock.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()

    def test_refused(self):
        addr = self._closed_port()
        with gosock.socket() as s:
            self.assertRaises(ConnectionRefusedError, s.connect, addr)
        with gosock.socket() as s:
            self.assertEqual(s.connect_ex(addr), errno.ECONNREFUSED)
        with gosock.socket() as s:
            s.settimeout(2)
            self.assertEqual(s.connect_ex(addr), errno.ECONNREFUSED)

    def test_create_connection_all_errors(self):
        addr = self._closed_port()
        with self.assertRaises(ExceptionGroup):
            gosock.create_connection(addr, all_errors=True)
        self.assertRaises(ConnectionRefusedError, gosock.create_connection, addr)


class DatagramTest(unittest.TestCase):
    def test_udp_v4_v6(self):
        for fam, host in ((gosock.AF_INET, "127.0.0.1"), (gosock.AF_INET6, "::1")):
            with self.subTest(family=fam), gosock.socket(fam, gosock.SOCK_DGRAM) as a, \
                    gosock.socket(fam, gosock.SOCK_DGRAM) as b:
                a.bind((host, 0))
                self.assertEqual(b.sendto(b"hi", a.getsockname()), 2)
                data, frm = a.recvfrom(10)
                self.assertEqual(data, b"hi")
                self.assertEqual(frm[0], host)
                b.sendto(b"again", 0, a.getsockname())
                buf = bytearray(10)
                n, frm2 = a.recvfrom_into(buf)
                self.assertEqual(buf[:n], b"again")
                self.assertEqual(frm2, frm)

    def test_unix_paths(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sock")
            with gosock.socket(gosock.AF_UNIX, gosock.SOCK_DGRAM) as a:
                a.bind(path)
                self.assertEqual(a.getsockname(), path)
            with gosock.socket(gosock.AF_UNIX) as b:
                b.bind(b"\0gosock-py-abstract")
                self.assertEqual(b.getsockname(), b"\0gosock-py-abstract")
            with gosock.socket(gosock.AF_UNIX) as c:
                self.assertRaises(OSError, c.bind, "x" * 200)

    def test_socketpair_unnamed(self):
        a, b = gosock.socketpair()
        with a, b:
            self.assertEqual(a.getsockname(), "")
            self.assertEqual(a.family, gosock.AF_UNIX)


class DatagramPathsTest(unittest.TestCase):
    """sendto's reuse of the last destination object and recvfrom's common
    path, in each timeout mode, against the native module."""

    def _pair(self, mod, family, host):
        a = mod.socket(family, mod.SOCK_DGRAM)
        b = mod.socket(family, mod.SOCK_DGRAM)
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        a.bind((host, 0))
        b.bind((host, 0))
        return a, b

    def test_same_tuple_object_to_alternating_peers(self):
        s, r1 = self._pair(gosock, gosock.AF_INET, "127.0.0.1")
        r2 = gosock.socket(gosock.AF_INET, gosock.SOCK_DGRAM)
        self.addCleanup(r2.close)
        r2.bind(("127.0.0.1", 0))
        d1, d2 = r1.getsockname(), r2.getsockname()
        for i, d in enumerate([d1, d1, d2, d1, d2, d2]):
            s.sendto(b"%d" % i, d)
        r1.settimeout(5)
        r2.settimeout(5)
        self.assertEqual([r1.recvfrom(10)[0] for _ in range(3)], [b"0", b"1", b"3"])
        self.assertEqual([r2.recvfrom(10)[0] for _ in range(3)], [b"2", b"4", b"5"])
        # The same object on a socket of another family is read by that
        # family's rules, as natively.
        with gosock.socket(gosock.AF_INET6, gosock.SOCK_DGRAM) as g6, \
                native.socket(native.AF_INET6, native.SOCK_DGRAM) as n6:
            self.assertEqual(outcome(g6.sendto, b"x", d1)[0], outcome(n6.sendto, b"x", d1)[0])

    def test_fresh_socket_to_none(self):
        # A socket that has sent nothing yet remembers no destination:
        # None is not one either.
        with native.socket(native.AF_INET, native.SOCK_DGRAM) as n, \
                gosock.socket(gosock.AF_INET, gosock.SOCK_DGRAM) as g:
            for args in [(b"foo", None), (b"foo", 0, None)]:
                with self.subTest(args=args):
                    with self.assertRaises(TypeError) as want:
                        n.sendto(*args)
                    with self.assertRaises(TypeError) as got:
                        g.sendto(*args)
                    self.assertEqual(str(got.exception), str(want.exception))

    def test_recvfrom_modes(self):
        for family, host in ((gosock.AF_INET, "127.0.0.1"), (gosock.AF_INET6, "::1")):
            for timeout in (None, 0.0, 5.0):
                with self.subTest(family=family, timeout=timeout):
                    a, b = self._pair(gosock, family, host)
                    b.settimeout(timeout)
                    a.sendto(b"ping", b.getsockname())
                    if timeout == 0.0:
                        b.settimeout(5)  # the datagram may still be on its way
                        data, addr = b.recvfrom(100)
                        b.settimeout(0.0)
                    else:
                        data, addr = b.recvfrom(100)
                    self.assertEqual((data, addr), (b"ping", a.getsockname()))
                    if timeout == 0.0:
                        self.assertRaises(BlockingIOError, b.recvfrom, 100)
                    elif timeout == 5.0:
                        b.settimeout(0.05)
                        self.assertRaises(TimeoutError, b.recvfrom, 100)

    def test_recvfrom_closed(self):
        for mod in (gosock, native):
            a, b = self._pair(mod, mod.AF_INET, "127.0.0.1")
            b.close()
            with self.assertRaises(OSError) as cm:
                b.recvfrom(10)
            self.assertEqual(cm.exception.errno, errno.EBADF)


class AddressArgumentTest(unittest.TestCase):
    """Bad addresses raise what the native module raises."""

    CASES = [
        ("127.0.0.1", 0), ("127.0.0.1", -1), ("127.0.0.1", 65536), ("127.0.0.1", 2**40),
        ("127.0.0.1",), ("127.0.0.1", 1, 2), "127.0.0.1", (1, 80), (b"127.0.0.1", 0),
        ("a\0b", 80), ("127.0.0.1", "80"), ("127.0.0.1", 1.5), ("<broadcast>", 0),
        ("::1", 0), ("no-such-host.invalid", 80), None,
    ]
    CASES6 = [
        ("::1", 0), ("::1", 0, 0), ("::1", 0, 0, 0), ("::1", 0, 1 << 20), ("::1", 0, -1),
        ("::1", 0, 0, 0, 0), ("::1",), ("::1", 70000), ("<broadcast>", 0),
    ]

    def _compare(self, family, type_, addr, method):
        with native.socket(family, type_) as n, gosock.socket(family, type_) as g:
            on = outcome(getattr(n, method), addr)
            og = outcome(getattr(g, method), addr)
            self.assertEqual(og[0], on[0], "%s(%r)" % (method, addr))

    def test_bind_inet(self):
        for addr in self.CASES:
            with self.subTest(addr=addr):
                self._compare(gosock.AF_INET, gosock.SOCK_DGRAM, addr, "bind")

    def test_bind_inet6(self):
        for addr in self.CASES6:
            with self.subTest(addr=addr):
                self._compare(gosock.AF_INET6, gosock.SOCK_DGRAM, addr, "bind")

    def test_unix_types(self):
        for addr in ["", b"", 5, ("x",), "x" * 108, b"\0" + b"y" * 107, b"\0" + b"y" * 108]:
            with self.subTest(addr=addr):
                self._compare(gosock.AF_UNIX, gosock.SOCK_DGRAM, addr, "connect")

    def test_sendto_arguments(self):
        with native.socket(native.AF_INET, native.SOCK_DGRAM) as n, \
                gosock.socket(gosock.AF_INET, gosock.SOCK_DGRAM) as g:
            for args in [(b"x",), (b"x", 0), ("str", ("127.0.0.1", 9)), (b"x", "f", ("127.0.0.1", 9)),
                         (b"x", 0, ("127.0.0.1", 9), 5)]:
                with self.subTest(args=args):
                    self.assertEqual(outcome(g.sendto, *args)[0], outcome(n.sendto, *args)[0])

    def test_sendto_repeated_destinations(self):
        # The same destination again (gosock reuses its converted address),
        # then look-alike tuples whose parts compare equal but have other
        # types, and a family that reads the same tuple differently.
        with native.socket(native.AF_INET, native.SOCK_DGRAM) as nr, \
                native.socket(native.AF_INET, native.SOCK_DGRAM) as n, \
                gosock.socket(gosock.AF_INET, gosock.SOCK_DGRAM) as g, \
                gosock.socket(gosock.AF_INET6, gosock.SOCK_DGRAM) as g6, \
                native.socket(native.AF_INET6, native.SOCK_DGRAM) as n6:
            nr.bind(("127.0.0.1", 0))
            port = nr.getsockname()[1]
            for addr in [("127.0.0.1", port), ("127.0.0.1", port), ("127.0.0.1", float(port)),
                         ("127.0.0.1", True), ("127.0.0.1", port), (b"127.0.0.1", port),
                         ("127.0.0.1", 70000), ("127.0.0.1", 70000), ("::1", port)]:
                with self.subTest(addr=addr):
                    self.assertEqual(outcome(g.sendto, b"x", addr), outcome(n.sendto, b"x", addr))
                    self.assertEqual(outcome(g6.sendto, b"x", addr)[0],
                                     outcome(n6.sendto, b"x", addr)[0])
            got = 0
            nr.settimeout(5)
            while got < 5:  # the five successful sends above
                nr.recvfrom(10)
                got += 1


if __name__ == "__main__":
    unittest.main()
