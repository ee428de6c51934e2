#!/usr/bin/env python3
"""mkvectors.py: runs the NATIVE socket module on the cases below and writes
what it does to vectors.json (read by the Go and Python tests) and
vectors.txt (the same cases in a line format for the C tests).

    python3 core/testdata/mkvectors.py          # rewrite both files
    python3 core/testdata/mkvectors.py --check  # exit 1 if they are stale

Only cases whose outcome is fixed on this machine belong here: numeric
addresses, names from /etc/hosts ("localhost"), entries of /etc/services and
/etc/protocols, the interface "lo". Anything that would ask DNS is tested
live against the native module instead (tests_py/test_netdb.py).

Each case is a function name and a Python expression for its arguments,
evaluated with NAMESPACE. The Python tests evaluate the same expression;
the Go and C tests get the arguments as the C API sees them ("c" tokens),
when the case can be expressed there at all (argument type errors cannot).

Token language of "c" and "c_expect" (and of vectors.txt):
    i:<decimal>   an integer            s:<hex>   a string (its bytes)
    b:<hex>       bytes                 n         None / NULL
    L<count>      a list of the next <count> values
Expectations: "ok <value>" or "err <Kind> <errno> <hex message>", where Kind
is OSError, gaierror, herror, ValueError, TypeError or OverflowError.
"""
import json
import os
import random
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
JSON_PATH = os.path.join(HERE, "vectors.json")
TXT_PATH = os.path.join(HERE, "vectors.txt")


class Index:
    """An object with __index__ (accepted where CPython takes an index)."""

    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


NAMESPACE = {"Index": Index, "AF_INET": socket.AF_INET, "AF_INET6": socket.AF_INET6,
             "AF_UNIX": socket.AF_UNIX, "AF_UNSPEC": socket.AF_UNSPEC}

I64_MIN, I64_MAX = -2**63, 2**63 - 1
KINDS = ("OSError", "gaierror", "herror", "ValueError", "TypeError", "OverflowError")


# ---- the cases --------------------------------------------------------------

def int_cases():
    vals = [0, 1, 2, 0x7F, 0xFF, 0x100, 0x1234, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x10000,
            0x12345678, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, 0x100000000,
            -1, -2, -0xFFFF, -2**31, -2**31 - 1, -2**32, 2**63 - 1, 2**63, 2**64 - 1, 2**64,
            -2**63, -2**63 - 1, 1 << 1000, -(1 << 1000)]
    exprs = [repr(v) for v in vals]
    exprs += ["True", "False", "1.0", "'1'", "None", "b'\\x01'", "Index(1)", "Index(0x10000)",
              "Index(-1)", "[]"]
    return exprs


def cmsg_cases():
    vals = list(range(0, 34)) + [-1, -2, 1000, 65535, 2**31 - 1 - 24, 2**31 - 1 - 23,
                                  2**31 - 1 - 17, 2**31 - 1 - 16, 2**31 - 1 - 15, 2**31 - 1,
                                  2**31, 2**32, 2**63 - 1, 2**63, -2**63, -2**63 - 1, 1 << 100]
    return [repr(v) for v in vals] + ["True", "1.0", "'1'", "None", "Index(5)"]


def aton_strings():
    s = ["0.0.0.0", "1.2.3.4", "255.255.255.255", "127.1", "127.0.1", "1", "0", "0x7f.1",
         "0X7F.0.0.1", "017.0.0.1", "0177.1", "08.1.1.1", "09", "0x", "0x.1.1.1", "0xg",
         "1.0x100.1", "1.65536", "1.65535", "1.2.65536", "1.2.65535", "1.16777215",
         "1.16777216", "4294967295", "4294967296", "0xffffffff", "0x100000000",
         "037777777777", "040000000000", "1.2.3.4.5", "1.2.3.", "1..2", ".1.2.3", "1.2.3.256",
         "256.1", "255.16777215", "1.2.3.4 ", "1.2.3.4 junk", "1.2.3.4\tx", "1.2.3.4\n",
         "1.2.3.4\x0b", "1.2.3.4\x0c", "1.2.3.4\r", " 1.2.3.4", "1.2.3.4x", "+1.2.3.4",
         "-1.2.3.4", "1.-2.3.4", "1.+2.3.4", "", " ", ".", "a", "1.2.3.4\u00e9", "\u00e9",
         "0x1.0x2.0x3.0x4", "0x01.0x02.0x03.0x04", "00000000001.2.3.4", "0x000000ff.1",
         "1.2.3.0377", "1.2.3.0400", "1.2.0xffff", "1.2.0x10000", "99999999999999999999",
         "0x99999999999999999999", "1.2.3.4\x00", "1.2.3.4\x00junk", "127.0.0.1:80",
         "1e3", "1.2.3.4/24"]
    rng = random.Random(4)
    alphabet = "0123456789.xX abf\t"
    for _ in range(60):
        s.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
    return s


