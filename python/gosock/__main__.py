"""python -m gosock: which gosock this is, which libgosock it loaded, and a
short self-test (socketpair echo, TCP loopback echo, getaddrinfo localhost,
a timeout). Exits 1 when a check fails."""
import ipaddress
import sys
import time

import gosock
from gosock import _ffi

_IO_TIMEOUT = 5.0


def check_socketpair():
    a, b = gosock.socketpair()
    with a, b:
        a.settimeout(_IO_TIMEOUT)
        b.settimeout(_IO_TIMEOUT)
        a.sendall(b"ping")
        got = b.recv(16)
        if got != b"ping":
            raise AssertionError("sent b'ping', received %r" % got)
        b.sendall(got)
        back = a.recv(16)
        if back != b"ping":
            raise AssertionError("echo came back as %r" % back)
    return "4 bytes each way"


def check_tcp_loopback():
    with gosock.create_server(("127.0.0.1", 0)) as srv:
        srv.settimeout(_IO_TIMEOUT)
        host, port = srv.getsockname()
        with gosock.create_connection((host, port), timeout=_IO_TIMEOUT) as cli:
            conn, _ = srv.accept()
            with conn:
                conn.settimeout(_IO_TIMEOUT)
                cli.sendall(b"Hello, world")
                data = conn.recv(1024)
                conn.sendall(data)
                got = cli.recv(1024)
    if got != b"Hello, world":
        raise AssertionError("echo came back as %r" % got)
    return "%s:%d" % (host, port)


def check_getaddrinfo():
    res = gosock.getaddrinfo("localhost", 80, type=gosock.SOCK_STREAM)
    if not res:
        raise AssertionError("no addresses")
    hosts = []
    for family, kind, _, _, sa in res:
        if kind != gosock.SOCK_STREAM or sa[1] != 80:
            raise AssertionError("unexpected result %r" % ((family, kind, sa),))
        if not ipaddress.ip_address(sa[0].split("%")[0]).is_loopback:
            raise AssertionError("localhost resolved to %s" % sa[0])
        if sa[0] not in hosts:
            hosts.append(sa[0])
    return ", ".join(hosts)


def check_timeout():
    a, b = gosock.socketpair()
    with a, b:
        a.settimeout(0.05)
        start = time.monotonic()
        try:
            a.recv(1)
        except TimeoutError:
            elapsed = time.monotonic() - start
        else:
            raise AssertionError("recv returned without data or timeout")
    if not 0.05 <= elapsed < 2.0:
        raise AssertionError("timed out after %.3f s, expected 0.05 s" % elapsed)
    return "recv timed out after %.3f s (timeout 0.05 s)" % elapsed


CHECKS = [
    ("socketpair echo", check_socketpair),
    ("TCP loopback echo", check_tcp_loopback),
    ("getaddrinfo localhost", check_getaddrinfo),
    ("timeout", check_timeout),
]


def _version_string(hexv):
    return "%d.%d.%d" % (hexv >> 16, (hexv >> 8) & 0xFF, hexv & 0xFF)


def main(argv=None, checks=None, out=None):
    out = out or sys.stdout
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m gosock\n\n" + __doc__, file=out)
        return 0
    checks = CHECKS if checks is None else checks
    print("gosock %s: Python's socket module implemented in Go" % gosock.__version__, file=out)
    print("library: %s (version %s)" % (gosock.library_path,
                                         _version_string(_ffi.lib.gosock_version())), file=out)
    print("python:  %s %s" % (sys.implementation.name, sys.version.split()[0]), file=out)
    print("self-test:", file=out)
    failed = 0
    for name, fn in checks:
        try:
            detail = fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            print("  FAIL  %s: %s: %s" % (name, type(e).__name__, e), file=out)
        else:
            print("  ok    %s: %s" % (name, detail), file=out)
    if failed:
        print("%d of %d checks failed" % (failed, len(checks)), file=out)
        return 1
    print("all %d checks passed" % len(checks), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
