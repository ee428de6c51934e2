"""sendmsg(), recvmsg(), recvmsg_into(), ancillary data, CMSG_LEN/SPACE,
send_fds/recv_fds, compared with the native module where it specifies the
behaviour."""
import array
import errno
import os
import signal
import socket as _native_mod
import struct
import threading
import time
import unittest
import warnings

from gosock import _addr, _msg
from tests_py.support import gosock, native, open_fds

SIZEOF_INT = array.array("i").itemsize
MSG = b"Mary had a little lamb"


def message_outcome(fn, *args, **kwargs):
    """Like outcome(), with the exception's message."""
    try:
        return ("ok", fn(*args, **kwargs))
    except BaseException as e:  # noqa: BLE001 - comparing every outcome
        return (type(e).__name__, str(e))


def cross_pair(mod_a, mod_b, family=None, type=None):
    """A connected AF_UNIX pair: one end a mod_a socket, the other a mod_b
    socket, sharing the kernel's sockets."""
    a, b = native.socketpair(family or native.AF_UNIX, type or native.SOCK_STREAM)
    sa = mod_a.socket(fileno=a.detach())
    sb = mod_b.socket(fileno=b.detach())
    return sa, sb


class CmsgMacroTest(unittest.TestCase):
    def test_values_and_errors_match_native(self):
        values = list(range(300)) + [-1, -2**31, 2**31 - 16, 2**31 - 15, 2**31 - 25, 2**31 - 24,
                                     2**31, 2**63 - 1, 2**63, 1.0, "8", None, True]
        for v in values:
            for name in ("CMSG_LEN", "CMSG_SPACE"):
                with self.subTest(name=name, value=v):
                    self.assertEqual(message_outcome(getattr(gosock, name), v),
                                     message_outcome(getattr(native, name), v))

    def test_argument_counts(self):
        for name in ("CMSG_LEN", "CMSG_SPACE"):
            for args, kwargs in [((), {}), ((1, 2), {}), ((), {"length": 1})]:
                self.assertEqual(message_outcome(getattr(gosock, name), *args, **kwargs),
                                 message_outcome(getattr(native, name), *args, **kwargs))

    def test_exported(self):
        self.assertIn("CMSG_LEN", gosock.__all__)
        self.assertIn("CMSG_SPACE", gosock.__all__)