PTON4 = ["0.0.0.0", "1.2.3.4", "255.255.255.255", "127.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
         "0.0.0.00", "256.1.1.1", "1.2.3.255", "1.2.3.256", "0x1.2.3.4", "1.2.3.4 ", " 1.2.3.4",
         "1..3.4", "1.2.3.", ".1.2.3", "", "a.0.0.0", "::1", "1.2.3.4\x00", "1.2.3.04",
         "10.0.0.1", "999.1.1.1", "1.2.3.4\u00e9"]
PTON6 = ["::", "0::0", "1::", "::1", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8",
         "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6", "1:2:3:4:5:6:", "1:2:3:4:5:6:7:8:",
         ":1:2:3:4:5:6:7", ":::", "::0::", "1::abc::", "1::abc::def", "0x20::", "12345::",
         "1234::", "01234::", "ffff::", "FFFF::", "fFfF::aB", "g::", ":", "1:", ":1",
         "45ef:76cb:1a:56ef:afeb:bac:1924:aeae", "ad42:abc::127:0:254:2", "12:a::",
         "::254.42.23.64", "42::a29b:254.42.23.64", "42:a8b9:0:2:ffff:a29b:254.42.23.64",
         "255.254.253.252", "1::260.2.3.0", "1::0.be.e.0", "1:2:3:4:5:6:7:1.2.3.4",
         "::1.2.3.4:0", "0.100.200.0:3:4:5:6:7:8", "::ffff:1.2.3.4", "::ffff:1.2.3",
         "::ffff:01.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5::1.2.3.4", "::1.2.3.4.5",
         "1.2.3.4::", "::1%lo", "fe80::1%1", "::1 ", " ::1", "::1\x00", "1::2::3", "::ffff",
         "0:0:0:0:0:0:0:0", "0000:0000:0000:0000:0000:0000:0000:0001", "00000::1",
         "::\u00e9", "1:2:3:4:5:6:7:8::", "::2:3:4:5:6:7:8", "1::3:4:5:6:7:8"]


def ntop6_inputs():
    """Packed IPv6 addresses covering every pattern of zero groups."""
    out = []
    for mask in range(256):
        words = [0 if mask >> i & 1 else (0x1111 * (i + 1)) & 0xFFFF or 1 for i in range(8)]
        out.append(b"".join(w.to_bytes(2, "big") for w in words))
    for tail in (b"\x01\x02\x03\x04", b"\x00\x00\x00\x01", b"\x00\x00\x01\x00", b"\xff\xff\xff\xff"):
        out.append(b"\x00" * 12 + tail)
        out.append(b"\x00" * 10 + b"\xff\xff" + tail)
        out.append(b"\x00" * 10 + b"\xff\xfe" + tail)
        out.append(b"\x00" * 8 + b"\x00\x01\xff\xff" + tail)
        out.append(b"\x00\x01" + b"\x00" * 10 + tail)
    return out


