"""Event loops and servers over the socket module, run as:
python3 -m tests_py.loop_scenarios NAME [CERTDIR]

With GOSOCK_INSTALL=1 gosock is installed as the socket module before the
standard library module under test is imported; otherwise the native module
is used, for reference. Each scenario prints one JSON object of what it
observed; test_eventloops.py compares the two runs and checks the values.
"""
import os
import sys

if os.environ.get("GOSOCK_INSTALL") == "1":
    import gosock
    gosock.install()

import hashlib  # noqa: E402
import socket  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402

from tests_py import scenario_common  # noqa: E402

CERTS = sys.argv[2] if len(sys.argv) > 2 else "."


def cert(name):
    return os.path.join(CERTS, name)


def module_of(sock):
    """'gosock' or 'socket': which module made sock (a socket object)."""
    sock = getattr(sock, "_sock", sock)  # asyncio's TransportSocket
    for cls in type(sock).__mro__:
        if cls.__module__ in ("gosock", "socket"):
            return cls.__module__
    return type(sock).__module__


def tls_contexts():
    import ssl
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert("server.pem"), cert("server.key"))
    client = ssl.create_default_context(cafile=cert("ca.pem"))
    return server, client


# --- selectors --------------------------------------------------------------

def scenario_selectors():
    """An echo server and three clients on every selector class."""
    import selectors
    out = {"default": selectors.DefaultSelector.__name__}
    names = ["SelectSelector", "PollSelector", "EpollSelector", "DevpollSelector",
             "KqueueSelector"]
    for name in names:
        cls = getattr(selectors, name, None)
        if cls is None:
            continue
        out[name] = run_selector(cls)
    return out


def run_selector(cls):
    sel = cls()
    lst = socket.create_server(("127.0.0.1", 0))
    lst.setblocking(False)
    sel.register(lst, 1, data="listener")  # EVENT_READ
    clients = []
    for i in range(3):
        c = socket.create_connection(lst.getsockname())
        c.setblocking(False)
        clients.append(c)
    result = {"idle": None, "echo": {}, "accepted_module": set()}
    # Accept the three.
    accepted = []
    while len(accepted) < 3:
        for key, ev in sel.select(5):
            conn, _ = key.fileobj.accept()
            conn.setblocking(False)
            result["accepted_module"].add(module_of(conn))
            sel.register(conn, 1, data="conn")
            accepted.append(conn)
    # Nothing to read yet: select times out empty.
    result["idle"] = [k.data for k, _ in sel.select(0.05)]
    for i, c in enumerate(clients):
        sel.register(c, 2, data="client%d" % i)  # EVENT_WRITE
    pending = set(range(3))
    while pending:
        for key, ev in sel.select(5):
            if key.data.startswith("client") and ev & 2:
                i = int(key.data[6:])
                key.fileobj.sendall(b"msg %d" % i)
                sel.modify(key.fileobj, 1, data=key.data)
            elif key.data == "conn":
                data = key.fileobj.recv(100)
                key.fileobj.sendall(data.upper())
            elif key.data.startswith("client") and ev & 1:
                i = int(key.data[6:])
                result["echo"][str(i)] = key.fileobj.recv(100).decode()
                pending.discard(i)
    for s in clients + accepted + [lst]:
        sel.unregister(s)
        s.close()
    result["map_empty"] = len(sel.get_map()) == 0
    sel.close()
    result["accepted_module"] = sorted(result["accepted_module"])
    return result


# --- asyncio ----------------------------------------------------------------

def scenario_asyncio_sock():
    """loop.sock_* coroutines, sock_sendfile and loop.sendfile, on every
    selector the event loop can use."""
    import asyncio
    import selectors
    out = {}
    for name in ("SelectSelector", "PollSelector", "EpollSelector"):
        cls = getattr(selectors, name, None)
        if cls is None:
            continue
        loop = asyncio.SelectorEventLoop(cls())
        try:
            out[name] = loop.run_until_complete(asyncio_sock_ops(loop))
        finally:
            loop.close()
    return out


