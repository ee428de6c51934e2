"""TLS over gosock sockets: ssl.SSLContext.wrap_socket, http.client, urllib.

Each scenario (tests_py/tls_scenarios.py) runs in a fresh interpreter twice:
with gosock installed as socket before ssl is imported, and with the native
module. The gosock run must observe what the native run observes, and the
values themselves are checked too.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

from tests_py.subproc import json_result, run_python

CERTS = None


def _openssl(*args, cwd):
    subprocess.run(("openssl",) + args, cwd=cwd, check=True, capture_output=True)


def make_certificates(d):
    """A CA, a server certificate for localhost/127.0.0.1, a client
    certificate, and an unrelated CA, made with the openssl command."""
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    for ca, cn in (("ca", "gosock test CA"), ("other-ca", "unrelated CA")):
        _openssl("req", "-x509", *ec, "-keyout", ca + ".key", "-out", ca + ".pem",
                 "-days", "3650", "-subj", "/CN=" + cn, cwd=d)
    exts = {
        "server": "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                  "extendedKeyUsage=serverAuth\n",
        "client": "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
    }
    for name, ext in exts.items():
        with open(os.path.join(d, name + ".ext"), "w") as f:
            f.write(ext)
        cn = "localhost" if name == "server" else "gosock client"
        _openssl("req", *ec, "-keyout", name + ".key", "-out", name + ".csr",
                 "-subj", "/CN=" + cn, cwd=d)
        _openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", name + ".pem", "-days", "3650",
                 "-extfile", name + ".ext", cwd=d)


def setUpModule():
    global CERTS
    if shutil.which("openssl") is None:
        raise RuntimeError("the openssl command is needed (make deps installs it)")
    CERTS = tempfile.mkdtemp(prefix="gosock-tls-")
    make_certificates(CERTS)


def tearDownModule():
    shutil.rmtree(CERTS, ignore_errors=True)


class TLSScenarioTest(unittest.TestCase):
    maxDiff = None

    def scenario(self, name):
        """(gosock result, native result) of one scenario."""
        args = ["-m", "tests_py.tls_scenarios", name, CERTS]
        g = json_result(run_python(args, install=True), self)
        n = json_result(run_python(args, install=False), self)
        self.assertEqual(g.pop("socket_module"), "gosock")
        self.assertEqual(n.pop("socket_module"), "socket")
        return g, n

    def assertSameAsNative(self, g, n, *, differ=()):
        for key in differ:
            g.pop(key, None)
            n.pop(key, None)
        self.assertEqual(g, n)

    def test_blocking(self):
        g, n = self.scenario("blocking")
        self.assertTrue(g["via_gosock"])
        self.assertTrue(g["server_via_gosock"])
        self.assertFalse(n["via_gosock"])
        self.assertEqual(g["sni"], "localhost")
        self.assertTrue(g["sni_owner_is_socket"])
        self.assertEqual(g["subject"], [[["commonName", "localhost"]]])
        self.assertEqual(g["san"], [["DNS", "localhost"], ["IP Address", "127.0.0.1"]])
        self.assertEqual(g["reply_line"], "LINE ONE\n")
        self.assertTrue(g["digest_ok"])
        self.assertEqual(g["server_got"], 300_000)
        self.assertEqual(g["plain"], "plain after tls")
        self.assertEqual(g["plain_eof"], "")
        self.assertEqual(g["server_eof"], "")
        self.assertTrue(g["unwrap_returns_self"])
        self.assertTrue(g["raw_detached"])
        self.assertEqual(g["timeout"], 10.0)
        self.assertSameAsNative(g, n, differ=("via_gosock", "server_via_gosock"))

    def test_timeouts(self):
        g, n = self.scenario("timeouts")
        self.assertEqual(g["handshake"][0], "TimeoutError")
        self.assertIn("handshake operation timed out", g["handshake"][1])
        self.assertIn("read operation timed out", g["read"][1])
        self.assertIn("write operation timed out", g["write"][1])
        self.assertTrue(g["handshake_waited"])
        self.assertTrue(g["read_waited"])
        self.assertTrue(g["handshake_closed"])
        # _ssl.c puts its own line number in front of the message.
        for key in ("handshake", "read", "read_after_settimeout", "write"):
            for r in (g, n):
                r[key] = [r[key][0], r[key][1].split(": ")[-1]]
        self.assertSameAsNative(g, n)

    def test_nonblocking(self):
        g, n = self.scenario("nonblocking")
        self.assertTrue(g["via_gosock"])
        self.assertEqual(g["handshake_on_connect"], "ValueError")
        self.assertEqual(g["handshake_wants"], ["SSLWantReadError"])
        self.assertEqual(g["first"], "z" * 10)
        self.assertEqual(g["pending"], 990)
        self.assertEqual(g["rest"], 990)
        self.assertEqual(g["empty_read"], ["SSLWantReadError", 2])
        self.assertTrue(g["write_wanted"])
        self.assertTrue(g["digest_ok"])
        self.assertEqual(g["server_got"], 4 << 20)
        self.assertTrue(g["unwrap_wanted"])
        self.assertEqual(g["server_eof"], "")
        self.assertEqual(g["plain"], "plain again")
        self.assertSameAsNative(g, n, differ=("via_gosock",))

    def test_verify(self):
        g, n = self.scenario("verify")
        self.assertEqual(g["unknown_ca"][0], "SSLCertVerificationError")
        self.assertEqual(g["unknown_ca"][1], 20)  # unable to get local issuer certificate
        self.assertEqual(g["wrong_host"][0], "SSLCertVerificationError")
        self.assertIn("Hostname mismatch", g["wrong_host"][2])
        self.assertTrue(g["unknown_ca_closed"])
        self.assertEqual(g["mutual_data"], "hi")
        self.assertEqual(g["client_subject_seen_by_server"], [[["commonName", "gosock client"]]])
        self.assertSameAsNative(g, n)

    def test_eof(self):
        g, n = self.scenario("eof")
        self.assertEqual(g["ragged_data"], "bye")
        self.assertEqual(g["ragged_suppressed"], "")
        self.assertEqual(g["ragged_raised"], "SSLEOFError")
        self.assertEqual(g["not_tls"][0], "SSLError")
        self.assertEqual(g["check_hostname"], "check_hostname requires server_hostname")
        self.assertSameAsNative(g, n)

    def test_peer_gone_before_tickets(self):
        g, n = self.scenario("peer_gone_before_tickets")
        self.assertEqual(g, {"client_version": "TLSv1.3", "do_handshake": ["ok", "None"],
                             "read": ["ok", "b''"]})
        self.assertSameAsNative(g, n)

    def test_module_wrap_socket(self):
        g, n = self.scenario("module_wrap_socket")
        self.assertEqual(g, {"reply": "ABC", "via_gosock": True, "server_via_gosock": True})
        self.assertSameAsNative(g, n, differ=("via_gosock", "server_via_gosock"))

    def test_connect_accept(self):
        g, n = self.scenario("connect_accept")
        self.assertEqual(g["connect_before"], [None, None])
        self.assertIsNone(g["connect_result"])
        self.assertEqual(g["connect_ex_result"], 0)
        self.assertTrue(g["connect_via_gosock"])
        self.assertEqual(g["connect_reply"], "pong")
        self.assertEqual(g["connect_ex_reply"], "pong")
        self.assertEqual(g["connect_again"], "attempt to connect already-connected SSLSocket!")
        self.assertEqual(g["server"], [["SSLSocket", True, "ping!"]] * 2)
        for key in ("connect_via_gosock", "connect_ex_via_gosock"):
            self.assertFalse(n.pop(key))
            self.assertTrue(g.pop(key))
        n["server"] = [[a, True, c] for a, _, c in n["server"]]
        self.assertSameAsNative(g, n)

    def test_sendfile(self):
        g, n = self.scenario("sendfile")
        self.assertEqual(g, {"sent": 199_000, "pos": 200_000, "digest_ok": True})
        self.assertSameAsNative(g, n)

    def test_https_clients(self):
        g, n = self.scenario("https")
        self.assertEqual(g["status"], 200)
        self.assertEqual(g["body"], "hello /one via SSLSocket")
        self.assertTrue(g["client_via_gosock"])
        self.assertTrue(g["post_digest_ok"])
        self.assertEqual(g["urllib"], [200, "hello /two via SSLSocket"])
        self.assertEqual(g["urllib_unverified"], "SSLCertVerificationError")
        self.assertSameAsNative(g, n, differ=("client_via_gosock",))


class ImportOrderTest(unittest.TestCase):
    """ssl imported before install() keeps native sockets, as any module
    that imported socket first does; wrapping a gosock socket still works
    there (ssl.SSLSocket makes its own native socket on the descriptor)."""

    def test_ssl_imported_before_install(self):
        code = r'''
import json, os, ssl, sys, threading
import gosock
gosock.install()
import socket
certs = sys.argv[1]
sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
sctx.load_cert_chain(os.path.join(certs, "server.pem"), os.path.join(certs, "server.key"))
cctx = ssl.create_default_context(cafile=os.path.join(certs, "ca.pem"))
a, b = socket.socketpair()
def srv():
    with sctx.wrap_socket(b, server_side=True) as s:
        s.sendall(s.recv(10) * 2)
t = threading.Thread(target=srv); t.start()
with cctx.wrap_socket(a, server_hostname="localhost") as c:
    c.sendall(b"xy")
    got = c.recv(10)
    kind = type(c._sslobj).__module__
t.join()
print(json.dumps({"got": got.decode(), "sslobj": kind, "socket": socket.__name__,
                  "ssl_base": ssl.SSLSocket.__mro__[1].__module__}))
'''
        certs = tempfile.mkdtemp(prefix="gosock-tls-")
        self.addCleanup(shutil.rmtree, certs, True)
        make_certificates(certs)
        r = json_result(run_python(["-c", code, certs], install=False), self)
        self.assertEqual(r, {"got": "xyxy", "sslobj": "_ssl", "socket": "gosock",
                             "ssl_base": "socket"})


class CiphertextPathTest(unittest.TestCase):
    """The ciphertext moves through libgosock: count what the pump sends and
    receives against the plain text exchanged."""

    def test_bytes_counted_in_libgosock(self):
        code = r'''
import json, os, socket, ssl, sys, threading
import gosock._tls as tls
certs = sys.argv[1]
counts = {"sent": 0, "recv": 0}
real_send, real_sendall, real_recv = tls._send, tls._sendall, tls._recv
def send(fd, data, n, flags, deadline):
    r = real_send(fd, data, n, flags, deadline)
    counts["sent"] += max(r, 0)
    return r
def sendall(fd, data, n, flags, deadline, sent):
    r = real_sendall(fd, data, n, flags, deadline, sent)
    counts["sent"] += n if r >= 0 else 0
    return r
def recv(fd, buf, n, flags, deadline):
    r = real_recv(fd, buf, n, flags, deadline)
    counts["recv"] += max(r, 0)
    return r
tls._send, tls._sendall, tls._recv = send, sendall, recv
sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
sctx.load_cert_chain(os.path.join(certs, "server.pem"), os.path.join(certs, "server.key"))
cctx = ssl.create_default_context(cafile=os.path.join(certs, "ca.pem"))
a, b = socket.socketpair()
def srv():
    with sctx.wrap_socket(b, server_side=True) as s:
        s.sendall(s.recv(1000).upper() * 1000)
t = threading.Thread(target=srv); t.start()
with cctx.wrap_socket(a, server_hostname="localhost") as c:
    c.sendall(b"abc" * 100)
    got = b""
    while len(got) < 300000:
        d = c.recv(65536)
        if not d: break
        got += d
t.join()
print(json.dumps({"got": len(got), "ok": got == b"ABC" * 100000, **counts}))
'''
        certs = tempfile.mkdtemp(prefix="gosock-tls-")
        self.addCleanup(shutil.rmtree, certs, True)
        make_certificates(certs)
        r = json_result(run_python(["-c", "import gosock; gosock.install()\n" + code, certs]),
                        self)
        self.assertTrue(r["ok"])
        # Both peers' records go through the pump: the plain text both
        # ways (300,000 + 300 bytes) and the handshake.
        self.assertGreater(r["recv"], 300_300 + 1000)
        self.assertGreater(r["sent"], 300_300 + 1000)
        self.assertEqual(r["sent"], r["recv"])


if __name__ == "__main__":
    unittest.main()