def build_cases():
    c = []

    def add(fn, args):
        c.append((fn, args))

    for fn in ("htons", "ntohs", "htonl", "ntohl"):
        for a in int_cases():
            add(fn, "(%s,)" % a)
    for fn in ("CMSG_LEN", "CMSG_SPACE"):
        for a in cmsg_cases():
            add(fn, "(%s,)" % a)

    for s in aton_strings():
        add("inet_aton", "(%r,)" % s)
    for a in ["b'1.2.3.4'", "None", "3", "'\\ud800'"]:
        add("inet_aton", "(%s,)" % a)

    for n in range(7):
        add("inet_ntoa", "(%r,)" % bytes(range(1, n + 1)))
    for a in ["b'\\x00\\x00\\x00\\x00'", "b'\\xff\\xff\\xff\\xff'", "b'\\x7f\\x00\\x00\\x01'",
              "b'\\n\\x00\\x00\\xff'", "bytearray(b'abcd')", "memoryview(b'abcd')",
              "memoryview(b'abcdefgh')[::2]", "'abcd'", "None", "1", "b'\\x00' * 16"]:
        add("inet_ntoa", "(%s,)" % a)

    for s in PTON4:
        add("inet_pton", "(AF_INET, %r)" % s)
    for s in PTON6:
        add("inet_pton", "(AF_INET6, %r)" % s)
    for a in ["AF_UNIX, '1.2.3.4'", "99, '1.2.3.4'", "0, '::'", "-1, '::'", "2**31, '::'",
              "-2**31 - 1, '::'", "AF_INET, b'1.2.3.4'", "AF_INET, None", "'2', '1.2.3.4'",
              "2.0, '1.2.3.4'", "Index(2), '1.2.3.4'", "AF_INET6, '\\ud800'",
              "2**31, '1.2.3.4\\x00'", "99, '1.2.3.4\\x00'"]:
        add("inet_pton", "(%s,)" % a)

    for b in [b"\x00\x00\x00\x00", b"\x01\x02\x03\x04", b"\xff\xff\xff\xff", b"\x7f\x00\x00\x01",
              b"\x0a\x00\x00\x0a", b"\xc0\xa8\x01\x64"]:
        add("inet_ntop", "(AF_INET, %r)" % b)
    for b in ntop6_inputs():
        add("inet_ntop", "(AF_INET6, %r)" % b)
    for a in ["AF_INET, b'abc'", "AF_INET, b'abcde'", "AF_INET, b'\\x00' * 16", "AF_INET6, b'a' * 15",
              "AF_INET6, b'a' * 17", "AF_INET6, b'\\x00' * 4", "99, b'abcd'", "-1, b''", "0, b''",
              "AF_UNIX, b'abcd'", "2**31, b'abcd'", "AF_INET, 'abcd'", "AF_INET, None",
              "AF_INET, bytearray(b'abcd')", "AF_INET, memoryview(b'abcd')",
              "AF_INET, memoryview(b'abcdefgh')[::2]", "'2', b'abcd'", "AF_INET6, bytearray(16)"]:
        add("inet_ntop", "(%s,)" % a)

    hosts = ["localhost", "LOCALHOST", "LocalHost", "127.0.0.1", "127.1", "0x7f.1", "017.1",
             "127.0.0.01", "1.2.3.4", "10.0.0.1", "0.0.0.0", "255.255.255.255", "<broadcast>", "",
             "::1", "::", "::ffff:1.2.3.4", "fe80::1%lo", "1:2:3:4:5:6:7:8"]
    for h in hosts:
        add("gethostbyname", "(%r,)" % h)
    for a in ["b'localhost'", "bytearray(b'127.0.0.1')", "memoryview(b'localhost')", "None", "3",
              "'a\\x00b'", "b'a\\x00b'", "'a' * 64", "'a' * 64 + '\\u00e9'", "'\\udcff'", "'.'",
              "'a..b'"]:
        add("gethostbyname", "(%s,)" % a)
    for h in ["localhost", "LOCALHOST", "127.0.0.1", "127.1", "017.1", "1.2.3.4", "10.0.0.1",
              "0.0.0.0", "255.255.255.255", "::1", "::ffff:1.2.3.4"]:
        add("gethostbyname_ex", "(%r,)" % h)
    for a in ["b'localhost'", "None", "'a\\x00b'", "'\\udcff'"]:
        add("gethostbyname_ex", "(%s,)" % a)
    for h in ["127.0.0.1", "127.1", "localhost", "LOCALHOST", "", "0x7f.0.0.1"]:
        add("gethostbyaddr", "(%r,)" % h)
    for a in ["b'127.0.0.1'", "bytearray(b'127.0.0.1')", "None", "1", "'a\\x00b'", "'\\udcff'"]:
        add("gethostbyaddr", "(%s,)" % a)

    N = socket.NI_NUMERICHOST | socket.NI_NUMERICSERV
    for sa in ["('127.0.0.1', 80)", "('127.0.0.1', 53)", "('127.0.0.1', 0)", "('127.0.0.1', 65535)",
               "('127.0.0.1', 70000)", "('127.0.0.1', -1)", "('127.0.0.1', 2**31)",
               "('127.0.0.1', -2**31 - 1)", "('127.0.0.1', 80, 0, 0)", "('127.0.0.1', 80, 0)",
               "('::1', 80)", "('::1', 80, 0, 0)", "('::1', 80, 0xfffff, 1)", "('::1', 80, 0x100000, 1)",
               "('::1', 80, -1, 1)", "('::1', 80, 0, 2**32)", "('::1', 80, 0, 2**32 - 1)",
               "('::1', 80, 0, -1)", "('fe80::1', 80, 0, 1)", "('fe80::1', 80, 0, 0)",
               "('::ffff:127.0.0.1', 443)", "('::1', 22, 0)", "('', 80)", "('localhost', 80)",
               "('1.2.3.4.5', 1)", "('127.0.0.1\\x00', 80)", "('127.1', 80)", "('0x7f.0.0.1', 80)",
               "('fe80::1%lo', 80)"]:
        for fl in (0, N, socket.NI_NUMERICHOST, socket.NI_NUMERICSERV,
                   socket.NI_NUMERICHOST | socket.NI_DGRAM):
            if "'::" in sa or "'fe80" in sa:
                fl |= socket.NI_NUMERICHOST  # a reverse IPv6 lookup would ask DNS
            add("getnameinfo", "(%s, %d)" % (sa, fl))
    for a in ["('127.0.0.1', 80), socket_NAMEREQD", "('127.0.0.1', 80), -1",
              "('127.0.0.1', 80), 2**31", "('127.0.0.1', 80), 1 << 16",
              "['127.0.0.1', 80], 0", "'127.0.0.1', 0", "('127.0.0.1',), 0", "(), 0",
              "('127.0.0.1', '80'), 0", "(b'127.0.0.1', 80), 0", "(1, 2), 0",
              "('127.0.0.1', 80, 0, 0, 0), 0", "('127.0.0.1', 80.0), 3", "('127.0.0.1', 80, 1.0), 3",
              "('127.0.0.1', True), 3", "('127.0.0.1', 80), 1.0", "('127.0.0.1', Index(80)), 3",
              "('::1', 80, Index(5), 2), 3", "('::1', 80, 2**40 + 7, 2**33 + 1), 3",
              "('127.0.0.1', 2**63), 3", "('\\ud800', 80), 3", "('\\u00e9', 80), 3"]:
        add("getnameinfo", "(%s,)" % a.replace("socket_NAMEREQD", str(socket.NI_NAMEREQD)))

    for a in ["'http'", "'http', 'tcp'", "'http', 'udp'", "'domain', 'udp'", "'domain', 'tcp'",
              "'www', 'tcp'", "'ssh'", "'HTTP'", "'nope'", "'http', 'xx'", "''", "'', ''",
              "'http', ''", "'ht\\x00tp'", "'http', 't\\x00cp'", "b'http'", "'http', b'tcp'",
              "'http', None", "None", "'\\u00e9'", "'\\ud800'", "'https', 'tcp'", "'smtp'",
              "'ftp'", "'telnet'"]:
        add("getservbyname", "(%s,)" % a)
    for a in ["80", "80, 'tcp'", "80, 'udp'", "53, 'udp'", "53", "22", "443", "25", "1", "0",
              "65535", "-1", "65536", "2**31", "-2**31 - 1", "2**63", "80, 'xx'", "80, ''",
              "80, 't\\x00cp'", "80, None", "80, b'tcp'", "'80'", "80.0", "True", "Index(80)",
              "-1, 'tcp'", "2**31, 't\\x00cp'", "-1, 't\\x00cp'", "65536, 'nope'"]:
        add("getservbyport", "(%s,)" % a)
    for a in ["'tcp'", "'TCP'", "'udp'", "'icmp'", "'ip'", "'ipv6'", "'ipv6-icmp'", "'sctp'",
              "'nope'", "''", "'t\\x00cp'", "b'tcp'", "None", "'\\u00e9'"]:
        add("getprotobyname", "(%s,)" % a)

    for a in ["'lo'", "b'lo'", "'nope0'", "''", "'x' * 100", "'lo\\x00'", "b'lo\\x00'", "0",
              "None", "bytearray(b'lo')", "'\\u00e9'", "'lo '"]:
        add("if_nametoindex", "(%s,)" % a)
    for a in ["1", "0", "2**31", "2**32 - 1", "99999", "-1", "2**32", "2**32 + 1", "2**64",
              "2**64 - 1", "True", "'1'", "1.0", "None", "Index(1)"]:
        add("if_indextoname", "(%s,)" % a)

    # Only failing calls: a successful one would rename this machine.
    for a in ["'x' * 65", "b'x' * 100", "3", "None", "'a\\x00'", "bytearray(b'vm')", "1.0"]:
        add("sethostname", "(%s,)" % a)

    for a in ["'127.0.0.1', 80", "'127.0.0.1', 80, AF_INET, 1", "'127.0.0.1', None, 0, 2",
              "'localhost', 80, AF_INET, 1", "'::1', 80", "'::1', 80, AF_INET6, 2, 17",
              "None, 80, AF_INET, 1", "None, 80, AF_INET, 1, 0, 1", "None, 0, AF_INET6, 1, 0, 1",
              "'127.0.0.1', 'http', AF_INET, 1", "'127.0.0.1', 'http', AF_INET, 2",
              "'127.0.0.1', b'80', AF_INET, 1", "b'127.0.0.1', 80, AF_INET, 1",
              "'127.0.0.1', '80\\x00junk', AF_INET, 1", "'127.0.0.1', 'ht\\x00tp', AF_INET, 1",
              "'127.0.0.1', -1, AF_INET, 1", "'127.0.0.1', 70000, AF_INET, 1",
              "'127.0.0.1', 2**70", "'127.0.0.1', True", "'127.0.0.1', 1.0",
              "'127.0.0.1', bytearray(b'80')", "bytearray(b'127.0.0.1'), 80", "1, 80",
              "'127.0.0.1', '\\ud800'", "'\\udcff', 80", "None, None", "'127.0.0.1', 80, 2**31",
              "'127.0.0.1', 80, 0, 0, 0, -1", "'127.0.0.1', 80, 0, 0, 0, 2**31",
              "'127.0.0.1', 80, AF_INET6", "'::1', 80, AF_INET", "'127.0.0.1', 80, 12345",
              "'127.0.0.1', 80, AF_INET, 99", "'fe80::1%lo', 80, AF_INET6, 2",
              "'ff02::1de:c0:face:8D', 1234, AF_INET6, 2, 17", "'127.1', 80, AF_INET, 1",
              "'127.0.0.1', 'nosuchservice', AF_INET, 1",
              "'127.0.0.1', 80, AF_INET, 1, 0, socket_NUMERICSERV",
              "'127.0.0.1', 'http', AF_INET, 1, 0, socket_NUMERICSERV",
              "'localhost', 80, AF_INET, 1, 0, socket_NUMERICHOST",
              "'127.0.0.1', 80, AF_INET, 1, 0, socket_CANONNAME",
              "'localhost', 80, AF_INET, 1, 0, socket_CANONNAME"]:
        a = (a.replace("socket_NUMERICSERV", str(socket.AI_NUMERICSERV))
              .replace("socket_NUMERICHOST", str(socket.AI_NUMERICHOST))
              .replace("socket_CANONNAME", str(socket.AI_CANONNAME)))
        add("getaddrinfo", "(%s,)" % a)
    return c