async def asyncio_sock_ops(loop):
    import asyncio
    res = {}
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen()
    lst.setblocking(False)
    cli = socket.socket()
    cli.setblocking(False)
    accept = loop.create_task(loop.sock_accept(lst))
    await loop.sock_connect(cli, lst.getsockname())
    conn, addr = await accept
    res["accepted_module"] = module_of(conn)
    res["peer_matches"] = addr == cli.getsockname()
    await loop.sock_sendall(cli, b"hello")
    res["recv"] = (await loop.sock_recv(conn, 100)).decode()
    big = os.urandom(3 << 20)
    send = loop.create_task(loop.sock_sendall(conn, big))
    buf = bytearray(len(big))
    view = memoryview(buf)
    got = 0
    while got < len(big):
        n = await loop.sock_recv_into(cli, view[got:])
        if not n:
            break
        got += n
    await send
    res["big_ok"] = bytes(buf) == big
    with tempfile.TemporaryFile() as f:
        f.write(b"0123456789" * 10000)
        f.flush()
        f.seek(0)
        sent = await loop.sock_sendfile(cli, f, offset=5, count=50000)
        data = bytearray()
        while len(data) < sent:
            data += await loop.sock_recv(conn, 65536)
        res["sock_sendfile"] = [sent, hashlib.sha256(data).hexdigest() ==
                                hashlib.sha256((b"0123456789" * 10000)[5:50005]).hexdigest()]
    cli.close()
    conn.close()
    lst.close()
    # refused
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_addr = s.getsockname()
    s = socket.socket()
    s.setblocking(False)
    try:
        await loop.sock_connect(s, closed_addr)
        res["refused"] = "ok"
    except OSError as e:
        res["refused"] = type(e).__name__
    s.close()
    # loop.sendfile over a transport
    received = bytearray()
    done = loop.create_future()

    class Sink(asyncio.Protocol):
        def data_received(self, data):
            received.extend(data)

        def eof_received(self):
            if not done.done():
                done.set_result(None)

    server = await loop.create_server(Sink, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    res["server_socket_module"] = module_of(server.sockets[0])
    transport, _ = await loop.create_connection(asyncio.Protocol, "127.0.0.1", port)
    with tempfile.TemporaryFile() as f:
        f.write(b"abcdefgh" * 100000)
        f.flush()
        f.seek(0)
        n = await loop.sendfile(transport, f)
    transport.write_eof()
    await asyncio.wait_for(done, 10)
    transport.close()
    server.close()
    await server.wait_closed()
    res["loop_sendfile"] = [n, bytes(received) == b"abcdefgh" * 100000]
    return res


def scenario_asyncio_streams():
    """start_server / open_connection (TCP, Unix, TLS), start_tls."""
    import asyncio
    return asyncio.run(asyncio_streams())


async def asyncio_streams():
    import asyncio
    out = {}

    async def echo(reader, writer):
        while True:
            line = await reader.readline()
            if not line or line == b"quit\n":
                break
            writer.write(line.upper())
            await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def talk(reader, writer):
        writer.write(b"one\ntwo\n")
        await writer.drain()
        r = [(await reader.readline()).decode(), (await reader.readexactly(4)).decode()]
        payload = b"x" * 60000 + b"\n"

        async def send():
            for _ in range(20):
                writer.write(payload)
                await writer.drain()

        async def receive():
            return sum([len(await reader.readline()) for _ in range(20)])
        r.append((await asyncio.gather(send(), receive()))[1])
        if writer.can_write_eof():
            writer.write_eof()
        else:  # TLS
            writer.write(b"quit\n")
        r.append((await reader.read()).decode())
        writer.close()
        await writer.wait_closed()
        return r

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    out["tcp_socket_module"] = module_of(writer.get_extra_info("socket"))
    out["tcp"] = await talk(reader, writer)
    server.close()
    await server.wait_closed()

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sock")
        server = await asyncio.start_unix_server(echo, path)
        reader, writer = await asyncio.open_unix_connection(path)
        out["unix_socket_module"] = module_of(writer.get_extra_info("socket"))
        out["unix"] = await talk(reader, writer)
        server.close()
        await server.wait_closed()

    sctx, cctx = tls_contexts()
    server = await asyncio.start_server(echo, "127.0.0.1", 0, ssl=sctx)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=cctx,
                                                   server_hostname="localhost")
    out["tls_peer"] = writer.get_extra_info("peercert")["subject"]
    out["tls_socket_module"] = module_of(writer.get_extra_info("socket"))
    out["tls"] = await talk(reader, writer)
    server.close()
    await server.wait_closed()

    # start_tls: plain text first, then TLS on the same connection.
    async def upgrade(reader, writer):
        line = await reader.readline()
        writer.write(b"ready " + line)
        await writer.drain()
        await writer.start_tls(sctx)
        line = await reader.readline()
        writer.write(b"secret " + line)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(upgrade, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"starttls\n")
    await writer.drain()
    r = [(await reader.readline()).decode()]
    await writer.start_tls(cctx, server_hostname="localhost")
    writer.write(b"hi\n")
    await writer.drain()
    r.append((await reader.readline()).decode())
    r.append(writer.get_extra_info("ssl_object") is not None)
    writer.close()
    try:
        await writer.wait_closed()
    except (ConnectionError, OSError):
        pass
    server.close()
    await server.wait_closed()
    out["start_tls"] = r
    return out