class ArgumentTest(unittest.TestCase):
    """Each bad call raises what the native module raises, message included."""

    def setUp(self):
        self.pairs = {}
        for mod in (gosock, native):
            a, b = mod.socketpair()
            self.addCleanup(a.close)
            self.addCleanup(b.close)
            self.pairs[mod] = (a, b)

    def compare(self, method, *args, **kwargs):
        got = {}
        for mod, (a, b) in self.pairs.items():
            sock = a if method.startswith("send") else b
            got[mod] = message_outcome(getattr(sock, method), *args, **kwargs)
        self.assertEqual(got[gosock], got[native], (method, args, kwargs))
        return got[gosock]

    def test_sendmsg(self):
        cases = [
            (), (b"not in an iterable",), (object(),), ([object()],), ([MSG, object()],),
            (["str"],), ([memoryview(b"abcdef")[::2]],), ([MSG], object()), ([MSG], [object()]),
            ([MSG], [(0, 0)]), ([MSG], [(0, 0, b"", 1)]), ([MSG], [(object(), 0, b"")]),
            ([MSG], [(0, object(), b"")]), ([MSG], [(0, 0, object())]), ([MSG], [(0, 0, "s")]),
            ([MSG], [(2**31, 0, b"")]), ([MSG], [0, 0, b""]), ([MSG], [(0, 0, b""), object()]),
            ([MSG], [], object()), ([MSG], [], 0, object()), ([MSG], None),
            ([MSG], [], 2**31), ([MSG], [], 0, "/nonexistent"),
        ]
        for args in cases:
            with self.subTest(args=args):
                self.compare("sendmsg", *args)
        with self.subTest("keywords"):
            self.compare("sendmsg", buffers=[MSG])

    def test_sendmsg_sends(self):
        for make in [lambda: ([MSG],), lambda: ((o for o in [MSG]),),
                     lambda: ([MSG], (o for o in [])), lambda: ([array.array("B", MSG)],),
                     lambda: ([MSG[:3], bytearray(MSG[3:])],),
                     lambda: ([memoryview(MSG)[2:], b""], [], 0, None),
                     lambda: ([MSG], [[0, 0, b""]])]:
            args = make()
            with self.subTest(args=args):
                for mod, (a, b) in self.pairs.items():
                    self.assertEqual(a.sendmsg(*make()), len(b"".join(bytes(x) for x in make()[0])))
                    self.assertEqual(b.recv(100), b"".join(bytes(x) for x in make()[0]))

    def test_argument_counts(self):
        self.compare("sendmsg", 1, 2, 3, 4, 5)
        self.compare("recvmsg", 1, 2, 3, 4)
        self.compare("recvmsg_into", 1, 2, 3, 4)
        # CPython words these two ways depending on how the method is
        # called ("socket.recvmsg()" or "recvmsg()"): the type must match.
        for mod, (a, b) in self.pairs.items():
            self.assertRaisesRegex(TypeError, "recvmsg[(][)] takes no keyword", b.recvmsg, bufsize=1)
            self.assertRaisesRegex(TypeError, "recvmsg_into[(][)] takes no keyword",
                                   b.recvmsg_into, buffers=[])

    def test_recvmsg(self):
        for args in [(), (-1,), (1, -1), (1, 2**31), (1, 2**63), (1.0,), (1, 1.0), (1, 0, 2**31),
                     (object(), 0, 0), ([bytearray(10)], 0, 0), (1, object(), 0),
                     (1, 0, object())]:
            with self.subTest(args=args):
                self.compare("recvmsg", *args)

    def test_recvmsg_into(self):
        buf = bytearray(len(MSG))
        for args in [(), (len(MSG), 0, 0), (buf, 0, 0), ([object()], 0, 0),
                     ([b"I'm not writable"], 0, 0), ([buf, object()], 0, 0), ([buf], -1, 0),
                     ([buf], object(), 0), ([buf], 0, object()), (b"x",),
                     ([memoryview(bytearray(6))[::2]],), (5,)]:
            with self.subTest(args=args):
                self.compare("recvmsg_into", *args)

    def test_closed_socket(self):
        for mod, (a, b) in self.pairs.items():
            a.close()
            b.close()
        self.compare("sendmsg", [MSG])
        self.compare("recvmsg", 10)
        self.compare("recvmsg_into", [bytearray(3)])

    def test_sendmsg_afalg_family(self):
        self.compare("sendmsg_afalg", op=1)
        self.compare("sendmsg_afalg")