# ---- what the C API sees -----------------------------------------------------

class PyOnly(Exception):
    """The case exercises Python argument conversion only."""


def tok_int(v, lo=I64_MIN, hi=I64_MAX):
    """An int (bool and IntEnum members are ints too) in [lo, hi]."""
    if not isinstance(v, int) or not lo <= v <= hi:
        raise PyOnly
    return "i:%d" % v


def tok_str(v, nul_ok=False):
    if type(v) is not str:
        raise PyOnly
    try:
        b = v.encode("utf-8")
    except UnicodeError:
        raise PyOnly from None
    if b"\0" in b and not nul_ok:
        raise PyOnly
    return "s:" + b.hex()


MISSING = object()  # an optional argument left out (C's NULL)


def tok_opt_str(v, nul_ok=False):
    return "n" if v is MISSING else tok_str(v, nul_ok)


def tok_buffer(v):
    if type(v) not in (bytes, bytearray) and not (type(v) is memoryview and v.c_contiguous):
        raise PyOnly
    return "b:" + bytes(v).hex()


def tok_host(v):
    """A host as the "et" (idna) converter hands it to C."""
    if type(v) is str:
        try:
            b = v.encode("idna")
        except UnicodeError:
            raise PyOnly from None
    elif type(v) in (bytes, bytearray):
        b = bytes(v)
    else:
        raise PyOnly
    if b"\0" in b:
        raise PyOnly
    return "s:" + b.hex()


