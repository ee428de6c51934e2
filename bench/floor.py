#!/usr/bin/env python3
"""How fast could gosock be? The ceiling that the design allows, measured.

    python3 bench/floor.py [--rounds N] [--cpu N]

For the workloads that are bound by the cost of each call (bench/RESULTS.md),
this times the same operations four ways in one process pinned to one CPU,
interleaved, best round of --rounds:

  native    the native socket module's method
  ctypes    the same system call or C function through a ctypes call to the
            C library: what any pure-Python drop-in that calls C through
            ctypes pays at least, whatever it is built on (not gosock: no
            Go, no shim; a reference point only)
  bare      the libgosock function through ctypes, as the shim binds it,
            plus only what turns its result into the Python value (a bytes
            slice, an address tuple): a shim that cost nothing
  gosock    gosock's method

and prints each as a rate and as a ratio to native. A target above the
"bare" ratio cannot be met by any change to the shim: what is left is the
ctypes call and the Go call (cgo callback and the runtime's system-call
bookkeeping), which the architecture rules fix. Above the "ctypes" ratio, no
ctypes-based module can meet it. The numbers are only as quiet as the
machine; the figures in bench/RESULTS.md were taken idle.
"""
import argparse
import ctypes
import os
import socket as native
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import gosock  # noqa: E402
from gosock import _addr, _ffi  # noqa: E402

libc = ctypes.CDLL(None, use_errno=False)
NODL = _ffi.NO_DEADLINE_FAST
BATCH = 2000


def timed(fn):
    """ns per operation of fn(BATCH), which does BATCH operations."""
    t = time.perf_counter_ns()
    fn(BATCH)
    return (time.perf_counter_ns() - t) / BATCH


def socketpair_case():
    """1-byte ping-pong over a socketpair, one thread: 4 calls a round trip."""
    na, nb = native.socketpair()
    ga, gb = gosock.socketpair()
    fa, fb = ga.fileno(), gb.fileno()
    buf = (ctypes.c_char * 64)()
    csend, crecv = libc.send, libc.recv
    csend.restype = crecv.restype = ctypes.c_ssize_t
    gsend, grecv = _ffi.send_fast, _ffi.recv_fast

    def nat(n):
        for _ in range(n):
            na.send(b"x"); nb.recv(1); nb.send(b"y"); na.recv(1)

    def viac(n):
        for _ in range(n):
            csend(fa, b"x", 1, 0); buf[:crecv(fb, buf, 1, 0)]
            csend(fb, b"y", 1, 0); buf[:crecv(fa, buf, 1, 0)]

    def bare(n):
        for _ in range(n):
            gsend(fa, b"x", 1, 0, NODL); buf[:grecv(fb, buf, 1, 0, NODL)]
            gsend(fb, b"y", 1, 0, NODL); buf[:grecv(fa, buf, 1, 0, NODL)]

    def gos(n):
        for _ in range(n):
            ga.send(b"x"); gb.recv(1); gb.send(b"y"); ga.recv(1)

    return "socketpair_pingpong_1b", (nat, viac, bare, gos), (na, nb, ga, gb)


def udp_case():
    """32-byte UDP ping-pong on loopback, one thread: sendto/recvfrom."""
    socks = []
    msg = b"u" * 32

    def pair(mod):
        a = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        b = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        socks.extend((a, b))
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        return a, b, a.getsockname(), b.getsockname()

    na, nb, naddr, nbaddr = pair(native)
    ga, gb, gaddr, gbaddr = pair(gosock)
    fa, fb = ga.fileno(), gb.fileno()
    buf = (ctypes.c_char * 2048)()
    to_a = _addr.to_c(gosock.AF_INET, gaddr, "sendto", 0)
    to_b = _addr.to_c(gosock.AF_INET, gbaddr, "sendto", 0)
    pto_a, pto_b = ctypes.byref(to_a), ctypes.byref(to_b)
    frm = _ffi.Addr()
    pfrm = ctypes.byref(frm)
    gsendto, grecvfrom, from_c = _ffi.sendto_fast, _ffi.recvfrom_fast, _addr.from_c

    def nat(n):
        for _ in range(n):
            na.sendto(msg, nbaddr); nb.recvfrom(2048); nb.sendto(msg, naddr); na.recvfrom(2048)

    def bare(n):
        for _ in range(n):
            gsendto(fa, msg, 32, 0, pto_b, NODL)
            buf[:grecvfrom(fb, buf, 2048, 0, NODL, pfrm)], from_c(frm)
            gsendto(fb, msg, 32, 0, pto_a, NODL)
            buf[:grecvfrom(fa, buf, 2048, 0, NODL, pfrm)], from_c(frm)

    def gos(n):
        for _ in range(n):
            ga.sendto(msg, gbaddr); gb.recvfrom(2048); gb.sendto(msg, gaddr); ga.recvfrom(2048)

    return "udp_pingpong", (nat, None, bare, gos), socks


