"""The socket object: creation, modes, timeouts, close/detach/dup, repr."""
import errno
import os
import pickle
import threading
import unittest
import warnings

from tests_py.support import gosock, native, open_fds


class CreationTest(unittest.TestCase):
    def test_defaults(self):
        with gosock.socket() as s:
            self.assertIs(s.family, gosock.AF_INET)
            self.assertIs(s.type, gosock.SOCK_STREAM)
            self.assertEqual(s.proto, 0)
            self.assertIsNone(s.gettimeout())
            self.assertTrue(s.getblocking())
            self.assertFalse(s.get_inheritable())
            self.assertIsInstance(s.family, gosock.AddressFamily)

    def test_nonblock_flag_masked(self):
        with gosock.socket(gosock.AF_INET, gosock.SOCK_STREAM | gosock.SOCK_NONBLOCK) as s:
            self.assertEqual(s.type, gosock.SOCK_STREAM)
            self.assertEqual(s.gettimeout(), 0.0)
            self.assertFalse(s.getblocking())

    def test_fileno_detects_family_type_proto(self):
        with gosock.socket(gosock.AF_INET6, gosock.SOCK_DGRAM) as s:
            with gosock.socket(fileno=os.dup(s.fileno())) as t:
                self.assertEqual(t.family, gosock.AF_INET6)
                self.assertEqual(t.type, gosock.SOCK_DGRAM)
                self.assertEqual(t.proto, gosock.IPPROTO_UDP)

    def test_bad_fileno(self):
        self.assertRaises(ValueError, gosock.socket, fileno=-1)
        with self.assertRaises(OSError) as cm:
            gosock.socket(fileno=987654)
        self.assertEqual(cm.exception.errno, errno.EBADF)
        r, w = os.pipe()
        try:
            with self.assertRaises(OSError) as cm:
                gosock.socket(fileno=r)
            self.assertEqual(cm.exception.errno, errno.ENOTSOCK)
        finally:
            os.close(r)
            os.close(w)

    def test_bad_family_is_oserror(self):
        with self.assertRaises(OSError) as cm:
            gosock.socket(12345, gosock.SOCK_STREAM)
        self.assertEqual(cm.exception.errno, errno.EAFNOSUPPORT)

    def test_wrong_argument_types_match_native(self):
        for args in [("x",), (2.0,), (gosock.AF_INET, "x"), (2**40,)]:
            with self.subTest(args=args):
                with self.assertRaises(Exception) as n:
                    native.socket(*args)
                with self.assertRaises(Exception) as g:
                    gosock.socket(*args)
                self.assertIs(type(g.exception), type(n.exception))

    def test_default_timeout(self):
        self.assertIsNone(gosock.getdefaulttimeout())
        gosock.setdefaulttimeout(1.5)
        try:
            self.assertEqual(gosock.getdefaulttimeout(), 1.5)
            with gosock.socket() as s:
                self.assertEqual(s.gettimeout(), 1.5)
        finally:
            gosock.setdefaulttimeout(None)
        self.assertRaises(ValueError, gosock.setdefaulttimeout, -1)

    def test_repr(self):
        s = gosock.socket()
        r = repr(s)
        self.assertIn("fd=%d" % s.fileno(), r)
        self.assertIn("family=%d" % gosock.AF_INET, r)
        s.bind(("127.0.0.1", 0))
        self.assertIn("laddr=%s" % (s.getsockname(),), repr(s))
        s.close()
        self.assertIn("[closed]", repr(s))
        self.assertIn("fd=-1", repr(s))

    def test_not_picklable(self):
        with gosock.socket() as s:
            self.assertRaises(TypeError, pickle.dumps, s)

    def test_subclass(self):
        class Mine(gosock.socket):
            pass
        with Mine() as s:
            self.assertIsInstance(s, gosock.socket)
            t = s.dup()
            self.assertIsInstance(t, Mine)
            t.close()

    def test_resource_warning_and_no_leak(self):
        before = open_fds()
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            s = gosock.socket()
            del s
        self.assertTrue(any(issubclass(x.category, ResourceWarning) for x in w))
        self.assertEqual(open_fds(), before)