def tok_fsname(v):
    if type(v) is str:
        b = os.fsencode(v)
    elif type(v) is bytes:
        b = v
    else:
        raise PyOnly
    if b"\0" in b:
        raise PyOnly
    return "b:" + b.hex()


def c_nameinfo(sa, flags):
    if type(sa) is not tuple or not 2 <= len(sa) <= 4:
        raise PyOnly
    host = tok_str(sa[0], nul_ok=True)
    port = tok_int(sa[1])
    extra = []
    for v in sa[2:]:
        if type(v) is not int:
            raise PyOnly
        extra.append("i:%d" % (v & 0xFFFFFFFF))
    extra += ["i:0"] * (2 - len(extra))
    return [host, port] + extra + ["i:%d" % len(sa), tok_int(flags)]


def c_addrinfo(host, port, family=0, socktype=0, proto=0, flags=0):
    if host is not None and type(host) not in (str, bytes):
        raise PyOnly
    h = "n" if host is None else tok_host(host)
    if port is None:
        p = None
    elif type(port) is int and I64_MIN <= port <= I64_MAX:
        p = str(port).encode()
    elif type(port) is str:
        p = bytes.fromhex(tok_str(port, nul_ok=True)[2:])
    elif type(port) is bytes:
        p = port
    else:
        raise PyOnly
    # The port goes to C as a C string: it ends at its first NUL.
    ptok = "n" if p is None else "s:" + p.split(b"\0")[0].hex()
    ints = [tok_int(v, -2**31, 2**31 - 1) for v in (family, socktype, proto, flags)]
    return [h, ptok] + ints