class SCMRightsTest(unittest.TestCase):
    def pipes(self, n):
        fds = []
        for _ in range(n):
            r, w = os.pipe()
            self.addCleanup(os.close, r)
            self.addCleanup(os.close, w)
            fds.append((r, w))
        return fds

    def check_fds_work(self, got, pipes):
        self.assertEqual(len(got), len(pipes))
        for i, ((r, _w), fd) in enumerate(zip(pipes, got)):
            os.write(fd, b"%d" % i)
            self.assertEqual(os.read(r, 10), b"%d" % i)
            os.close(fd)

    def test_pass_and_receive(self):
        a, b = gosock.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        pipes = self.pipes(3)
        sent = a.sendmsg([MSG[:4], MSG[4:]],
                         [(gosock.SOL_SOCKET, gosock.SCM_RIGHTS, array.array("i", [w for _r, w in pipes]))])
        self.assertEqual(sent, len(MSG))
        msg, ancdata, flags, addr = b.recvmsg(100, gosock.CMSG_SPACE(3 * SIZEOF_INT))
        self.assertEqual(msg, MSG)
        self.assertEqual(flags & gosock.MSG_CTRUNC, 0)
        self.assertEqual(len(ancdata), 1)
        level, typ, data = ancdata[0]
        self.assertEqual((level, typ), (gosock.SOL_SOCKET, gosock.SCM_RIGHTS))
        self.assertIsInstance(data, bytes)
        self.check_fds_work(array.array("i", data), pipes)

    def test_truncation_matches_native(self):
        """For every ancillary buffer size, gosock's recvmsg and
        recvmsg_into report what the native module reports for the same
        message on the same kernel."""
        pipes = self.pipes(2)
        fds = array.array("i", [w for _r, w in pipes])
        before = open_fds()

        def receive(mod, size, into):
            snd, rcv = cross_pair(gosock, mod)
            with snd, rcv:
                snd.sendmsg([MSG], [(gosock.SOL_SOCKET, gosock.SCM_RIGHTS, fds)])
                with warnings.catch_warnings(record=True) as w:
                    warnings.simplefilter("always")
                    if into:
                        buf = bytearray(len(MSG))
                        n, anc, flags, addr = rcv.recvmsg_into([buf], size)
                        msg = bytes(buf[:n])
                    else:
                        msg, anc, flags, addr = rcv.recvmsg(len(MSG), size)
                for _level, _type, data in anc:
                    for fd in array.array("i", data[:len(data) - len(data) % SIZEOF_INT]):
                        os.close(fd)
                return msg, [(lv, ty, len(d)) for lv, ty, d in anc], flags, addr, \
                    [str(x.message) for x in w]

        for size in list(range(0, 2 * gosock.CMSG_SPACE(2 * SIZEOF_INT))) + [10240]:
            for into in (False, True):
                with self.subTest(size=size, into=into):
                    self.assertEqual(receive(gosock, size, into), receive(native, size, into))
        self.assertEqual(open_fds(), before, "every received descriptor was closed")

    def test_send_fds_recv_fds(self):
        a, b = gosock.socketpair(gosock.AF_UNIX, gosock.SOCK_STREAM)
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        pipes = self.pipes(10)
        self.assertEqual(gosock.send_fds(a, [MSG], [r for r, _w in pipes]), len(MSG))
        msg, fds, flags, addr = gosock.recv_fds(b, len(MSG) * 2, 20)
        self.assertEqual((msg, flags), (MSG, 0))
        self.assertEqual(len(fds), 10)
        for i, ((_r, w), fd) in enumerate(zip(pipes, fds)):
            os.write(w, b"%d" % i)
            self.assertEqual(os.read(fd, 10), b"%d" % i)
            os.close(fd)

    def test_interop_with_native(self):
        pipes = self.pipes(1)
        for snd_mod, rcv_mod in ((gosock, native), (native, gosock)):
            with self.subTest(sender=snd_mod.__name__):
                snd, rcv = cross_pair(snd_mod, rcv_mod)
                with snd, rcv:
                    snd_mod.send_fds(snd, [MSG], [pipes[0][1]])
                    msg, fds, _flags, _addr = rcv_mod.recv_fds(rcv, 100, 1)
                    self.assertEqual(msg, MSG)
                    self.check_fds_work(fds, pipes)


class CredentialsTest(unittest.TestCase):
    def test_scm_credentials_match_native(self):
        cred = struct.pack("iII", os.getpid(), os.getuid(), os.getgid())
        results = []
        for mod in (gosock, native):
            with self.subTest(receiver=mod.__name__):
                a, b = cross_pair(gosock, mod, type=native.SOCK_DGRAM)
                with a, b:
                    b.setsockopt(mod.SOL_SOCKET, mod.SO_PASSCRED, 1)
                    a.sendmsg([MSG], [(gosock.SOL_SOCKET, gosock.SCM_CREDENTIALS, cred)])
                    results.append(b.recvmsg(100, mod.CMSG_SPACE(len(cred))))
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[0][1], [(gosock.SOL_SOCKET, gosock.SCM_CREDENTIALS, cred)])