# --- socketserver -----------------------------------------------------------

def scenario_socketserver():
    """Echo servers of every kind asked for, served from a thread."""
    import socketserver

    class StreamEcho(socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline()
            self.wfile.write(b"%d:" % os.getpid() + line.upper())

    class DgramEcho(socketserver.DatagramRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.read().upper())

    out = {}
    tmp = tempfile.mkdtemp()
    kinds = [
        ("ThreadingTCPServer", socketserver.ThreadingTCPServer, ("127.0.0.1", 0), StreamEcho),
        ("ForkingTCPServer", socketserver.ForkingTCPServer, ("127.0.0.1", 0), StreamEcho),
        ("ThreadingUDPServer", socketserver.ThreadingUDPServer, ("127.0.0.1", 0), DgramEcho),
        ("ForkingUDPServer", socketserver.ForkingUDPServer, ("127.0.0.1", 0), DgramEcho),
        ("UnixStreamServer", socketserver.UnixStreamServer, os.path.join(tmp, "s"),
         StreamEcho),
        ("ThreadingUnixStreamServer", socketserver.ThreadingUnixStreamServer,
         os.path.join(tmp, "t"), StreamEcho),
        ("ThreadingUnixDatagramServer", socketserver.ThreadingUnixDatagramServer,
         os.path.join(tmp, "u"), DgramEcho),
    ]
    for name, cls, addr, handler in kinds:
        with cls(addr, handler) as server:
            t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
            t.start()
            try:
                replies = [talk_to(server, i) for i in range(3)]
            finally:
                server.shutdown()
                t.join()
            r = {"module": module_of(server.socket), "replies": []}
            for reply in replies:
                pid, _, text = reply.partition(":") if ":" in reply else ("", "", reply)
                r["replies"].append(text)
                if pid:
                    r["forked"] = int(pid) != os.getpid()
            out[name] = r
        if isinstance(addr, str):
            os.unlink(addr)
    os.rmdir(tmp)
    return out


def talk_to(server, i):
    family = server.address_family
    kind = server.socket_type
    with socket.socket(family, kind) as s:
        s.settimeout(10)
        if kind == socket.SOCK_DGRAM and family == socket.AF_UNIX:
            s.bind(server.server_address + "-client%d" % i)
        s.connect(server.server_address)
        s.sendall(b"hello %d\n" % i)
        reply = s.recv(1000).decode()
        if kind == socket.SOCK_DGRAM and family == socket.AF_UNIX:
            os.unlink(s.getsockname())
        return reply


# --- http.server, urllib, xmlrpc ------------------------------------------

def scenario_http():
    """http.server with urllib.request and http.client."""
    import http.client
    import http.server
    import urllib.request

    Handler = scenario_common.http_handler(lambda h: "get %s" % h.path, post_status=201)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    t.start()
    port = httpd.server_address[1]
    out = {"module": module_of(httpd.socket)}
    try:
        base = "http://127.0.0.1:%d" % port
        with urllib.request.urlopen(base + "/a?b=c", timeout=10) as r:
            out["urlopen"] = [r.status, r.read().decode()]
        body = os.urandom(1 << 20)
        req = urllib.request.Request(base + "/upload", data=body, method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            out["post"] = [r.status, r.read().decode() == hashlib.sha256(body).hexdigest()]
        try:
            urllib.request.urlopen("http://127.0.0.1:1/", timeout=10)
            out["refused"] = "ok"
        except urllib.error.URLError as e:
            out["refused"] = type(e.reason).__name__
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        answers = []
        for path in ("/1", "/2", "/3"):  # one kept-alive connection
            conn.request("GET", path)
            answers.append(conn.getresponse().read().decode())
        out["keepalive"] = answers
        out["client_module"] = module_of(conn.sock)
        conn.close()
    finally:
        httpd.shutdown()
        t.join()
        httpd.server_close()
    return out


def scenario_xmlrpc():
    """xmlrpc.server and xmlrpc.client."""
    import xmlrpc.client
    import xmlrpc.server

    server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False,
                                              allow_none=True)
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda s: s[::-1], "reverse")
    server.register_multicall_functions()
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    t.start()
    out = {"module": module_of(server.socket)}
    try:
        url = "http://127.0.0.1:%d/" % server.server_address[1]
        with xmlrpc.client.ServerProxy(url) as proxy:
            out["add"] = proxy.add(2, 3)
            big = "ab" * 200000
            out["reverse_ok"] = proxy.reverse(big) == big[::-1]
            try:
                proxy.nosuch()
                out["fault"] = "ok"
            except xmlrpc.client.Fault as f:
                out["fault"] = f.faultCode
            multi = xmlrpc.client.MultiCall(proxy)
            multi.add(1, 1)
            multi.reverse("xyz")
            out["multicall"] = list(multi())
    finally:
        server.shutdown()
        t.join()
        server.server_close()
    return out


