"""TLS scenarios, run as: python3 -m tests_py.tls_scenarios NAME CERTDIR

With GOSOCK_INSTALL=1 gosock is installed as the socket module before ssl
is imported; otherwise the native socket module is used, for reference.
Each scenario prints one JSON object of what it observed; test_tls.py
compares the two runs and checks the values.
"""
import os
import sys

if os.environ.get("GOSOCK_INSTALL") == "1":
    import gosock
    gosock.install()

import hashlib  # noqa: E402
import http.client  # noqa: E402
import http.server  # noqa: E402
import select  # noqa: E402
import socket  # noqa: E402
import ssl  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from tests_py import scenario_common  # noqa: E402

CERTS = sys.argv[2] if len(sys.argv) > 2 else "."


def cert(name):
    return os.path.join(CERTS, name)


def server_context(require_client_cert=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert("server.pem"), cert("server.key"))
    if require_client_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cert("ca.pem"))
    return ctx


def client_context(with_ca=True):
    ctx = ssl.create_default_context(cafile=cert("ca.pem") if with_ca else None)
    if not with_ca:
        with open(cert("other-ca.pem")) as f:
            ctx.load_verify_locations(cadata=f.read())
    return ctx


def via_gosock(sock):
    """Whether sock's TLS runs over gosock (the product) or natively."""
    if socket.__name__ != "gosock":
        return False
    obj = getattr(sock, "_sslobj", None)
    return type(obj).__module__ == "gosock._tls" and isinstance(sock, socket.socket)


def exc_name(e):
    return type(e).__name__


