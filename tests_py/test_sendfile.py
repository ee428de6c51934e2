"""socket.sendfile(): the sendfile(2) path, the send() fallback and the
_GiveupOnSendfile cases, compared with the native module."""
import io
import os
import tempfile
import threading
import unittest

from tests_py.support import gosock, native

DATA = os.urandom(1 << 20) + b"tail"


class File:
    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd


class SendfileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        fd, cls.path = tempfile.mkstemp()
        os.write(fd, DATA)
        os.close(fd)
        fd, cls.empty = tempfile.mkstemp()
        os.close(fd)

    @classmethod
    def tearDownClass(cls):
        os.unlink(cls.path)
        os.unlink(cls.empty)

    def transfer(self, mod, method, path=None, timeout=None, **kwargs):
        """Send the file with mod's socket and method; returns (result, bytes
        received, file position afterwards)."""
        srv = mod.create_server(("127.0.0.1", 0))
        with srv, open(path or self.path, "rb") as f:
            got = []

            def reader():
                conn, _ = srv.accept()
                with conn:
                    chunks = []
                    while True:
                        b = conn.recv(1 << 16)
                        if not b:
                            break
                        chunks.append(b)
                    got.append(b"".join(chunks))
            t = threading.Thread(target=reader)
            t.start()
            try:
                with mod.create_connection(srv.getsockname(), timeout=timeout) as c:
                    result = getattr(c, method)(f, **kwargs)
            finally:
                t.join(30)
            return result, got[0], f.tell()

    def test_matches_native(self):
        for method in ("sendfile", "_sendfile_use_sendfile", "_sendfile_use_send"):
            for kwargs in ({}, {"offset": 5000}, {"count": 100007}, {"offset": 2007, "count": 100007},
                           {"count": 1}, {"offset": len(DATA) - 3, "count": 10},
                           {"offset": len(DATA) + 10}):
                for timeout in (None, 10):
                    with self.subTest(method=method, timeout=timeout, **kwargs):
                        mine = self.transfer(gosock, method, timeout=timeout, **kwargs)
                        theirs = self.transfer(native, method, timeout=timeout, **kwargs)
                        self.assertEqual(mine[0], theirs[0], "bytes sent")
                        self.assertTrue(mine[1] == theirs[1], "bytes received")
                        self.assertEqual(mine[2], theirs[2], "file position")
        whole = self.transfer(gosock, "sendfile")
        self.assertEqual(whole, (len(DATA), DATA, len(DATA)))

    def test_empty_file(self):
        self.assertEqual(self.transfer(gosock, "_sendfile_use_sendfile", self.empty), (0, b"", 0))

    def test_giveup_cases(self):
        with gosock.socket() as s:
            fd = os.open(os.curdir, os.O_RDONLY)
            os.close(fd)
            self.assertRaises(gosock._GiveupOnSendfile, s._sendfile_use_sendfile, File(fd))
            self.assertRaises(OverflowError, s._sendfile_use_sendfile, File(2**1000))
            self.assertRaises(TypeError, s._sendfile_use_sendfile, File(None))
            self.assertRaises(gosock._GiveupOnSendfile, s._sendfile_use_sendfile, io.BytesIO(b"x"))
            # A directory has a descriptor and a size, but sendfile(2) cannot read it.
            dfd = os.open(os.curdir, os.O_RDONLY)
            self.addCleanup(os.close, dfd)
            with self.assertRaises(gosock._GiveupOnSendfile) as cm:
                s._sendfile_use_sendfile(File(dfd))
            self.assertIsInstance(cm.exception.args[0], OSError)
        self.assertTrue(issubclass(gosock._GiveupOnSendfile, Exception))

    def test_fallback_for_non_regular_file(self):
        result = self.transfer(gosock, "sendfile", count=None)
        self.assertEqual(result[0], len(DATA))
        srv = gosock.create_server(("127.0.0.1", 0))
        with srv:
            c = gosock.create_connection(srv.getsockname())
            conn, _ = srv.accept()
            with c, conn:
                f = io.BytesIO(b"in memory")
                self.assertEqual(c.sendfile(f), 9)
                self.assertEqual(f.tell(), 9)
                c.shutdown(gosock.SHUT_WR)
                self.assertEqual(conn.recv(100), b"in memory")

    def test_parameter_errors_match_native(self):
        def errors(mod):
            out = []
            with open(self.path, "rb") as fb, open(self.path, encoding="utf-8") as ft:
                with mod.socket(type=mod.SOCK_DGRAM) as d, mod.socket() as s:
                    for sock, f, kwargs in [(d, fb, {}), (s, ft, {}), (s, fb, {"count": "2"}),
                                            (s, fb, {"count": 0.1}), (s, fb, {"count": 0}),
                                            (s, fb, {"count": -1})]:
                        for method in ("_sendfile_use_sendfile", "_sendfile_use_send", "sendfile"):
                            try:
                                getattr(sock, method)(f, **kwargs)
                                out.append("ok")
                            except Exception as e:  # noqa: BLE001
                                out.append((type(e).__name__, str(e)))
                    try:
                        s._check_sendfile_params(fb, 0, None)
                        out.append("ok")
                    except Exception as e:  # noqa: BLE001
                        out.append((type(e).__name__, str(e)))
            return out
        self.assertEqual(errors(gosock), errors(native))

    def test_non_blocking(self):
        srv = gosock.create_server(("127.0.0.1", 0))
        with srv, open(self.path, "rb") as f, open(self.empty, "rb") as empty:
            c = gosock.create_connection(srv.getsockname())
            with c:
                c.setblocking(False)
                for method in ("_sendfile_use_sendfile", "_sendfile_use_send", "sendfile"):
                    self.assertRaisesRegex(ValueError, "non-blocking", getattr(c, method), f)
                self.assertEqual(c._sendfile_use_sendfile(empty), 0, "empty before non-blocking")
                self.assertEqual(f.tell(), 0)

    def test_timeout_moves_file_position(self):
        srv = gosock.create_server(("127.0.0.1", 0))
        big = os.urandom(32 << 20)
        fd, path = tempfile.mkstemp()
        os.write(fd, big)
        os.close(fd)
        self.addCleanup(os.unlink, path)
        with srv, open(path, "rb") as f:
            c = gosock.create_connection(srv.getsockname())
            conn, _ = srv.accept()
            with c, conn:
                c.settimeout(0.05)
                self.assertRaises(TimeoutError, c._sendfile_use_sendfile, f)
                pos = f.tell()
                self.assertGreater(pos, 0, "what was sent moved the position")
                self.assertLess(pos, len(big))


if __name__ == "__main__":
    unittest.main()