class NoDescriptorLostTest(unittest.TestCase):
    """A failure after recvmsg returned closes what arrived with SCM_RIGHTS."""

    def setUp(self):
        self.a, self.b = gosock.socketpair()
        self.addCleanup(self.a.close)
        self.addCleanup(self.b.close)
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        self.a.sendmsg([MSG], [(gosock.SOL_SOCKET, gosock.SCM_RIGHTS, array.array("i", [r, w]))])
        self.before = open_fds()

    def patch(self, module, name, value):
        old = getattr(module, name)
        setattr(module, name, value)
        self.addCleanup(setattr, module, name, old)

    def test_exception_after_the_call(self):
        real = _msg._ancdata

        def interrupted(*args):
            real(*args)  # the ancillary data was read, then a signal handler raised
            raise KeyboardInterrupt
        self.patch(_msg, "_ancdata", interrupted)
        self.assertRaises(KeyboardInterrupt, self.b.recvmsg, 100, 1024)
        self.assertEqual(open_fds(), self.before, "the two descriptors that arrived were closed")

    def test_exception_converting_the_address(self):
        a, b = gosock.socketpair(gosock.AF_UNIX, gosock.SOCK_DGRAM)
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        a.bind(b"\0gosock-test-msg-%d" % os.getpid())  # so that recvmsg reports an address
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        a.sendmsg([MSG], [(gosock.SOL_SOCKET, gosock.SCM_RIGHTS, array.array("i", [r, w]))])
        before = open_fds()
        calls = []

        def interrupted(*args):
            calls.append(args)
            raise KeyboardInterrupt
        self.patch(_addr, "from_c", interrupted)
        self.assertRaises(KeyboardInterrupt, b.recvmsg, 100, 1024)
        self.assertTrue(calls, "the sender's address was converted")
        self.assertEqual(open_fds(), before)

    def test_truncation_warning_as_error(self):
        # A kernel reporting an item longer than the control buffer holds:
        # cmsg_len is made to claim a third descriptor after the call.
        real = _msg._recvmsg

        def lying_recvmsg(fd, family, iov, niov, control, clen, flags, deadline, info):
            r = real(fd, family, iov, niov, control, clen, flags, deadline, info)
            if r >= 0:
                control[0:1] = bytes([gosock.CMSG_LEN(3 * SIZEOF_INT)])
            return r
        self.patch(_msg, "_recvmsg", lying_recvmsg)
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            with self.assertRaisesRegex(RuntimeWarning, "improperly-truncated ancillary data"):
                self.b.recvmsg(100, gosock.CMSG_LEN(2 * SIZEOF_INT))
        self.assertEqual(open_fds(), self.before, "both descriptors were closed")

    def test_truncation_warning(self):
        real = _msg._recvmsg

        def lying_recvmsg(fd, family, iov, niov, control, clen, flags, deadline, info):
            r = real(fd, family, iov, niov, control, clen, flags, deadline, info)
            if r >= 0:
                control[0:1] = bytes([gosock.CMSG_LEN(3 * SIZEOF_INT)])
            return r
        self.patch(_msg, "_recvmsg", lying_recvmsg)
        with self.assertWarnsRegex(RuntimeWarning, "malformed or improperly-truncated") as cm:
            msg, anc, flags, addr = self.b.recvmsg(100, gosock.CMSG_LEN(2 * SIZEOF_INT))
        self.assertEqual(cm.filename, __file__, "attributed to recvmsg's caller")
        self.assertEqual(len(anc), 1)
        self.assertEqual(len(anc[0][2]), 2 * SIZEOF_INT, "the data that is there")
        for fd in array.array("i", anc[0][2]):
            os.close(fd)