def _tcp_pair(mod):
    ls = mod.create_server(("127.0.0.1", 0))
    c = mod.create_connection(ls.getsockname())
    s, _ = ls.accept()
    ls.close()
    for x in (c, s):
        x.setsockopt(mod.IPPROTO_TCP, mod.TCP_NODELAY, 1)
    return c, s


def tcp_case():
    """64-byte TCP ping-pong with an echo thread (each side's own calls)."""
    msg = b"m" * 64
    pairs = [_tcp_pair(native)] + [_tcp_pair(gosock) for _ in range(3)]
    socks = [x for p in pairs for x in p]
    csend, crecv = libc.send, libc.recv
    csend.restype = crecv.restype = ctypes.c_ssize_t
    gsend, grecv = _ffi.send_fast, _ffi.recv_fast

    def method_echo(s):
        def loop():
            while True:
                d = s.recv(64)
                if not d:
                    return
                s.send(d)
        return loop

    def libc_echo(fd):
        buf = (ctypes.c_char * 64)()

        def loop():
            while True:
                r = crecv(fd, buf, 64, 0)
                if r <= 0:
                    return
                csend(fd, buf[:r], r, 0)
        return loop

    def bare_echo(fd):
        buf = (ctypes.c_char * 64)()

        def loop():
            while True:
                r = grecv(fd, buf, 64, 0, NODL)
                if r <= 0:
                    return
                gsend(fd, buf[:r], r, 0, NODL)
        return loop

    (nc, ns), (cc, cs), (bc, bs), (gc, gs) = pairs
    cfd, bfd = cc.fileno(), bc.fileno()
    cbuf = (ctypes.c_char * 64)()
    bbuf = (ctypes.c_char * 64)()
    echoes = [method_echo(ns), libc_echo(cs.fileno()), bare_echo(bs.fileno()), method_echo(gs)]
    threads = [threading.Thread(target=e, daemon=True) for e in echoes]
    for t in threads:
        t.start()

    def nat(n):
        for _ in range(n):
            nc.send(msg); nc.recv(64)

    def viac(n):
        for _ in range(n):
            csend(cfd, msg, 64, 0); cbuf[:crecv(cfd, cbuf, 64, 0)]

    def bare(n):
        for _ in range(n):
            gsend(bfd, msg, 64, 0, NODL); bbuf[:grecv(bfd, bbuf, 64, 0, NODL)]

    def gos(n):
        for _ in range(n):
            gc.send(msg); gc.recv(64)

    class Closer:
        """Closing the clients ends the echo threads (EOF)."""
        def close(self):
            for c in (nc, cc, bc, gc):
                c.shutdown(native.SHUT_WR)
            for t in threads:
                t.join(10)
            for x in socks:
                x.close()

    return "tcp_pingpong_64b", (nat, viac, bare, gos), (Closer(),)


def getaddrinfo_case():
    """getaddrinfo('localhost', 80); bare and ctypes: the call and the free
    only. Both modules also encode the name (IDNA) and make the tuples and
    enums in Python, which these leave out: their ratios are upper bounds."""
    hints = (ctypes.c_char * 48)()  # struct addrinfo, all zero, as CPython passes
    res = ctypes.c_void_p()
    pres = ctypes.byref(res)
    cgai, cfree = libc.getaddrinfo, libc.freeaddrinfo
    out = ctypes.POINTER(_ffi.AddrInfo)()
    pout = ctypes.byref(out)
    ggai, gfree = _ffi.getaddrinfo_fast, _ffi.free_fast
    ngai, gogai = native.getaddrinfo, gosock.getaddrinfo

    def nat(n):
        for _ in range(n):
            ngai("localhost", 80)

    def viac(n):
        for _ in range(n):
            if cgai(b"localhost", b"80", hints, pres) == 0:
                cfree(res)

    def bare(n):
        for _ in range(n):
            if ggai(b"localhost", b"80", 0, 0, 0, 0, pout) >= 0:
                gfree(out)

    def gos(n):
        for _ in range(n):
            gogai("localhost", 80)

    return "getaddrinfo_localhost", (nat, viac, bare, gos), ()