class Peer(threading.Thread):
    """Runs fn(listening socket) in a thread; keeps its result or error."""

    def __init__(self, fn):
        super().__init__(daemon=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.fn = fn
        self.result = None
        self.error = None
        self.start()

    def run(self):
        try:
            self.result = self.fn(self.listener)
        except BaseException as e:  # noqa: BLE001 - reported to the main thread
            self.error = e
        finally:
            self.listener.close()

    def finish(self, timeout=30):
        self.join(timeout)
        if self.is_alive():
            raise RuntimeError("peer thread hung")
        return self.result


def connect(port, timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def recv_exactly(s, n):
    out = bytearray()
    while len(out) < n:
        chunk = s.recv(min(65536, n - len(out)))
        if not chunk:
            break
        out += chunk
    return bytes(out)


# --- scenarios ------------------------------------------------------------

def scenario_blocking():
    """Handshake with SNI, data both ways, makefile, recv_into, unwrap to
    plain text on both sides."""
    payload = os.urandom(300_000)
    seen = {}

    def server(lst):
        ctx = server_context()

        def sni(sslobj, name, context):
            seen["sni"] = name
            seen["sni_owner_is_socket"] = isinstance(sslobj, ssl.SSLSocket)
        ctx.sni_callback = sni
        conn, _ = lst.accept()
        s = ctx.wrap_socket(conn, server_side=True)
        seen["server_via_gosock"] = via_gosock(s)
        f = s.makefile("rb")
        line = f.readline()
        f.close()
        buf = bytearray(len(payload))
        view = memoryview(buf)
        got = 0
        while got < len(payload):
            n = s.recv_into(view[got:])
            if not n:
                break
            got += n
        s.sendall(line.upper() + hashlib.sha256(buf[:got]).hexdigest().encode() + b"\n")
        seen["server_eof"] = s.recv(10)  # the client's close_notify
        plain = s.unwrap()
        plain.sendall(b"plain after tls")
        plain.close()
        return got

    peer = Peer(server)
    raw = connect(peer.port)
    s = client_context().wrap_socket(raw, server_hostname="localhost")
    out = {
        "via_gosock": via_gosock(s),
        "raw_detached": raw.fileno() == -1,
        "version_tls": (s.version() or "").startswith("TLSv1"),
        "cipher_ok": s.cipher() is not None and len(s.cipher()) == 3,
        "subject": s.getpeercert()["subject"],
        "san": s.getpeercert()["subjectAltName"],
        "der_len_ok": len(s.getpeercert(True)) > 100,
        "server_hostname": s.server_hostname,
        "server_side": s.server_side,
        "timeout": s.gettimeout(),
    }
    s.sendall(b"line one\n")
    s.sendall(memoryview(payload))
    f = s.makefile("rb")
    out["reply_line"] = f.readline().decode()
    out["digest_ok"] = f.readline().strip().decode() == hashlib.sha256(payload).hexdigest()
    f.close()
    plain = s.unwrap()
    out["unwrap_returns_self"] = plain is s
    out["plain"] = recv_exactly(plain, 15).decode()
    out["plain_eof"] = plain.recv(10).decode()
    plain.close()
    out["server_got"] = peer.finish()
    if peer.error:
        raise peer.error
    out.update(seen)
    out["server_eof"] = seen["server_eof"].decode()
    return out


def scenario_timeouts():
    """Handshake, read and write timeouts take the socket's timeout."""
    release = threading.Event()
    out = {}

    def server(lst):
        a, _ = lst.accept()          # 1: never handshakes
        b, _ = lst.accept()          # 2: handshakes, never sends
        sb = server_context().wrap_socket(b, server_side=True)
        c, _ = lst.accept()          # 3: handshakes, never reads
        sc = server_context().wrap_socket(c, server_side=True)
        release.wait(30)
        for x in (a, sb, sc):
            x.close()

    peer = Peer(server)
    ctx = client_context()

    def timed(fn):
        t0 = time.monotonic()
        try:
            fn()
            return ("ok", None, None)
        except Exception as e:  # noqa: BLE001
            return (exc_name(e), str(e), round(time.monotonic() - t0, 1))

    raw = connect(peer.port, timeout=0.5)
    r = timed(lambda: ctx.wrap_socket(raw, server_hostname="localhost"))
    out["handshake"] = r[:2]
    out["handshake_waited"] = 0.4 <= r[2] < 3
    out["handshake_closed"] = raw.fileno() == -1

    s = ctx.wrap_socket(connect(peer.port, timeout=0.5), server_hostname="localhost")
    out["read"] = timed(lambda: s.recv(10))[:2]
    s.settimeout(0.3)
    r = timed(lambda: s.recv(10))
    out["read_after_settimeout"] = r[:2]
    out["read_waited"] = 0.2 <= r[2] < 3
    s.close()

    s = ctx.wrap_socket(connect(peer.port, timeout=0.5), server_hostname="localhost")
    out["write"] = timed(lambda: s.sendall(b"x" * (64 << 20)))[:2]
    s.close()
    release.set()
    peer.finish()
    if peer.error:
        raise peer.error
    return out


def wait_for(sock, err):
    if isinstance(err, ssl.SSLWantReadError):
        select.select([sock], [], [], 10)
    else:
        select.select([], [sock], [], 10)


def scenario_nonblocking():
    """SSLWantReadError / SSLWantWriteError and retries on a non-blocking
    socket, driven by select()."""
    out = {}
    drain = threading.Event()
    total = 4 << 20

    def server(lst):
        conn, _ = lst.accept()
        time.sleep(0.3)  # the client's first handshake step finds nothing to read
        s = server_context().wrap_socket(conn, server_side=True)
        s.sendall(b"z" * 1000)
        drain.wait(30)
        h = hashlib.sha256()
        got = 0
        while got < total:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += len(chunk)
            h.update(chunk)
        s.sendall(h.hexdigest().encode())
        s.recv(1)
        out["server_eof"] = s.recv(1).decode()  # the client's close_notify
        plain = s.unwrap()
        plain.sendall(b"plain again")
        plain.close()
        return got

    peer = Peer(server)
    raw = connect(peer.port)
    raw.setblocking(False)
    ctx = client_context()
    try:
        ctx.wrap_socket(raw.dup(), server_hostname="localhost")
        out["handshake_on_connect"] = "ok"
    except ValueError as e:
        out["handshake_on_connect"] = exc_name(e)
    s = ctx.wrap_socket(raw, server_hostname="localhost", do_handshake_on_connect=False)
    wants = set()
    while True:
        try:
            s.do_handshake()
            break
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError) as e:
            wants.add(exc_name(e))
            wait_for(s, e)
    out["handshake_wants"] = sorted(wants)
    out["via_gosock"] = via_gosock(s)
    while True:
        try:
            first = s.recv(10)
            break
        except ssl.SSLWantReadError as e:
            wait_for(s, e)
    out["first"] = first.decode()
    out["pending"] = s.pending()
    out["rest"] = len(s.recv(5000))
    try:
        s.recv(10)
        out["empty_read"] = "ok"
    except ssl.SSLError as e:
        out["empty_read"] = [exc_name(e), e.errno]
    # The peer does not read yet: writes fill the kernel buffers and then
    # must raise SSLWantWriteError; retries with the same data go on.
    data = os.urandom(total)
    view = memoryview(data)
    sent = 0
    write_wants = 0
    while sent < total:
        chunk = view[sent:sent + 65536]
        try:
            sent += s.send(chunk)
        except ssl.SSLWantWriteError as e:
            write_wants += 1
            drain.set()
            wait_for(s, e)
        except ssl.SSLWantReadError as e:
            wait_for(s, e)
    out["write_wanted"] = write_wants > 0
    digest = b""
    while len(digest) < 64:
        try:
            chunk = s.recv(64)
        except ssl.SSLWantReadError as e:
            wait_for(s, e)
            continue
        if not chunk:
            break
        digest += chunk
    out["digest_ok"] = digest.decode() == hashlib.sha256(data).hexdigest()
    s.setblocking(True)
    s.sendall(b"!")
    s.setblocking(False)
    unwrap_wants = 0
    while True:
        try:
            plain = s.unwrap()
            break
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError) as e:
            unwrap_wants += 1
            wait_for(s, e)
    out["unwrap_wanted"] = unwrap_wants > 0
    got = b""
    while len(got) < 11:
        select.select([plain], [], [], 10)
        chunk = plain.recv(100)
        if not chunk:
            break
        got += chunk
    out["plain"] = got.decode()
    out["server_got"] = peer.finish()
    if peer.error:
        raise peer.error
    plain.close()
    return out