C_ARGS = {
    "htons": lambda x: [tok_int(x)],
    "ntohs": lambda x: [tok_int(x)],
    "htonl": lambda x: [tok_int(x)],
    "ntohl": lambda x: [tok_int(x)],
    "CMSG_LEN": lambda x: [tok_int(x)],
    "CMSG_SPACE": lambda x: [tok_int(x)],
    "inet_aton": lambda s: [tok_str(s, nul_ok=True)],
    "inet_ntoa": lambda b: [tok_buffer(b)],
    "inet_pton": lambda af, s: [tok_int(af), tok_str(s, nul_ok=True)],
    "inet_ntop": lambda af, b: [tok_int(af), tok_buffer(b)],
    "gethostbyname": lambda h: [tok_host(h)],
    "gethostbyname_ex": lambda h: [tok_host(h)],
    "gethostbyaddr": lambda h: [tok_host(h)],
    "getnameinfo": c_nameinfo,
    "getservbyname": lambda name, proto=MISSING: [tok_str(name, True), tok_opt_str(proto, True)],
    "getservbyport": lambda port, proto=MISSING: [tok_int(port), tok_opt_str(proto, True)],
    "getprotobyname": lambda name: [tok_str(name, True)],
    "if_nametoindex": lambda name: [tok_fsname(name)],
    "if_indextoname": lambda i: [tok_int(i, 0, 2**32 - 1)],
    "sethostname": lambda name: [tok_fsname(name)],
    "getaddrinfo": c_addrinfo,
}


def has_nul(tokens):
    return any(t[:2] == "s:" and b"\0" in bytes.fromhex(t[2:]) for t in tokens)


# ---- running the native module -----------------------------------------------