class DatagramTest(unittest.TestCase):
    def setUp(self):
        self.serv = gosock.socket(gosock.AF_INET6, gosock.SOCK_DGRAM)
        self.cli = gosock.socket(gosock.AF_INET6, gosock.SOCK_DGRAM)
        self.addCleanup(self.serv.close)
        self.addCleanup(self.cli.close)
        self.serv.bind(("::1", 0))
        self.cli.bind(("::1", 0))
        self.addr = self.serv.getsockname()

    def test_address_trunc_and_scatter(self):
        self.assertRaises(OSError, self.cli.sendmsg, [MSG])
        self.assertEqual(self.cli.sendmsg([MSG], [], 0, self.addr), len(MSG))
        msg, anc, flags, addr = self.serv.recvmsg(len(MSG) - 3)
        self.assertEqual(msg, MSG[:-3])
        self.assertEqual(anc, [])
        self.assertTrue(flags & gosock.MSG_TRUNC)
        self.assertEqual(addr, self.cli.getsockname())
        self.cli.sendmsg([MSG], [], 0, self.addr)
        b1, b2, b3 = bytearray(b"----"), bytearray(b"0123456789"), bytearray(b"--------------")
        n, anc, flags, addr = self.serv.recvmsg_into([b1, memoryview(b2)[2:9], b3])
        self.assertEqual(n, len(MSG))
        self.assertEqual((b1, b2, b3), (b"Mary", b"01 had a 9", b"little lamb---"))
        self.assertEqual(flags & gosock.MSG_TRUNC, 0)

    def test_hop_limit_and_traffic_class(self):
        self.serv.setsockopt(gosock.IPPROTO_IPV6, gosock.IPV6_RECVHOPLIMIT, 1)
        self.serv.setsockopt(gosock.IPPROTO_IPV6, gosock.IPV6_RECVTCLASS, 1)
        self.cli.sendmsg([MSG], [(gosock.IPPROTO_IPV6, gosock.IPV6_TCLASS, array.array("i", [-1])),
                                 (gosock.IPPROTO_IPV6, gosock.IPV6_HOPLIMIT, array.array("i", [2]))],
                         0, self.addr)
        msg, anc, flags, addr = self.serv.recvmsg(100, gosock.CMSG_SPACE(SIZEOF_INT) * 2)
        self.assertEqual(msg, MSG)
        self.assertEqual(flags & gosock.MSG_CTRUNC, 0)
        items = {(lv, ty): array.array("i", d)[0] for lv, ty, d in anc}
        self.assertEqual(items[(gosock.IPPROTO_IPV6, gosock.IPV6_HOPLIMIT)], 2)
        self.assertIn((gosock.IPPROTO_IPV6, gosock.IPV6_TCLASS), items)

    def test_pktinfo_matches_native(self):
        for mod in (gosock, native):
            with self.subTest(mod=mod.__name__):
                s = mod.socket(fileno=os.dup(self.serv.fileno()))
                with s:
                    s.setsockopt(mod.IPPROTO_IPV6, mod.IPV6_RECVPKTINFO, 1)
                    self.cli.sendto(MSG, self.addr)
                    msg, anc, flags, addr = s.recvmsg(100, 1024)
                    self.assertEqual(msg, MSG)
                    self.assertEqual(len(anc), 1)
                    level, typ, data = anc[0]
                    self.assertEqual((level, typ), (mod.IPPROTO_IPV6, mod.IPV6_PKTINFO))
                    self.assertEqual(data[:16], b"\0" * 15 + b"\1")
                    s.setsockopt(mod.IPPROTO_IPV6, mod.IPV6_RECVPKTINFO, 0)


