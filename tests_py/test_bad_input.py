"""Bad input: every entry point, wrong types, bad sizes and addresses,
closed and detached sockets, invalid descriptors.

Each call runs on gosock and on the native module with the same fixtures;
both must raise the same exception type (and errno), or both succeed.
Nothing may crash, hang (a watchdog ends the process) or leave a
descriptor open (counted around every gosock call)."""
import array
import faulthandler
import os
import shutil
import tempfile
import unittest
import warnings

from tests_py.support import gosock, native, open_fds

HANG_GUARD = 300
NUL_HOSTS = ["127.0.0.1\0", "\0", "local\0host", b"127.0.0.1\0"]
BAD_INTS = [-1, 2**31, 2**31 - 1, -2**31 - 1, 2**32, 2**63, 2**63 - 1, 2**64, -2**63 - 1,
            1.5, "1", None, b"1", 1j, 0.0, False]
BAD_SIZES = [-1, -2**63, 2**63, 2**64, 2**63 - 1, 1.5, "10", None, b"1", 1j]
BAD_FLAGS = [-1, 2**31, 2**32, 2**63, 1.5, "0", None, 0.0, False]
BAD_TIMEOUTS = [-1, -0.5, float("nan"), float("inf"), float("-inf"), 1e300, 2**63, 2**31,
                2**31 / 1000, 2**64, "1", b"1", 1j, [], -2**63, 9.2e9, 9223372036.0,
                9223372037, 9.3e9, 2**63 // 10**9, 2**63 // 10**9 + 1, 5e-10, -1e-10]
PORTS = [-1, 65536, 2**16 + 80, 2**31, 2**31 - 1, -2**31 - 1, 2**32, 2**63, 2**64, 1.5, "80",
         None, b"80"]
HOSTS = ["1.2.3.4.5", "256.0.0.1", "1.2.3", "01.2.3.4", "0x7f.1", "::1", "::g", "1::2::3",
         "::ffff:1.2.3.4", "<broadcast>", "", "a" * 300, "a" * 2000, "é" * 70, "xn--", "...",
         "fe80::1%lo", "::1%", "%", 1, 1.5, None, bytearray(b"127.0.0.1"), b"127.0.0.1",
         memoryview(b"127.0.0.1"), "localhost", "no-such-host.invalid", "\udcff"]
HOSTS6 = ["::1", "::g", "1::2::3", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.4", "::1%lo", "::1%",
          "::1%999999", "fe80::1%no-such-if", "127.0.0.1", "1.2.3.4.5", "", "[::1]", "a" * 300]
UNIX_PATHS = ["", "\0", "\0abstract-gosock-bad-input", "a" * 107, "a" * 108, "a" * 200,
              "a" * 5000, b"a" * 109, "x\0y", b"/nonexistent/dir/sock", 1, None, 1.5,
              ("a", 1), bytearray(b"\0gosock-ba"), memoryview(b"\0gosock-bm"), "\udcff"]


class Fixtures:
    """Sockets and descriptors for one call, made the same way for each
    module: non-blocking, so that no call can block."""

    def __init__(self, mod):
        self.m = mod
        self.socks = []
        self.fds = []
        self.files = []

    def sock(self, family=None, type=None, blocking=False):
        m = self.m
        s = m.socket(m.AF_INET if family is None else family,
                     m.SOCK_STREAM if type is None else type)
        s.setblocking(blocking)
        self.socks.append(s)
        return s

    @property
    def tcp(self):
        return self.sock()

    @property
    def tcp6(self):
        return self.sock(self.m.AF_INET6)

    @property
    def udp(self):
        return self.sock(type=self.m.SOCK_DGRAM)

    @property
    def udp6(self):
        return self.sock(self.m.AF_INET6, self.m.SOCK_DGRAM)

    @property
    def unix(self):
        return self.sock(self.m.AF_UNIX)

    @property
    def unixd(self):
        return self.sock(self.m.AF_UNIX, self.m.SOCK_DGRAM)

    @property
    def pair(self):
        a, b = self.m.socketpair()
        a.setblocking(False)
        b.setblocking(False)
        self.socks += [a, b]
        return a, b

    @property
    def conn(self):
        """A connected stream socket with no data waiting."""
        return self.pair[0]

    @property
    def blocking_conn(self):
        """A connected stream socket whose peer drains what it gets."""
        a, b = self.m.socketpair()
        self.socks += [a, b]
        a.settimeout(10)
        return a

    def file(self, kind):
        """A file object for sendfile: "empty", "data" (binary, 1000 bytes),
        "text", "dir" (an open directory), or a bad stand-in."""
        if kind == "none":
            return None
        if kind == "str":
            return "data"
        if kind == "dir":
            fd = os.open(".", os.O_RDONLY)
            self.fds.append(fd)
            return _FdFile(fd)
        name = "sendfile-" + kind
        with open(name, "wb") as w:
            w.write(b"" if kind == "empty" else b"d" * 1000)
        f = open(name, "r" if kind == "text" else "rb")
        self.files.append(f)
        return f

    @property
    def listener(self):
        s = self.tcp
        s.bind(("127.0.0.1", 0))
        s.listen()
        return s

    @property
    def closed(self):
        s = self.sock()
        s.close()
        return s

    @property
    def detached(self):
        s = self.sock()
        os.close(s.detach())
        return s

    @property
    def pipe_fd(self):
        r, w = os.pipe()
        self.fds += [r, w]
        return r

    @property
    def closed_fd(self):
        r, w = os.pipe()
        os.close(r)
        os.close(w)
        return r

    def close(self):
        for s in self.socks:
            s.close()
        for f in self.files:
            f.close()
        for fd in self.fds:
            os.close(fd)


class _FdFile:
    """A binary file object over a descriptor that cannot be read as a
    file (a directory): fileno() works, read() fails."""
    mode = "rb"

    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd

    def read(self, n=-1):
        return os.read(self.fd, n if n >= 0 else 65536)

    def seek(self, pos):
        return os.lseek(self.fd, pos, os.SEEK_SET)


def outcome(mod, fn):
    """("ok", None) or (exception type name, errno). Runs in an empty
    working directory (AF_UNIX paths are relative) that is emptied after."""
    f = Fixtures(mod)
    try:
        fn(mod, f)
        result = ("ok", None)
    except BaseException as e:  # noqa: BLE001 - every outcome is compared
        errno = getattr(e, "errno", None) if isinstance(e, OSError) else None
        # gosock has its own gaierror and herror classes, named as native's.
        result = (type(e).__name__, errno)
    finally:
        f.close()
        for name in os.listdir("."):
            os.unlink(name)
    return result


def _sock_methods():
    """(name, call) for the socket object's methods."""
    cases = []
    add = cases.append

    # bind / connect / connect_ex with malformed addresses
    for verb in ("bind", "connect", "connect_ex"):
        for sockname, fam in (("tcp", "inet"), ("udp", "inet")):
            for port in PORTS:
                add(("%s.%s(port=%r)" % (sockname, verb, port),
                     lambda m, f, v=verb, s=sockname, p=port:
                     getattr(getattr(f, s), v)(("127.0.0.1", p))))
            for host in HOSTS + NUL_HOSTS:
                add(("%s.%s(host=%r)" % (sockname, verb, host),
                     lambda m, f, v=verb, s=sockname, h=host:
                     getattr(getattr(f, s), v)((h, 0 if v == "bind" else 1))))
        for addr in ["127.0.0.1", ("127.0.0.1",), ("127.0.0.1", 0, 0), (), [("127.0.0.1", 0)],
                     ["127.0.0.1", 0], None, 80, b"x", {"h": 1}]:
            add(("tcp.%s(%r)" % (verb, addr),
                 lambda m, f, v=verb, a=addr: getattr(f.tcp, v)(a)))
        for addr in [("::1", 0, -1), ("::1", 0, 2**20), ("::1", 0, 2**20 - 1), ("::1", 0, 2**32),
                     ("::1", 0, 2**32 + 1), ("::1", 0, 0, -1), ("::1", 0, 0, 2**32),
                     ("::1", 0, 0, 2**64), ("::1", 0, 2**64), ("::1", 0, "x"), ("::1", 0, 0, 1.5),
                     ("::1", 0, 0, 0, 0), ("::1",), ("::1", 2**16), ("::1", -1), "::1",
                     ("::1", 0, None)] + [(h, 0) for h in HOSTS6 + NUL_HOSTS]:
            add(("udp6.%s(%r)" % (verb, addr),
                 lambda m, f, v=verb, a=addr: getattr(f.udp6, v)(a)))
        for path in UNIX_PATHS:
            add(("unix.%s(%r)" % (verb, path),
                 lambda m, f, v=verb, p=path: getattr(f.unixd, v)(p)))
        for s in ("closed", "detached"):
            add(("%s.%s" % (s, verb),
                 lambda m, f, v=verb, s=s: getattr(getattr(f, s), v)(("127.0.0.1", 1))))
    add(("tcp.bind twice", lambda m, f: [t.bind(("127.0.0.1", 0)) for t in [f.tcp] * 2]))
    add(("unix.bind(existing file)", lambda m, f: f.unix.bind("/")))
    add(("tcp.connect(refused)", lambda m, f: f.sock(blocking=True).connect(("127.0.0.1", 1))))
    add(("tcp.connect_ex(refused)", lambda m, f: f.sock(blocking=True).connect_ex(("127.0.0.1", 1))))
    add(("udp.connect(port 0)", lambda m, f: f.udp.connect(("127.0.0.1", 0))))
    add(("tcp.connect(<broadcast>)", lambda m, f: f.tcp.connect(("<broadcast>", 1))))
    add(("connected.connect again", lambda m, f: f.conn.connect(("127.0.0.1", 1))))

    # send family
    for data in ["str", None, 1, [1], memoryview(b"abcd")[::2], array.array("i", [1, 2]),
                 bytearray(), b"", memoryview(b""), memoryview(bytearray(8)).cast("B", (2, 4))]:
        for verb in ("send", "sendall"):
            add(("conn.%s(%r)" % (verb, data), lambda m, f, v=verb, d=data: getattr(f.conn, v)(d)))
        add(("udp.sendto(%r)" % (data,),
             lambda m, f, d=data: f.udp.sendto(d, ("127.0.0.1", 9))))
    for flags in BAD_FLAGS:
        for verb in ("send", "sendall"):
            add(("conn.%s(flags=%r)" % (verb, flags),
                 lambda m, f, v=verb, fl=flags: getattr(f.conn, v)(b"x", fl)))
        add(("udp.sendto(flags=%r)" % (flags,),
             lambda m, f, fl=flags: f.udp.sendto(b"x", fl, ("127.0.0.1", 9))))
    for args in [(), (b"x",), (b"x", 0, ("127.0.0.1", 9), 1), (b"x", "a"), (b"x", None),
                 (b"x", ("127.0.0.1", 99999)), (b"x", 1.5, ("127.0.0.1", 9)),
                 (b"x", ("\0", 9)), (b"x", ("256.0.0.1", 9)), (b"x", 0, None)]:
        add(("udp.sendto%r" % (args,), lambda m, f, a=args: f.udp.sendto(*a)))
    for args in [(b"x", ("::1", 9, 2**20)), (b"x", ("::1", 9, 0, 2**32)), (b"x", "::1")]:
        add(("udp6.sendto%r" % (args,), lambda m, f, a=args: f.udp6.sendto(*a)))
    add(("unixd.sendto(unbound)", lambda m, f: f.unixd.sendto(b"x", "\0gosock-nobody-there")))
    add(("tcp.sendto(unconnected)", lambda m, f: f.tcp.sendto(b"x", ("127.0.0.1", 1))))
    add(("tcp.send(unconnected)", lambda m, f: f.tcp.send(b"x")))
    add(("conn.send after shutdown", lambda m, f: (lambda c: (c.shutdown(m.SHUT_WR),
                                                             c.send(b"x")))(f.conn)))
    add(("conn.sendall(huge, full buffer)",
         lambda m, f: f.conn.sendall(b"x" * (16 << 20))))

    # recv family
    for size in BAD_SIZES + [0, 2**31]:
        for verb in ("recv", "recvfrom"):
            add(("conn.%s(%r)" % (verb, size), lambda m, f, v=verb, n=size: getattr(f.conn, v)(n)))
        for verb in ("recv_into", "recvfrom_into"):
            add(("conn.%s(nbytes=%r)" % (verb, size),
                 lambda m, f, v=verb, n=size: getattr(f.conn, v)(bytearray(8), n)))
    for flags in BAD_FLAGS:
        for verb in ("recv", "recvfrom"):
            add(("conn.%s(flags=%r)" % (verb, flags),
                 lambda m, f, v=verb, fl=flags: getattr(f.conn, v)(10, fl)))
        for verb in ("recv_into", "recvfrom_into"):
            add(("conn.%s(flags=%r)" % (verb, flags),
                 lambda m, f, v=verb, fl=flags: getattr(f.conn, v)(bytearray(8), 0, fl)))
    for buf in [b"abc", "abc", None, 1, bytearray(), memoryview(bytearray(8))[::2],
                memoryview(b"abc"), array.array("i", [0, 0]), memoryview(bytearray(8)).cast("B", (2, 4)),
                bytearray(4)]:
        for verb in ("recv_into", "recvfrom_into"):
            add(("conn.%s(%r)" % (verb, buf), lambda m, f, v=verb, b=buf: getattr(f.conn, v)(b)))
    for verb in ("recv", "recvfrom"):
        add(("conn.%s()" % verb, lambda m, f, v=verb: getattr(f.conn, v)()))
        add(("conn.%s(1, 0, 0)" % verb, lambda m, f, v=verb: getattr(f.conn, v)(1, 0, 0)))
        add(("udp.%s(unbound)" % verb, lambda m, f, v=verb: getattr(f.udp, v)(10)))
        add(("tcp.%s(unconnected)" % verb, lambda m, f, v=verb: getattr(f.tcp, v)(10)))
        add(("listener.%s" % verb, lambda m, f, v=verb: getattr(f.listener, v)(10)))
    add(("conn.recv_into(bytearray(4), 5)", lambda m, f: f.conn.recv_into(bytearray(4), 5)))
    add(("conn.recvfrom_into(bytearray(4), 5)", lambda m, f: f.conn.recvfrom_into(bytearray(4), 5)))

    # options
    for value in BAD_INTS + [b"", b"\1\0\0\0", b"\1" * 2000, bytearray(4), "1", [1], True]:
        add(("setsockopt(SO_REUSEADDR, %r)" % (value,),
             lambda m, f, v=value: f.tcp.setsockopt(m.SOL_SOCKET, m.SO_REUSEADDR, v)))
    for optlen in [-1, 0, 4, 2**31, 2**32, 2**32 - 1, 2**64, "4", 1.5]:
        add(("setsockopt(None, %r)" % (optlen,),
             lambda m, f, n=optlen: f.tcp.setsockopt(m.SOL_SOCKET, m.SO_REUSEADDR, None, n)))
    add(("setsockopt(bytes, optlen)", lambda m, f: f.tcp.setsockopt(m.SOL_SOCKET, m.SO_REUSEADDR,
                                                                   b"\1\0\0\0", 4)))
    for level in BAD_INTS + [99999]:
        add(("setsockopt(level=%r)" % (level,),
             lambda m, f, lv=level: f.tcp.setsockopt(lv, m.SO_REUSEADDR, 1)))
        add(("getsockopt(level=%r)" % (level,), lambda m, f, lv=level: f.tcp.getsockopt(lv, 2)))
        add(("setsockopt(opt=%r)" % (level,),
             lambda m, f, o=level: f.tcp.setsockopt(m.SOL_SOCKET, o, 1)))
        add(("getsockopt(opt=%r)" % (level,),
             lambda m, f, o=level: f.tcp.getsockopt(m.SOL_SOCKET, o)))
    for buflen in [0, -1, 1, 1024, 1025, 2**31, 2**32, 2**63, 2**64, "4", 1.5, None]:
        add(("getsockopt(buflen=%r)" % (buflen,),
             lambda m, f, n=buflen: f.tcp.getsockopt(m.SOL_SOCKET, m.SO_TYPE, n)))
    add(("setsockopt()", lambda m, f: f.tcp.setsockopt()))
    add(("setsockopt(1, 2)", lambda m, f: f.tcp.setsockopt(1, 2)))
    add(("getsockopt()", lambda m, f: f.tcp.getsockopt()))
    add(("setsockopt(1, 2, 3, 4, 5)", lambda m, f: f.tcp.setsockopt(1, 2, 3, 4, 5)))

    # modes
    for t in BAD_TIMEOUTS + [0, 0.0, -0.0, None, 1e-10, 2**31 // 1000, True]:
        add(("settimeout(%r)" % (t,), lambda m, f, t=t: f.tcp.settimeout(t)))
    for flag in BAD_INTS + [True, 0]:
        add(("setblocking(%r)" % (flag,), lambda m, f, v=flag: f.tcp.setblocking(v)))
    add(("settimeout()", lambda m, f: f.tcp.settimeout()))
    add(("setblocking()", lambda m, f: f.tcp.setblocking()))
    for v in BAD_INTS + [True, 0]:
        add(("set_inheritable(%r)" % (v,), lambda m, f, v=v: f.tcp.set_inheritable(v)))

    # listen / accept / shutdown
    for backlog in BAD_INTS + [0, -2**31]:
        add(("listen(%r)" % (backlog,), lambda m, f, b=backlog: f.tcp.listen(b)))
    add(("listen(1, 2)", lambda m, f: f.tcp.listen(1, 2)))
    add(("udp.listen()", lambda m, f: f.udp.listen()))
    add(("accept(not listening)", lambda m, f: f.tcp.accept()))
    add(("accept(udp)", lambda m, f: f.udp.accept()))
    add(("accept(nothing queued)", lambda m, f: f.listener.accept()))
    add(("accept(1)", lambda m, f: f.listener.accept(1)))
    for how in BAD_INTS + [3, 0, 1, 2]:
        add(("conn.shutdown(%r)" % (how,), lambda m, f, h=how: f.conn.shutdown(h)))
    add(("tcp.shutdown(unconnected)", lambda m, f: f.tcp.shutdown(m.SHUT_RDWR)))
    add(("shutdown()", lambda m, f: f.conn.shutdown()))

    # makefile
    for mode in ["x", "rwx", "", "rt", "wb+", "a", 1, None, b"r"]:
        add(("makefile(%r)" % (mode,), lambda m, f, md=mode: f.conn.makefile(md).close()))
    for buffering in [0, -1, 2**63, "x", 1.5]:
        for mode in ("r", "rb", "w", "wb", "rwb"):
            add(("makefile(%r, buffering=%r)" % (mode, buffering),
                 lambda m, f, md=mode, b=buffering: f.conn.makefile(md, buffering=b).close()))
    add(("makefile(encoding=1)", lambda m, f: f.conn.makefile("r", encoding=1).close()))
    add(("makefile(encoding=nope)", lambda m, f: f.conn.makefile("r", encoding="nope").close()))
    add(("makefile(newline=x)", lambda m, f: f.conn.makefile("r", newline="x").close()))
    add(("makefile(errors=1)", lambda m, f: f.conn.makefile("r", errors=1).close()))
    add(("makefile read on closed", lambda m, f: (lambda s: (s.close(), s.read()))(
        f.conn.makefile("rb"))))

    # messages and files
    for args in [(-1,), (2**63,), (2**64,), (1.5,), ("1",), (10, -1), (10, 2**63), (10, 2**31),
                 (10, "1"), (10, 0, -1), (10, 0, 2**31), (10, 0, None), (2**31,), ()]:
        add(("conn.recvmsg%r" % (args,), lambda m, f, a=args: f.conn.recvmsg(*a)))
    for args in [([bytearray(0)],), ([bytearray(4)], -1), ([b"abc"],), ("x",), (None,),
                 ([bytearray(4)], 2**63), ([bytearray(4)], 10, "x"), ([memoryview(b"x")],),
                 ([bytearray(4)] * 2000,), ((bytearray(4) for _ in range(2)),)]:
        add(("conn.recvmsg_into%r" % (args,), lambda m, f, a=args: f.conn.recvmsg_into(*a)))
    for args in [("x",), ([b"x"], [(1, 2)]), ([b"x"], [(1, 2, 3)]), ([b"x"], [("a", 1, b"")]),
                 ([b"x"], [(m_ for m_ in ())]), ([b"x"], [], "x"), ([b"x"], [], 2**31),
                 ([b"x"], [], 0, "addr"), ([b"x"], None), ([1],), ([b"x"] * 2000,),
                 ([b"x"], [(native.SOL_SOCKET, native.SCM_RIGHTS, b"\xff\xff\xff\x7f")]),
                 ([b"x"], [(native.SOL_SOCKET, native.SCM_RIGHTS, b"abc")]),
                 ([b"x"], [(native.SOL_SOCKET, 99999, b"x" * 70000)]), ()]:
        add(("conn.sendmsg%r" % (args,), lambda m, f, a=args: f.conn.sendmsg(*a)))
    for fname in ("empty", "data", "text", "dir", "none", "str"):
        for args in [(), (-1,), (0, -1), (0, 0), ("x",), (2**63,), (1.5,), (0, 1.5), (0, "1"),
                     (10**6,), (0, 2**63)]:
            add(("conn.sendfile(%s%r)" % (fname, args),
                 lambda m, f, n=fname, a=args: f.blocking_conn.sendfile(f.file(n), *a)))
    add(("udp.sendfile", lambda m, f: f.udp.sendfile(f.file("data"))))
    for fds in [[-1], [99999], ["x"], [2**31], None, [1.5]]:
        add(("send_fds(%r)" % (fds,), lambda m, f, v=fds: m.send_fds(f.conn, [b"x"], v)))
    for args in [(-1, 1), (10, -1), (10, 2**31), ("x", 1), (10, 2**60)]:
        add(("recv_fds%r" % (args,), lambda m, f, a=args: m.recv_fds(f.conn, *a)))
    for v in [-1, 2**31, 2**63, 2**64, "1", 1.5, None, 0, 2**31 - 1]:
        for name in ("CMSG_LEN", "CMSG_SPACE"):
            add(("%s(%r)" % (name, v), lambda m, f, n=name, v=v: getattr(m, n)(v)))

    # closed and detached sockets: every method
    calls = {
        "recv": lambda s: s.recv(1), "recv_into": lambda s: s.recv_into(bytearray(1)),
        "recvfrom": lambda s: s.recvfrom(1), "recvfrom_into": lambda s: s.recvfrom_into(bytearray(1)),
        "send": lambda s: s.send(b"x"), "sendall": lambda s: s.sendall(b"x"),
        "sendall_empty": lambda s: s.sendall(b""),
        "sendto": lambda s: s.sendto(b"x", ("127.0.0.1", 9)), "listen": lambda s: s.listen(),
        "accept": lambda s: s.accept(), "shutdown": lambda s: s.shutdown(2),
        "getsockname": lambda s: s.getsockname(), "getpeername": lambda s: s.getpeername(),
        "setsockopt": lambda s: s.setsockopt(1, 2, 1), "getsockopt": lambda s: s.getsockopt(1, 3),
        "getsockopt_buf": lambda s: s.getsockopt(1, 3, 4),
        "settimeout": lambda s: s.settimeout(1), "setblocking": lambda s: s.setblocking(False),
        "gettimeout": lambda s: s.gettimeout(), "getblocking": lambda s: s.getblocking(),
        "fileno": lambda s: s.fileno(), "detach": lambda s: s.detach(), "close": lambda s: s.close(),
        "dup": lambda s: s.dup(), "get_inheritable": lambda s: s.get_inheritable(),
        "set_inheritable": lambda s: s.set_inheritable(True), "makefile": lambda s: s.makefile(),
        "repr": repr, "family": lambda s: s.family, "type": lambda s: s.type,
        "proto": lambda s: s.proto, "timeout": lambda s: s.timeout,
        "connect_ex": lambda s: s.connect_ex(("127.0.0.1", 1)),
        "sendfile": lambda s: s.sendfile(_FdFile(0)),
        "recvmsg": lambda s: s.recvmsg(1), "recvmsg_into": lambda s: s.recvmsg_into([bytearray(1)]),
        "sendmsg": lambda s: s.sendmsg([b"x"]),
    }
    for state in ("closed", "detached"):
        for name, call in calls.items():
            add(("%s.%s" % (state, name), lambda m, f, st=state, c=call: c(getattr(f, st))))
    return cases


def _module_functions():
    cases = []
    add = cases.append
    # socket(): family, type, proto, fileno
    for v in BAD_INTS + [99999, -2]:
        add(("socket(family=%r)" % (v,), lambda m, f, v=v: f.socks.append(m.socket(v))))
        add(("socket(type=%r)" % (v,),
             lambda m, f, v=v: f.socks.append(m.socket(m.AF_INET, v))))
        add(("socket(proto=%r)" % (v,),
             lambda m, f, v=v: f.socks.append(m.socket(m.AF_INET, m.SOCK_STREAM, v))))
    for fd in [-1, -2, 2**31, 2**63, 99999, "3", 1.5, b"3", -2**31 - 1]:
        add(("socket(fileno=%r)" % (fd,), lambda m, f, fd=fd: f.socks.append(m.socket(fileno=fd))))
    add(("socket(fileno=pipe)", lambda m, f: f.socks.append(m.socket(fileno=f.pipe_fd))))
    add(("socket(fileno=closed fd)", lambda m, f: f.socks.append(m.socket(fileno=f.closed_fd))))
    add(("socket(AF_INET, SOCK_STREAM, 0, pipe)",
         lambda m, f: f.socks.append(m.socket(m.AF_INET, m.SOCK_STREAM, 0, f.pipe_fd))))
    add(("socket(1, 2, 3, 4, 5)", lambda m, f: m.socket(1, 2, 3, 4, 5)))
    add(("socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)",
         lambda m, f: f.socks.append(m.socket(m.AF_INET, m.SOCK_DGRAM, m.IPPROTO_TCP))))
    # socketpair
    for args in [(None,), ("x",), (2**31,), (-2,), (99999,), (native.AF_INET,),
                 (native.AF_UNIX, 99999), (native.AF_UNIX, native.SOCK_STREAM, 99999),
                 (native.AF_UNIX, "x"), (native.AF_UNIX, native.SOCK_STREAM, 1.5), (1, 2, 3, 4)]:
        add(("socketpair%r" % (args,), lambda m, f, a=args: f.socks.extend(m.socketpair(*a))))
    # fromfd, close, dup
    for fd in [-1, 99999, "x", 1.5, 2**31, 2**63, None]:
        add(("fromfd(%r)" % (fd,),
             lambda m, f, fd=fd: f.socks.append(m.fromfd(fd, m.AF_INET, m.SOCK_STREAM))))
        add(("close(%r)" % (fd,), lambda m, f, fd=fd: m.close(fd)))
        add(("dup(%r)" % (fd,), lambda m, f, fd=fd: f.fds.append(m.dup(fd))))
    add(("fromfd(pipe)", lambda m, f: f.socks.append(m.fromfd(f.pipe_fd, m.AF_INET, m.SOCK_STREAM))))
    add(("fromfd(closed fd)",
         lambda m, f: f.socks.append(m.fromfd(f.closed_fd, m.AF_INET, m.SOCK_STREAM))))
    add(("fromfd(sock, bad family)",
         lambda m, f: f.socks.append(m.fromfd(f.tcp.fileno(), "x", m.SOCK_STREAM))))
    add(("dup(pipe)", lambda m, f: f.fds.append(m.dup(f.pipe_fd))))
    add(("close(closed fd)", lambda m, f: m.close(f.closed_fd)))
    # create_connection / create_server
    for addr in ["x", ("127.0.0.1",), ("127.0.0.1", 1), ("127.0.0.1", "x"), ("127.0.0.1", -1),
                 ("127.0.0.1", 2**16), ("\0", 1), ("256.0.0.1", 1), (None, 1), ("127.0.0.1", None),
                 ("127.0.0.1", 1.5), 1, None, ("::1", 1, 0, 0)]:
        add(("create_connection(%r)" % (addr,),
             lambda m, f, a=addr: f.socks.append(m.create_connection(a, timeout=5))))
    for t in BAD_TIMEOUTS:
        add(("create_connection(timeout=%r)" % (t,),
             lambda m, f, t=t: f.socks.append(m.create_connection(("127.0.0.1", 1), timeout=t))))
    for src in ["x", ("127.0.0.1",), ("127.0.0.1", -1), ("256.0.0.1", 0), 1]:
        add(("create_connection(source_address=%r)" % (src,),
             lambda m, f, s=src: f.socks.append(m.create_connection(("127.0.0.1", 1), 5, s))))
    for addr in ["x", ("127.0.0.1",), ("127.0.0.1", -1), ("127.0.0.1", 2**16), ("\0", 0),
                 ("256.0.0.1", 0), 1, None, ("127.0.0.1", "0")]:
        add(("create_server(%r)" % (addr,), lambda m, f, a=addr: f.socks.append(m.create_server(a))))
    for kw in [{"family": 99999}, {"family": "x"}, {"backlog": "x"}, {"backlog": -1},
               {"backlog": 2**31}, {"dualstack_ipv6": True}, {"family": native.AF_UNIX},
               {"family": native.AF_INET6}, {"reuse_port": True}]:
        add(("create_server(%r)" % (kw,),
             lambda m, f, kw=kw: f.socks.append(m.create_server(("127.0.0.1", 0), **kw))))
    # getaddrinfo
    for host in HOSTS + NUL_HOSTS + [b"a" * 2000]:
        add(("getaddrinfo(%r)" % (host,), lambda m, f, h=host: m.getaddrinfo(h, 80)))
    for port in PORTS + ["http", "no-such-service", "80\0", b"\xff", "", 0, -2**63, "é"]:
        add(("getaddrinfo(port=%r)" % (port,), lambda m, f, p=port: m.getaddrinfo("127.0.0.1", p)))
    for v in BAD_INTS + [99999]:
        add(("getaddrinfo(family=%r)" % (v,), lambda m, f, v=v: m.getaddrinfo("127.0.0.1", 80, v)))
        add(("getaddrinfo(type=%r)" % (v,), lambda m, f, v=v: m.getaddrinfo("127.0.0.1", 80, 0, v)))
        add(("getaddrinfo(proto=%r)" % (v,),
             lambda m, f, v=v: m.getaddrinfo("127.0.0.1", 80, 0, 0, v)))
        add(("getaddrinfo(flags=%r)" % (v,),
             lambda m, f, v=v: m.getaddrinfo("127.0.0.1", 80, 0, 0, 0, v)))
    add(("getaddrinfo(None, None)", lambda m, f: m.getaddrinfo(None, None)))
    add(("getaddrinfo()", lambda m, f: m.getaddrinfo()))
    add(("getaddrinfo(AI_NUMERICHOST)",
         lambda m, f: m.getaddrinfo("localhost", 80, flags=m.AI_NUMERICHOST)))
    add(("getaddrinfo(kw host)", lambda m, f: m.getaddrinfo(host="127.0.0.1", port=80)))
    # default timeout
    for t in BAD_TIMEOUTS:
        add(("setdefaulttimeout(%r)" % (t,),
             lambda m, f, t=t: (m.setdefaulttimeout(t), m.setdefaulttimeout(None))))
    add(("setdefaulttimeout()", lambda m, f: m.setdefaulttimeout()))
    add(("getdefaulttimeout(1)", lambda m, f: m.getdefaulttimeout(1)))
    return cases


def _netdb_functions():
    """Module functions of the resolver and conversion family, for those
    gosock has (they come from their own branch)."""
    cases = []
    add = cases.append
    for name in ("htons", "ntohs", "htonl", "ntohl"):
        for v in BAD_INTS + [0, 2**16, 2**32 - 1]:
            add((name, "%s(%r)" % (name, v), lambda m, f, n=name, v=v: getattr(m, n)(v)))
    for v in ["1.2.3.4", "1.2.3.4.5", "256.0.0.1", "0x7f.1", "", "a\0", b"1.2.3.4", None, 1]:
        add(("inet_aton", "inet_aton(%r)" % (v,), lambda m, f, v=v: m.inet_aton(v)))
    for v in [b"\1\2\3\4", b"\1\2\3", b"\1" * 5, "1234", None, bytearray(4)]:
        add(("inet_ntoa", "inet_ntoa(%r)" % (v,), lambda m, f, v=v: m.inet_ntoa(v)))
    for fam in [native.AF_INET, native.AF_INET6, 99999, "x", 2**31]:
        for v in ["1.2.3.4", "::1", "1.2.3.4.5", "::g", "", "a\0", b"::1", None]:
            add(("inet_pton", "inet_pton(%r, %r)" % (fam, v),
                 lambda m, f, fa=fam, v=v: m.inet_pton(fa, v)))
        for v in [b"\1\2\3\4", b"\0" * 16, b"\0" * 5, "1234", None, bytearray(16)]:
            add(("inet_ntop", "inet_ntop(%r, %r)" % (fam, v),
                 lambda m, f, fa=fam, v=v: m.inet_ntop(fa, v)))
    for v in ["localhost\0", "\0", 1, None, "a" * 2000, "256.0.0.1"]:
        add(("gethostbyname", "gethostbyname(%r)" % (v,), lambda m, f, v=v: m.gethostbyname(v)))
        add(("gethostbyname_ex", "gethostbyname_ex(%r)" % (v,),
             lambda m, f, v=v: m.gethostbyname_ex(v)))
    for v in ["1.2.3.4.5", "\0", 1, None]:
        add(("gethostbyaddr", "gethostbyaddr(%r)" % (v,), lambda m, f, v=v: m.gethostbyaddr(v)))
    for args in [(("127.0.0.1", 80), 0), (("127.0.0.1", -1), 0), (("127.0.0.1",), 0),
                 (("127.0.0.1", 80), "x"), ("x", 0), (("\0", 80), 0), (("::1", 80, 2**20), 0),
                 (("::1", 80, 0, 2**32), 0), (("256.0.0.1", 80), 0)]:
        add(("getnameinfo", "getnameinfo%r" % (args,), lambda m, f, a=args: m.getnameinfo(*a)))
    for v in ["http", "nope", "\0", 1, None]:
        add(("getservbyname", "getservbyname(%r)" % (v,), lambda m, f, v=v: m.getservbyname(v)))
        add(("getprotobyname", "getprotobyname(%r)" % (v,), lambda m, f, v=v: m.getprotobyname(v)))
    for v in [80, -1, 65536, 2**31, "80", None]:
        add(("getservbyport", "getservbyport(%r)" % (v,), lambda m, f, v=v: m.getservbyport(v)))
    for v in ["lo", "nope", "\0", "lo\0", 1, None, b"lo"]:
        add(("if_nametoindex", "if_nametoindex(%r)" % (v,), lambda m, f, v=v: m.if_nametoindex(v)))
    for v in [1, 0, -1, 2**32, 2**64, "1", None]:
        add(("if_indextoname", "if_indextoname(%r)" % (v,), lambda m, f, v=v: m.if_indextoname(v)))
    return cases


class BadInputTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        faulthandler.dump_traceback_later(HANG_GUARD, exit=True)
        self.cwd = os.getcwd()
        self.tmp = tempfile.mkdtemp(prefix="gosock-bad-input-")
        os.chdir(self.tmp)

    def tearDown(self):
        os.chdir(self.cwd)
        shutil.rmtree(self.tmp)
        faulthandler.cancel_dump_traceback_later()

    def check(self, cases):
        mismatches = []
        leaks = []
        for name, fn in cases:
            # The native module leaks in places (fromfd() on a bad
            # descriptor, create_connection() with a bad timeout): not ours
            # to check, only to clean up.
            before = open_fds()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ResourceWarning)
                want = outcome(native, fn)
            for fd in open_fds() - before:
                os.close(int(fd))
            before = open_fds()
            with warnings.catch_warnings(record=True) as warned:
                warnings.simplefilter("always", ResourceWarning)
                got = outcome(gosock, fn)
            leaked = open_fds() - before
            if got != want:
                mismatches.append("%s: gosock %s, native %s" % (name, got, want))
            if leaked:
                leaks.append("%s: %s" % (name, sorted(leaked)))
            leaks += ["%s: %s" % (name, w.message) for w in warned
                      if issubclass(w.category, ResourceWarning)]
        self.assertEqual(mismatches, [])
        self.assertEqual(leaks, [])
        return len(cases)

    def test_socket_methods(self):
        self.assertGreater(self.check(_sock_methods()), 500)

    def test_module_functions(self):
        self.assertGreater(self.check(_module_functions()), 200)

    def test_netdb_functions(self):
        cases = [(name, fn) for func, name, fn in _netdb_functions() if hasattr(gosock, func)]
        self.check(cases)

    def test_nothing_left_behind(self):
        """After all of that, the default timeout is still None and
        gosock still works."""
        self.assertIsNone(gosock.getdefaulttimeout())
        a, b = gosock.socketpair()
        a.sendall(b"ok")
        self.assertEqual(b.recv(2), b"ok")
        a.close()
        b.close()


if __name__ == "__main__":
    unittest.main()