class TimeoutTest(unittest.TestCase):
    def test_settimeout_values(self):
        with gosock.socket() as s:
            s.settimeout(0.1)
            self.assertEqual(s.gettimeout(), 0.1)
            self.assertEqual(s.timeout, 0.1)
            s.settimeout(3)
            self.assertEqual(s.gettimeout(), 3.0)
            s.setblocking(False)
            self.assertEqual(s.gettimeout(), 0.0)
            s.setblocking(True)
            self.assertIsNone(s.gettimeout())
            for bad, exc in [(-1, ValueError), (float("nan"), ValueError),
                             ("1", TypeError), (2**64, OverflowError), (1e300, OverflowError)]:
                with self.subTest(bad=bad):
                    self.assertRaises(exc, s.settimeout, bad)
                    with native.socket() as n:
                        self.assertRaises(exc, n.settimeout, bad)

    def test_timeouts_raise_timeouterror(self):
        a, b = gosock.socketpair()
        with a, b:
            a.settimeout(0.05)
            with self.assertRaises(gosock.timeout) as cm:
                a.recv(1)
            self.assertIs(type(cm.exception), TimeoutError)
            self.assertEqual(cm.exception.args, ("timed out",))

    def test_nonblocking_raises_blockingioerror(self):
        a, b = gosock.socketpair()
        with a, b:
            a.setblocking(False)
            self.assertRaises(BlockingIOError, a.recv, 1)

    def test_accepted_socket_timeout_rule(self):
        with gosock.create_server(("127.0.0.1", 0)) as l:
            l.settimeout(5)
            with gosock.create_connection(l.getsockname()):
                c, _ = l.accept()
                with c:
                    self.assertIsNone(c.gettimeout())
            gosock.setdefaulttimeout(2)
            try:
                with gosock.create_connection(l.getsockname()):
                    c, _ = l.accept()
                    with c:
                        self.assertEqual(c.gettimeout(), 2.0)
            finally:
                gosock.setdefaulttimeout(None)


class LifetimeTest(unittest.TestCase):
    def test_close_twice_and_closed_ops(self):
        s = gosock.socket()
        s.close()
        s.close()
        self.assertEqual(s.fileno(), -1)
        with self.assertRaises(OSError) as cm:
            s.recv(1)
        self.assertEqual(cm.exception.errno, errno.EBADF)

    def test_detach(self):
        s = gosock.socket()
        fd = s.detach()
        self.assertEqual(s.fileno(), -1)
        t = gosock.socket(fileno=fd)
        t.close()

    def test_dup_keeps_timeout(self):
        with gosock.socket() as s:
            s.settimeout(2.5)
            with s.dup() as d:
                self.assertNotEqual(d.fileno(), s.fileno())
                self.assertEqual(d.gettimeout(), 2.5)
                self.assertFalse(d.get_inheritable())

    def test_inheritable(self):
        with gosock.socket() as s:
            s.set_inheritable(True)
            self.assertTrue(s.get_inheritable())
            self.assertTrue(os.get_inheritable(s.fileno()))
            s.set_inheritable(False)
            self.assertFalse(os.get_inheritable(s.fileno()))

    def test_close_while_makefile_open(self):
        a, b = gosock.socketpair()
        f = a.makefile("rb")
        a.close()
        self.assertNotEqual(a.fileno(), -1, "the file keeps the descriptor alive")
        b.sendall(b"x\n")
        self.assertEqual(f.readline(), b"x\n")
        f.close()
        self.assertEqual(a.fileno(), -1)
        b.close()

    def test_close_from_other_thread_unblocks_shutdown(self):
        a, b = gosock.socketpair()
        got = []
        t = threading.Thread(target=lambda: got.append(a.recv(10)))
        t.start()
        a.shutdown(gosock.SHUT_RDWR)
        t.join(5)
        self.assertFalse(t.is_alive())
        self.assertEqual(got, [b""])
        a.close()
        b.close()


if __name__ == "__main__":
    unittest.main()