class TimeoutAndSignalTest(unittest.TestCase):
    def setUp(self):
        self.a, self.b = gosock.socketpair()
        self.addCleanup(self.a.close)
        self.addCleanup(self.b.close)

    def test_timeout(self):
        self.b.settimeout(0.05)
        t0 = time.monotonic()
        self.assertRaises(TimeoutError, self.b.recvmsg, 10)
        self.assertRaises(TimeoutError, self.b.recvmsg_into, [bytearray(10)])
        self.assertGreaterEqual(time.monotonic() - t0, 0.09)
        self.b.setblocking(False)
        self.assertRaises(BlockingIOError, self.b.recvmsg, 10)
        self.a.settimeout(0.03)
        with self.assertRaises(TimeoutError):
            while True:
                self.a.sendmsg([b"a" * 512])

    def test_dontwait(self):
        with self.assertRaises(OSError) as cm:
            while True:
                self.a.sendmsg([b"a" * 512], [], gosock.MSG_DONTWAIT)
        self.assertEqual(cm.exception.errno, errno.EAGAIN)

    @unittest.skipUnless(hasattr(signal, "setitimer"), "needs setitimer")
    def test_signal_handler_runs_and_call_resumes(self):
        """EINTR goes to Python, which runs the handler and resumes with the
        time that is left (PEP 475)."""
        calls = []
        old = signal.signal(signal.SIGALRM, lambda *a: calls.append(1))
        self.addCleanup(signal.signal, signal.SIGALRM, old)
        self.b.settimeout(5)
        timer = threading.Timer(0.3, self.a.sendmsg, [[MSG]])
        timer.start()
        self.addCleanup(timer.join)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        msg, anc, flags, addr = self.b.recvmsg(100)
        self.assertEqual(msg, MSG)
        self.assertEqual(calls, [1])

    @unittest.skipUnless(hasattr(signal, "setitimer"), "needs setitimer")
    def test_raising_handler_interrupts(self):
        def boom(*args):
            raise ZeroDivisionError
        old = signal.signal(signal.SIGALRM, boom)
        self.addCleanup(signal.signal, signal.SIGALRM, old)
        self.b.settimeout(5)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        t0 = time.monotonic()
        self.assertRaises(ZeroDivisionError, self.b.recvmsg, 100)
        self.assertLess(time.monotonic() - t0, 2)


def drain(sock, total, into=None):
    """A thread reading up to total bytes from sock until end of file (into
    the bytearray into, or counting them when it is None); .result is the
    count it read."""
    def run():
        view = memoryview(into) if into is not None else memoryview(bytearray(1 << 16))
        got = 0
        while got < total:
            n = sock.recv_into(view[got:] if into is not None else view)
            if not n:
                break
            got += n
        view.release()
        t.result = got
    t = threading.Thread(target=run, daemon=True)
    t.result = None
    t.start()
    return t


def rest_of(parts, sent):
    """The buffers of parts after their first sent bytes, as views."""
    rest = []
    for p in parts:
        v = memoryview(p).cast("B") if memoryview(p).nbytes else memoryview(b"")
        if sent >= len(v):
            sent -= len(v)
            continue
        rest.append(v[sent:])
        sent = 0
    return rest