# --- multiprocessing.connection ---------------------------------------------

def _mp_child(address, family, authkey):
    from multiprocessing.connection import Client
    with Client(address, family=family, authkey=authkey) as c:
        obj = c.recv()
        c.send({"echo": obj, "pid": os.getpid(), "module": socket.__name__})
        c.send_bytes(b"raw bytes " * 1000)


def scenario_mp_connection():
    """multiprocessing.connection Listener/Client over AF_INET and AF_UNIX,
    with authentication, from a thread and from a forked process."""
    import multiprocessing
    from multiprocessing.connection import Client, Listener
    out = {}
    ctx = multiprocessing.get_context("fork")
    for family, address in (("AF_INET", ("127.0.0.1", 0)), ("AF_UNIX", None)):
        authkey = b"secret key"
        with Listener(address, family=family, authkey=authkey) as lst:
            r = {"listener_module": module_of(lst._listener._socket)}

            def client():
                with Client(lst.address, family=family, authkey=authkey) as c:
                    c.send(["ping", 1, 2.5])
                    r["thread_reply"] = c.recv()

            t = threading.Thread(target=client)
            t.start()
            with lst.accept() as conn:
                r["thread_got"] = conn.recv()
                conn.send({"pong": True})
            t.join()
            p = ctx.Process(target=_mp_child, args=(lst.address, family, authkey))
            p.start()
            with lst.accept() as conn:
                conn.send(("from parent", list(range(5))))
                reply = conn.recv()
                r["child_poll"] = conn.poll(10)
                r["child_bytes"] = len(conn.recv_bytes())
            p.join(30)
            r["child_exit"] = p.exitcode
            r["child_echo"] = reply["echo"]
            r["child_forked"] = reply["pid"] != os.getpid()
            r["child_socket_module"] = reply["module"]
            # A wrong key is refused.
            bad = []

            def bad_client():
                try:
                    Client(lst.address, family=family, authkey=b"wrong")
                    bad.append("ok")
                except multiprocessing.AuthenticationError:
                    bad.append("AuthenticationError")

            t = threading.Thread(target=bad_client)
            t.start()
            try:
                lst.accept()
                r["bad_key"] = "accepted"
            except multiprocessing.AuthenticationError:
                r["bad_key"] = "AuthenticationError"
            t.join()
            r["bad_key_client"] = bad
        out[family] = r
    return out


if __name__ == "__main__":
    scenario_common.main(globals())