def encode(v):
    """A result as JSON: bytes become {"hex": ...}, tuples lists."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, str):
        return v
    if isinstance(v, (bytes, bytearray)):
        return {"hex": bytes(v).hex()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if v is None:
        return None
    raise TypeError("cannot encode %r" % (v,))


def value_tokens(v):
    if isinstance(v, bool):
        return ["i:%d" % v]
    if isinstance(v, int):
        return ["i:%d" % v]
    if isinstance(v, str):
        return ["s:" + v.encode("utf-8", "surrogateescape").hex()]
    if isinstance(v, dict):
        return ["b:" + v["hex"]]
    if isinstance(v, list):
        out = ["L%d" % len(v)]
        for x in v:
            out += value_tokens(x)
        return out
    if v is None:
        return ["n"]
    raise TypeError(v)


def kind_of(e):
    if isinstance(e, socket.gaierror):
        return "gaierror"
    if isinstance(e, socket.herror):
        return "herror"
    if isinstance(e, OSError):
        return "OSError"
    return type(e).__name__


def sethostname_fails(arg):
    """True if sethostname(arg) cannot rename the machine: a type it rejects,
    a NUL in a str (bytes may hold NULs!), or more than 64 bytes."""
    if isinstance(arg, str):
        return "\0" in arg or len(os.fsencode(arg)) > 64
    if type(arg) is bytes:
        return len(arg) > 64
    return not isinstance(arg, os.PathLike)


def record(module, fn, args):
    """What module.fn(*args) does, as a case records it. The Python test
    calls this with gosock, so both sides are recorded the same way."""
    try:
        return {"ok": encode(getattr(module, fn)(*args))}
    except Exception as e:  # noqa: BLE001 - recording every outcome
        errno = getattr(e, "errno", None) if isinstance(e, OSError) else None
        msg = e.strerror if errno is not None else str(e)
        return {"exc": type(e).__name__, "kind": kind_of(e), "errno": errno, "msg": msg}


def run_native(fn, args_expr):
    args = eval(args_expr, dict(NAMESPACE))
    assert isinstance(args, tuple), args_expr
    if fn == "sethostname" and not sethostname_fails(args[0]):
        raise SystemExit("refusing to run sethostname%s: it would succeed" % args_expr)
    return args, record(socket, fn, args)


def make():
    cases = []
    for n, (fn, args_expr) in enumerate(build_cases()):
        args, outcome = run_native(fn, args_expr)
        case = {"id": n, "fn": fn, "py": args_expr}
        case.update(outcome)
        try:
            ctoks = C_ARGS[fn](*args)
        except (PyOnly, TypeError):
            ctoks = None
        if ctoks is not None and ("exc" not in outcome or outcome["kind"] in KINDS):
            case["c"] = " ".join(ctoks)
            if "ok" in outcome:
                case["c_expect"] = "ok " + " ".join(value_tokens(outcome["ok"]))
            else:
                num = outcome["errno"] if outcome["errno"] is not None else 0
                msg = outcome["msg"]
                if fn == "inet_ntop" and msg.startswith("unknown address family "):
                    msg = "unknown address family"  # the C API's message has no number
                case["c_expect"] = "err %s %d %s" % (outcome["kind"], num, msg.encode().hex())
            # A C string stops at its first NUL; Go strings do not.
            case["c_nul"] = has_nul(ctoks)
        cases.append(case)
    doc = {
        "generator": "core/testdata/mkvectors.py",
        "python": sys.version.split()[0],
        "note": "Generated from the native socket module; do not edit. See mkvectors.py.",
        "cases": cases,
    }
    text = json.dumps(doc, indent=1, ensure_ascii=True) + "\n"
    lines = ["# vectors.txt: generated by core/testdata/mkvectors.py from the native socket",
             "# module; the cases of vectors.json in the line format of tests_c/test-vectors.c:",
             "# id<TAB>function<TAB>argument tokens<TAB>expectation (see mkvectors.py)."]
    for case in cases:
        if "c" in case and not case["c_nul"]:
            lines.append("%d\t%s\t%s\t%s" % (case["id"], case["fn"], case["c"], case["c_expect"]))
    return text, "\n".join(lines) + "\n"


def main():
    text, txt = make()
    if "--check" in sys.argv:
        stale = [p for p, new in ((JSON_PATH, text), (TXT_PATH, txt))
                 if not os.path.exists(p) or open(p).read() != new]
        for p in stale:
            print("stale: %s (run %s)" % (p, sys.argv[0]))
        sys.exit(1 if stale else 0)
    with open(JSON_PATH, "w") as f:
        f.write(text)
    with open(TXT_PATH, "w") as f:
        f.write(txt)
    n = text.count('"fn"')
    print("wrote %d cases to %s and %s" % (n, JSON_PATH, TXT_PATH))


if __name__ == "__main__":
    main()