class LargeBuffersTest(unittest.TestCase):
    """sendmsg(), sendmsg_afalg() and send_fds() with several large buffers
    of every kind deliver exactly the bytes the native module delivers, and
    read them where they are: no copy of the data, which would grow with
    its size. (One sendmsg(2) may send less than everything, on a blocking
    stream socket too if a signal arrives: what follows is then sent with
    more calls, and what arrives must be the same.)"""

    @classmethod
    def setUpClass(cls):
        cls.block = os.urandom(1 << 20)

    def parts(self, stack):
        """Large buffers of every kind sendmsg() takes (about 9 MiB)."""
        import mmap
        import tempfile
        block = self.block
        big = block * 3
        f = stack.enter_context(tempfile.TemporaryFile())
        f.write(block[::-1])
        f.flush()
        mm = mmap.mmap(f.fileno(), len(block), access=mmap.ACCESS_READ)
        stack.callback(mm.close)
        views = [
            big,                                                 # bytes
            bytearray(block * 2),                                # bytearray
            memoryview(big)[12345:12345 + (2 << 20)],            # read-only view into bytes
            memoryview(bytearray(block)).toreadonly(),           # read-only view, writable base
            array.array("i", block[:1 << 19]),                   # typed buffer
            memoryview(bytearray(block)).cast("B", (1024, 1024)),  # two-dimensional
            memoryview(mm),                                      # read-only mmap
            b"",
            memoryview(b"tail"),
        ]
        for v in views:
            if isinstance(v, memoryview):
                stack.callback(v.release)
        return views

    @staticmethod
    def joined(parts):
        return b"".join(memoryview(p).tobytes() for p in parts)

    def send_and_receive(self, mod, send, parts, timeout=None, family=None):
        """send(sock, parts) on one end of a stream pair of mod, then
        sendmsg() of what it left; (send's result, what the other end
        received)."""
        total = len(self.joined(parts))
        a, b = mod.socketpair()
        with a, b:
            if family is not None:
                a = mod.socket(family, mod.SOCK_STREAM, 0, fileno=a.detach())
            with a:
                a.settimeout(timeout)
                got = bytearray(total)
                t = drain(b, total, got)
                try:
                    first = sent = send(a, parts)
                    self.assertGreater(first, 0)
                    while sent < total:
                        n = a.sendmsg(rest_of(parts, sent))
                        self.assertGreater(n, 0)
                        sent += n
                finally:
                    a.shutdown(mod.SHUT_WR)
                    t.join(60)
                self.assertFalse(t.is_alive())
                self.assertEqual(t.result, total)
                return first, bytes(got)

    def test_sendmsg_large_buffers_same_as_native(self):
        import contextlib
        with contextlib.ExitStack() as stack:
            parts = self.parts(stack)
            expected = self.joined(parts)
            for timeout in (None, 30.0):
                for mod in (native, gosock):
                    with self.subTest(timeout=timeout, module=mod.__name__):
                        _, got = self.send_and_receive(mod, lambda s, p: s.sendmsg(p), parts,
                                                       timeout)
                        self.assertTrue(got == expected)

    def test_sendmsg_datagram_same_as_native(self):
        """One datagram gathered from buffers of every kind arrives whole."""
        block = self.block[:20000]
        parts = [block, bytearray(block), memoryview(block)[3:],
                 memoryview(bytearray(block)).toreadonly(), array.array("h", block), b"",
                 memoryview(bytearray(block)).cast("B", (100, 200))]
        expected = self.joined(parts)
        got = {}
        for mod in (native, gosock):
            a, b = mod.socketpair(mod.AF_UNIX, mod.SOCK_DGRAM)
            with a, b:
                a.setsockopt(mod.SOL_SOCKET, mod.SO_SNDBUF, 1 << 20)
                got[mod] = (a.sendmsg(parts), b.recv(len(expected) + 1))
        self.assertEqual(got[gosock], got[native])
        self.assertEqual(got[gosock], (len(expected), expected))

    def test_send_fds_large_buffers_same_as_native(self):
        block = self.block
        parts = [memoryview(block * 2)[1:], bytearray(block), memoryview(block).toreadonly()]
        expected = self.joined(parts)
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        for mod in (native, gosock):
            with self.subTest(module=mod.__name__):
                a, b = mod.socketpair()
                with a, b:
                    fds = []

                    def receive():
                        msg, got_fds, _flags, _addr = mod.recv_fds(b, 1 << 16, 1)
                        fds.extend(got_fds)
                        data = bytearray(msg)
                        while True:
                            chunk = b.recv(1 << 20)
                            if not chunk:
                                break
                            data += chunk
                        t.result = bytes(data)
                    t = threading.Thread(target=receive, daemon=True)
                    t.start()
                    try:
                        sent = mod.send_fds(a, parts, [w])
                        self.assertGreater(sent, 0)
                        while sent < len(expected):
                            sent += a.sendmsg(rest_of(parts, sent))
                    finally:
                        a.shutdown(mod.SHUT_WR)
                        t.join(60)
                    for fd in fds:
                        os.close(fd)
                    self.assertEqual(len(fds), 1)
                    self.assertTrue(t.result == expected)

    def test_sendmsg_afalg_large_buffers_same_as_native(self):
        """On a socket object that says AF_ALG over a stream pair (the kernel
        need not have AF_ALG: a Unix socket ignores SOL_ALG items), the
        data buffers arrive as they are."""
        block = self.block
        parts = [block, bytearray(block), memoryview(block * 2)[5:], memoryview(block).toreadonly()]
        expected = self.joined(parts)
        iv = memoryview(block)[:16]
        for mod in (native, gosock):
            with self.subTest(module=mod.__name__):
                _, got = self.send_and_receive(
                    mod, lambda s, p: s.sendmsg_afalg(p, op=0, iv=iv, assoclen=16), parts,
                    family=mod.AF_ALG)
                self.assertTrue(got == expected)

    def test_buffers_released_after_the_call(self):
        """Large read-only views (read in place) and writable buffers are
        exported for the call only: afterwards a bytearray can be resized
        again, whether the call succeeded or failed."""
        for mod in (native, gosock):
            for peer_closed in (False, True):
                with self.subTest(module=mod.__name__, peer_closed=peer_closed):
                    ba = bytearray(self.block[:1 << 16])
                    anc = bytearray(4)
                    a, b = mod.socketpair()
                    with a, b:
                        if peer_closed:
                            b.close()
                        view = memoryview(ba).toreadonly()
                        calls = [
                            lambda: a.sendmsg([memoryview(ba).toreadonly()]),
                            lambda: a.sendmsg([memoryview(ba)[1:].toreadonly(), ba],
                                              [(mod.SOL_SOCKET, mod.SCM_RIGHTS, anc)]),
                            # socket.py's send_fds keeps its arguments in
                            # its frame: a view of the caller's, released here.
                            lambda: mod.send_fds(a, [view], [0]),
                        ]
                        for call in calls:
                            try:
                                self.assertGreater(call(), 0)
                                if not peer_closed:
                                    b.recv(1 << 20)
                            except OSError as e:
                                self.assertTrue(peer_closed)
                                err = e  # kept with its traceback
                            view.release()
                            ba.append(1)  # BufferError if still exported
                            anc.append(1)
                            del ba[-1], anc[-1]
                            view = memoryview(ba).toreadonly()
                        view.release()
                        err = None

    def test_sendmsg_does_not_copy_the_data(self):
        """The kernel reads every buffer in place, read-only views included:
        8 MiB in several buffers take no memory of their size (measured with
        tracemalloc, which sees every copy Python makes)."""
        import tracemalloc
        big = self.block * 8
        calls = {
            "read-only views": lambda s: s.sendmsg([memoryview(big)[i << 21:(i + 1) << 21]
                                                    for i in range(4)]),
            "read-only views and ancillary data": lambda s: s.sendmsg(
                [memoryview(big)[:5 << 20], memoryview(big)[5 << 20:]],
                [(gosock.SOL_SOCKET, gosock.SCM_RIGHTS, array.array("i", [0]))]),
            "mixed": lambda s: s.sendmsg([big[:1], memoryview(big)[1:3 << 20], bytearray(0),
                                          memoryview(big)[3 << 20:].toreadonly()]),
            "sendmsg_afalg": lambda s: s.sendmsg_afalg(
                [memoryview(big)[:4 << 20], memoryview(big)[4 << 20:]], op=0,
                iv=memoryview(big)[:16]),
        }
        for name, call in calls.items():
            with self.subTest(call=name):
                a, b = gosock.socketpair()
                with a, b:
                    if name == "sendmsg_afalg":
                        a = gosock.socket(gosock.AF_ALG, gosock.SOCK_STREAM, 0, fileno=a.detach())
                    with a:
                        t = drain(b, len(big))
                        tracemalloc.start()
                        try:
                            n = call(a)
                            _, peak = tracemalloc.get_traced_memory()
                        finally:
                            tracemalloc.stop()
                            a.shutdown(gosock.SHUT_WR)
                            t.join(60)
                self.assertGreater(n, 0)
                self.assertEqual(t.result, n)
                self.assertLess(peak, 1 << 20, "sendmsg copied the data")


class NativeModuleUntouchedTest(unittest.TestCase):
    def test_gosock_does_not_import_native(self):
        import gosock._msg as m
        self.assertNotIn("_socket", vars(m))
        self.assertIsNot(gosock.socket, _native_mod.socket)


if __name__ == "__main__":
    unittest.main()