def scenario_verify():
    """Certificate and host name verification, client certificates."""
    out = {}

    def handshake_errors(lst, n):
        errors = []
        for _ in range(n):
            conn, _ = lst.accept()
            try:
                s = server_context().wrap_socket(conn, server_side=True)
                errors.append("ok")
                s.close()
            except (ssl.SSLError, OSError) as e:
                errors.append(exc_name(e))
                conn.close()
        return errors

    peer = Peer(lambda lst: handshake_errors(lst, 2))
    for name, ctx, host in (("unknown_ca", client_context(with_ca=False), "localhost"),
                            ("wrong_host", client_context(), "example.com")):
        raw = connect(peer.port)
        try:
            ctx.wrap_socket(raw, server_hostname=host)
            out[name] = "ok"
        except ssl.SSLCertVerificationError as e:
            out[name] = [exc_name(e), e.verify_code, e.verify_message, e.reason]
        out[name + "_closed"] = raw.fileno() == -1
    out["server_side"] = peer.finish()

    def mutual(lst):
        conn, _ = lst.accept()
        s = server_context(require_client_cert=True).wrap_socket(conn, server_side=True)
        subject = s.getpeercert()["subject"]
        s.sendall(b"hi")
        s.recv(1)
        s.close()
        return subject

    peer = Peer(mutual)
    ctx = client_context()
    ctx.load_cert_chain(cert("client.pem"), cert("client.key"))
    s = ctx.wrap_socket(connect(peer.port), server_hostname="localhost")
    out["mutual_data"] = s.recv(2).decode()
    s.sendall(b".")
    out["client_subject_seen_by_server"] = peer.finish()
    if peer.error:
        raise peer.error
    s.close()
    return out