def getsockname_case():
    ns = native.socket()
    gs = gosock.socket()
    ns.bind(("127.0.0.1", 0))
    gs.bind(("127.0.0.1", 0))
    fd = gs.fileno()
    a = _ffi.Addr()
    pa = ctypes.byref(a)
    sa = (ctypes.c_char * 128)()
    salen = ctypes.c_uint32(128)
    psalen = ctypes.byref(salen)
    cgsn = libc.getsockname
    ggsn, from_c = _ffi.getsockname_fast, _addr.from_c
    nf, gf = ns.getsockname, gs.getsockname

    def nat(n):
        for _ in range(n):
            nf()

    def viac(n):  # the call only: decoding sockaddr_in would cost more
        for _ in range(n):
            cgsn(fd, sa, psalen)

    def bare(n):
        for _ in range(n):
            ggsn(fd, pa); from_c(a)

    def gos(n):
        for _ in range(n):
            gf()

    return "call_getsockname", (nat, viac, bare, gos), (ns, gs)


def htons_case():
    ch, gh = libc.htons, _ffi.htons_fast
    ch.restype = ctypes.c_uint16
    nh, goh = native.htons, gosock.htons

    def nat(n):
        for _ in range(n):
            nh(8080)

    def viac(n):
        for _ in range(n):
            ch(8080)

    def bare(n):
        for _ in range(n):
            gh(8080)

    def gos(n):
        for _ in range(n):
            goh(8080)

    return "call_htons", (nat, viac, bare, gos), ()


def inet_pton_case():
    cp, gp = libc.inet_pton, _ffi.inet_pton4_fast
    out = (ctypes.c_char * 16)()
    np_, gop = native.inet_pton, gosock.inet_pton

    def nat(n):
        for _ in range(n):
            np_(2, "127.0.0.1")

    def viac(n):
        for _ in range(n):
            cp(2, "127.0.0.1".encode(), out); out[:4]

    def bare(n):
        for _ in range(n):
            gp("127.0.0.1".encode()).to_bytes(4, "big")

    def gos(n):
        for _ in range(n):
            gop(2, "127.0.0.1")

    return "call_inet_pton", (nat, viac, bare, gos), ()


CASES = (socketpair_case, tcp_case, udp_case, getsockname_case, getaddrinfo_case,
         htons_case, inet_pton_case)
SIDES = ("native", "ctypes", "bare", "gosock")


def run(rounds):
    rows = []
    for make in CASES:
        name, fns, socks = make()
        try:
            best = [float("inf")] * 4
            for f in fns:  # warm up (specialisation, pools)
                if f:
                    f(BATCH)
            for r in range(rounds):
                order = range(4) if r % 2 == 0 else range(3, -1, -1)
                for i in order:
                    if fns[i]:
                        best[i] = min(best[i], timed(fns[i]))
        finally:
            for s in socks:
                s.close()
        rows.append((name, best))
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=60, help="timed rounds per side (default 60)")
    ap.add_argument("--cpu", type=int, default=os.cpu_count() - 1, help="CPU to pin to (default the last)")
    args = ap.parse_args(argv)
    os.sched_setaffinity(0, {args.cpu})
    rows = run(args.rounds)
    print("# ceiling of a ctypes drop-in (bench/floor.py): ns per operation, best of %d rounds "
          "of %d; ratio = native time / time (>1: faster than native)" % (args.rounds, BATCH))
    print("%-24s %9s %9s %9s %9s   %7s %7s %7s" % (
        "workload", "native", "ctypes", "bare", "gosock", "ctypes", "bare", "gosock"))
    for name, best in rows:
        ns = ["%9.0f" % b if b != float("inf") else "%9s" % "-" for b in best]
        ratios = ["%7.3f" % (best[0] / b) if b != float("inf") else "%7s" % "-" for b in best[1:]]
        print("%-24s %s   %s" % (name, " ".join(ns), " ".join(ratios)))


if __name__ == "__main__":
    main()