def scenario_eof():
    """Ragged EOF, a peer that does not speak TLS, unwrap after the peer
    left, and check_hostname without server_hostname."""
    out = {}

    def abrupt(lst, n):
        for _ in range(n):
            conn, _ = lst.accept()
            s = server_context().wrap_socket(conn, server_side=True)
            s.sendall(b"bye")
            os.close(s.detach())  # no close_notify

    peer = Peer(lambda lst: abrupt(lst, 3))
    ctx = client_context()
    s = ctx.wrap_socket(connect(peer.port), server_hostname="localhost")
    out["ragged_data"] = recv_exactly(s, 3).decode()
    out["ragged_suppressed"] = s.recv(10).decode()
    s.close()
    s = ctx.wrap_socket(connect(peer.port), server_hostname="localhost",
                        suppress_ragged_eofs=False)
    recv_exactly(s, 3)
    try:
        s.recv(10)
        out["ragged_raised"] = "ok"
    except OSError as e:
        out["ragged_raised"] = exc_name(e)
    s.close()
    s = ctx.wrap_socket(connect(peer.port), server_hostname="localhost")
    recv_exactly(s, 3)
    time.sleep(0.2)
    try:
        s.unwrap()
        out["unwrap_after_peer_left"] = "ok"
    except OSError as e:
        out["unwrap_after_peer_left"] = exc_name(e)
    s.close()
    peer.finish()
    if peer.error:
        raise peer.error

    def plain_http(lst):
        conn, _ = lst.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        conn.close()

    peer = Peer(plain_http)
    raw = connect(peer.port)
    try:
        ctx.wrap_socket(raw, server_hostname="localhost")
        out["not_tls"] = "ok"
    except ssl.SSLError as e:
        out["not_tls"] = [exc_name(e), e.reason]
    raw.close()
    peer.finish()
    with socket.socket() as plain:
        try:
            ctx.wrap_socket(plain, server_hostname=None)
            out["check_hostname"] = "ok"
        except ValueError as e:
            out["check_hostname"] = str(e)
    return out


def scenario_peer_gone_before_tickets():
    """A TLS 1.3 client that resets the connection right after its side of
    the handshake: the server still completes its handshake (OpenSSL ignores
    a failed NewSessionTicket write) and then reads end of file."""
    import select
    import struct
    lst = socket.create_server(("127.0.0.1", 0))
    cli = socket.create_connection(lst.getsockname())
    conn, _ = lst.accept()
    lst.close()
    conn.setblocking(False)
    s = server_context().wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
    c = client_context().wrap_socket(cli, server_hostname="localhost",
                                     do_handshake_on_connect=False)
    c.setblocking(False)
    while True:
        try:
            c.do_handshake()
            break
        except ssl.SSLWantReadError:
            try:
                s.do_handshake()
            except ssl.SSLWantReadError:
                pass
            select.select([c], [], [], 5)
    out = {"client_version": c.version()}
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()  # a reset: the server's tickets cannot be delivered
    time.sleep(0.2)
    for step in ("do_handshake", "read"):
        try:
            out[step] = ["ok", repr(getattr(s, step)())]
        except OSError as e:
            out[step] = exc_name(e)
    s.close()
    return out


def scenario_module_wrap_socket():
    """The deprecated module-level ssl.wrap_socket, client and server."""
    import warnings

    def server(lst):
        conn, _ = lst.accept()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            s = ssl.wrap_socket(conn, server_side=True, certfile=cert("server.pem"),
                                keyfile=cert("server.key"))
        s.sendall(s.recv(10).upper())
        gosock_path = via_gosock(s)
        s.close()
        return gosock_path

    peer = Peer(server)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        c = ssl.wrap_socket(connect(peer.port), cert_reqs=ssl.CERT_NONE)
    c.sendall(b"abc")
    out = {"reply": recv_exactly(c, 3).decode(), "via_gosock": via_gosock(c)}
    c.close()
    out["server_via_gosock"] = peer.finish()
    if peer.error:
        raise peer.error
    return out


def scenario_connect_accept():
    """A wrapped listening socket accepts SSLSockets; a wrapped unconnected
    socket connects (connect and connect_ex) and then handshakes."""
    out = {}
    lst_raw = socket.create_server(("127.0.0.1", 0))
    port = lst_raw.getsockname()[1]
    lst = server_context().wrap_socket(lst_raw, server_side=True)

    def server():
        results = []
        for _ in range(2):
            conn, addr = lst.accept()
            results.append([type(conn).__name__, via_gosock(conn), conn.recv(5).decode()])
            conn.sendall(b"pong")
            conn.close()
        return results

    res = {}
    t = threading.Thread(target=lambda: res.update(r=server()))
    t.start()
    ctx = client_context()
    for how in ("connect", "connect_ex"):
        s = ctx.wrap_socket(socket.socket(), server_hostname="localhost")
        out[how + "_before"] = [s.version(), s.cipher()]
        r = getattr(s, how)(("127.0.0.1", port))
        out[how + "_result"] = r
        out[how + "_via_gosock"] = via_gosock(s)
        s.sendall(b"ping!")
        out[how + "_reply"] = s.recv(4).decode()
        try:
            s.connect(("127.0.0.1", port))
            out[how + "_again"] = "ok"
        except ValueError as e:
            out[how + "_again"] = str(e)
        s.close()
    t.join(30)
    lst.close()
    out["server"] = res["r"]
    return out


def scenario_sendfile():
    """SSLSocket.sendfile sends through TLS (the send() loop)."""
    data = os.urandom(200_000)

    def server(lst):
        conn, _ = lst.accept()
        s = server_context().wrap_socket(conn, server_side=True)
        got = recv_exactly(s, len(data) - 1000)
        s.close()
        return hashlib.sha256(got).hexdigest()

    peer = Peer(server)
    s = client_context().wrap_socket(connect(peer.port), server_hostname="localhost")
    with tempfile.TemporaryFile() as f:
        f.write(data)
        f.seek(0)
        n = s.sendfile(f, offset=1000)
        pos = f.tell()
    digest = peer.finish()
    s.close()
    return {"sent": n, "pos": pos, "digest_ok": digest == hashlib.sha256(data[1000:]).hexdigest()}


def scenario_https():
    """http.client and urllib.request against a local HTTPS server, with
    certificate verification."""
    Handler = scenario_common.http_handler(
        lambda h: "hello %s via %s" % (h.path, type(h.connection).__name__), post_status=200)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = server_context().wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    t.start()
    out = {}
    try:
        ctx = client_context()
        conn = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=10)
        conn.request("GET", "/one")
        out["client_via_gosock"] = via_gosock(conn.sock)
        r = conn.getresponse()
        out["status"] = r.status
        out["body"] = r.read().decode()
        big = os.urandom(500_000)
        conn.request("POST", "/big", body=big)
        r = conn.getresponse()
        out["post_digest_ok"] = r.read().decode() == hashlib.sha256(big).hexdigest()
        conn.close()
        with urllib.request.urlopen("https://localhost:%d/two" % port, context=ctx,
                                    timeout=10) as r:
            out["urllib"] = [r.status, r.read().decode()]
        try:
            urllib.request.urlopen("https://localhost:%d/x" % port,
                                   context=client_context(with_ca=False), timeout=10)
            out["urllib_unverified"] = "ok"
        except urllib.error.URLError as e:
            out["urllib_unverified"] = exc_name(e.reason)
    finally:
        httpd.shutdown()
        t.join()
        httpd.server_close()
    return out


if __name__ == "__main__":
    scenario_common.main(globals())
