"""Module-level functions compared with the native module where the answer
depends on this machine or on the resolver (so cannot be a fixed vector),
plus the module's namespace, audit events and calling conventions."""
import json
import os
import subprocess
import sys
import unittest

from tests_py.support import gosock, native, outcome

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHONPATH = os.path.join(HERE, "..", "python")

# Public names of the native module that gosock cannot or does not yet have.
NOT_APPLICABLE = {
    # The C API capsule of _socket, for _ssl: only meaningful in CPython.
    "CAPI",
}
OTHER_ISSUES = {
    # Need socket.sendmsg/recvmsg, which belong to the socket object's issue.
    "send_fds", "recv_fds",
}
NETDB_FUNCTIONS = [
    "getaddrinfo", "getnameinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
    "getfqdn", "gethostname", "sethostname", "getservbyname", "getservbyport",
    "getprotobyname", "inet_aton", "inet_ntoa", "inet_pton", "inet_ntop", "htons", "ntohs",
    "htonl", "ntohl", "CMSG_LEN", "CMSG_SPACE", "if_nameindex", "if_nametoindex",
    "if_indextoname", "has_ipv6",
]


class NamespaceTest(unittest.TestCase):
    def test_netdb_functions_present(self):
        for name in NETDB_FUNCTIONS:
            self.assertTrue(hasattr(gosock, name), name)
            self.assertIn(name, gosock.__all__)
            self.assertEqual(callable(getattr(native, name)), callable(getattr(gosock, name)))

    def test_every_public_name_present(self):
        public = {n for n in dir(native) if not n.startswith("_")}
        missing = sorted(public - set(dir(gosock)) - NOT_APPLICABLE - OTHER_ISSUES)
        self.assertEqual(missing, [])

    def test_every_int_constant_equal(self):
        checked = 0
        for name in dir(native):
            value = getattr(native, name)
            if name.startswith("_") or not isinstance(value, int):
                continue
            with self.subTest(name=name):
                self.assertTrue(hasattr(gosock, name))
                self.assertEqual(getattr(gosock, name), value)
                self.assertEqual(type(getattr(gosock, name)).__name__, type(value).__name__)
            checked += 1
        self.assertGreater(checked, 300)

    def test_all_names_exist(self):
        for name in gosock.__all__:
            if name in OTHER_ISSUES:
                continue
            self.assertTrue(hasattr(gosock, name), name)

    def test_has_ipv6(self):
        self.assertIs(gosock.has_ipv6, native.has_ipv6)


class MachineTest(unittest.TestCase):
    """Answers that belong to this machine: compared live."""

    def test_gethostname(self):
        self.assertEqual(gosock.gethostname(), native.gethostname())
        self.assertIsInstance(gosock.gethostname(), str)

    def test_if_nameindex(self):
        got = gosock.if_nameindex()
        self.assertEqual(got, native.if_nameindex())
        for index, name in got:
            self.assertEqual(gosock.if_nametoindex(name), index)
            self.assertEqual(gosock.if_indextoname(index), name)
            self.assertEqual(gosock.if_nametoindex(name.encode()), index)

    def test_getfqdn(self):
        for name in ["", "0.0.0.0", "::", "localhost", "127.0.0.1", " localhost ",
                     native.gethostname()]:
            with self.subTest(name=name):
                self.assertEqual(gosock.getfqdn(name), native.getfqdn(name))
        self.assertEqual(gosock.getfqdn(), native.getfqdn())

    def test_own_host(self):
        host = native.gethostname()
        for fn in ["gethostbyname", "gethostbyname_ex", "gethostbyaddr"]:
            with self.subTest(fn=fn):
                self.assertEqual(outcome(getattr(gosock, fn), host),
                                 outcome(getattr(native, fn), host))
        self.assertEqual(outcome(gosock.getaddrinfo, host, 80),
                         outcome(native.getaddrinfo, host, 80))

    def test_names_the_resolver_decides(self):
        # These go past /etc/hosts: both modules must ask the same resolver
        # and report the same kind of answer.
        for fn, args in [("gethostbyname", ("0.1.1.~1",)), ("gethostbyname", ("::1q",)),
                         ("gethostbyname", ("1:1:1:1:1:1:1:1:1",)),
                         ("gethostbyaddr", ("::1",)), ("gethostbyaddr", ("127.0.0.2",)),
                         ("gethostbyaddr", ("0.1.1.~1",)), ("gethostbyaddr", ("::1::2",)),
                         ("gethostbyname_ex", ("nonexistent.invalid",)),
                         ("getaddrinfo", ("nonexistent.invalid", 80)),
                         ("getnameinfo", (("10.0.0.1", 80), native.NI_NAMEREQD))]:
            with self.subTest(fn=fn, args=args):
                self.assertEqual(outcome(getattr(gosock, fn), *args),
                                 outcome(getattr(native, fn), *args))

    def test_sethostname_keeps_name(self):
        """Setting the current name again changes nothing (as root), or
        fails with the same error as the native module (unprivileged)."""
        name = native.gethostname()
        try:
            got = outcome(gosock.sethostname, name)
            self.assertEqual(got, outcome(native.sethostname, name))
            got = outcome(gosock.sethostname, name.encode())
            self.assertEqual(got, outcome(native.sethostname, name.encode()))
        finally:
            self.assertEqual(native.gethostname(), name)

    @unittest.skipUnless(os.getuid() == 0, "needs root to drop privileges")
    def test_sethostname_permission_error(self):
        code = ("import os, sys\n"
                "sys.path.insert(0, %r)\n"
                "import gosock, socket\n"
                "os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
                "r = []\n"
                "for m in (gosock, socket):\n"
                "    try:\n"
                "        m.sethostname('gosock-test')\n"
                "        r.append('renamed')\n"
                "    except OSError as e:\n"
                "        r.append((type(e).__name__, e.errno, e.strerror))\n"
                "print(repr(r))\n" % PYTHONPATH)
        before = native.gethostname()
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(native.gethostname(), before)
        self.assertEqual(p.returncode, 0, p.stderr)
        got, want = eval(p.stdout)
        self.assertEqual(got, ("PermissionError", 1, "Operation not permitted"))
        self.assertEqual(got, want)


EXHAUSTED_SCRIPT = r"""
import json, os, resource, sys
sys.path.insert(0, %(path)r)
import socket as native, gosock
CALLS = [("getaddrinfo", ("localhost", 80)), ("gethostbyname", ("localhost",)),
         ("gethostbyname_ex", ("localhost",)), ("gethostbyaddr", ("127.0.0.1",)),
         ("getnameinfo", (("127.0.0.1", 80), 0)), ("getservbyname", ("http",)),
         ("getservbyport", (80,)), ("getprotobyname", ("tcp",)), ("if_nameindex", ()),
         ("if_nametoindex", ("lo",)), ("if_indextoname", (1,)), ("gethostname", ())]
def outcome(f, args):
    try:
        return ["ok", repr(f(*args))]
    except Exception as e:
        return [type(e).__name__, str(e)]
for fn, args in CALLS:  # load the C library's modules while files can be opened
    outcome(getattr(native, fn), args), outcome(getattr(gosock, fn), args)
resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
fds = []
try:
    while True:
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError:
    pass
rows = [[fn, outcome(getattr(native, fn), args), outcome(getattr(gosock, fn), args)]
        for fn, args in CALLS]
print(json.dumps(rows))
"""


class ExhaustedTest(unittest.TestCase):
    def test_no_descriptors_left(self):
        """With every descriptor in use, lookups fail as the native ones do
        (getaddrinfo's EAI_SYSTEM is the errno behind it, an OSError)."""
        p = subprocess.run([sys.executable, "-c", EXHAUSTED_SCRIPT % {"path": PYTHONPATH}],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = json.loads(p.stdout)
        errors = 0
        for fn, want, got in rows:
            with self.subTest(fn=fn):
                self.assertEqual(got, want)
            errors += want[0] != "ok"
        self.assertGreater(errors, 4, "the descriptors were not exhausted")


class CallingTest(unittest.TestCase):
    def test_wrong_argument_counts_raise_type_error(self):
        for name, args in [("htons", ()), ("htons", (1, 2)), ("inet_aton", ()),
                           ("inet_pton", (2,)), ("getnameinfo", (("127.0.0.1", 80),)),
                           ("getservbyname", ()), ("getservbyname", ("a", "b", "c")),
                           ("getservbyport", ()), ("gethostbyname", ()),
                           ("gethostname", (1,)), ("if_nameindex", (1,)),
                           ("CMSG_LEN", ()), ("getprotobyname", ())]:
            with self.subTest(name=name, args=args):
                self.assertRaises(TypeError, getattr(native, name), *args)
                self.assertRaises(TypeError, getattr(gosock, name), *args)

    def test_keyword_arguments(self):
        self.assertEqual(gosock.getaddrinfo(host="127.0.0.1", port=80, family=gosock.AF_INET,
                                            type=gosock.SOCK_STREAM),
                         native.getaddrinfo(host="127.0.0.1", port=80, family=native.AF_INET,
                                            type=native.SOCK_STREAM))
        for name, kwargs in [("htons", {"x": 1}), ("getservbyname", {"servicename": "http"}),
                             ("inet_aton", {"ip_addr": "1.2.3.4"})]:
            with self.subTest(name=name):
                self.assertRaises(TypeError, getattr(native, name), **kwargs)
                self.assertRaises(TypeError, getattr(gosock, name), **kwargs)

    def test_docstrings(self):
        for name in NETDB_FUNCTIONS:
            if name == "has_ipv6":
                continue
            with self.subTest(name=name):
                self.assertTrue(getattr(gosock, name).__doc__)

    def test_results_are_plain_types(self):
        self.assertIs(type(gosock.htons(1)), int)
        self.assertIs(type(gosock.inet_aton("1.2.3.4")), bytes)
        self.assertIs(type(gosock.inet_pton(gosock.AF_INET6, "::1")), bytes)
        self.assertIs(type(gosock.inet_ntop(gosock.AF_INET, b"abcd")), str)
        name, aliases, addrs = gosock.gethostbyname_ex("localhost")
        self.assertIs(type(aliases), list)
        self.assertIs(type(addrs), list)


class IntBindingTest(unittest.TestCase):
    """The hot integer functions are bound a second time without argtypes
    (_ffi.FAST_FUNCTIONS): over the whole C int range they must agree with
    the checked binding, negative values included (libffi widens a C int
    with its sign)."""

    def test_same_results_as_checked_binding(self):
        from gosock import _ffi
        values = [-2**31, -2**31 + 1, -65536, -1, 0, 1, 2, 255, 256, 0xFFFF, 0x10000,
                  0x12345678, 2**31 - 2, 2**31 - 1]
        for name in ("htons", "ntohs", "htonl", "ntohl", "cmsg_len", "cmsg_space", "deadline"):
            checked, fast = getattr(_ffi, name), getattr(_ffi, name + "_fast")
            self.assertIsNone(fast.argtypes)
            for v in values:
                with self.subTest(name=name, v=v):
                    if name == "deadline" and v >= 0:
                        continue  # now + v: two clock readings never agree
                    self.assertEqual(fast(v), checked(v))


AUDIT_SCRIPT = r"""
import json, sys
sys.path.insert(0, %(path)r)
events = []
sys.addaudithook(lambda e, a: events.append([e, repr(a)]) if e.startswith("socket.") else None)
m = __import__(%(module)r)
calls = [
    ("gethostname", ()), ("gethostbyname", ("localhost",)), ("gethostbyname", (b"127.0.0.1",)),
    ("gethostbyname_ex", ("localhost",)), ("gethostbyaddr", ("127.0.0.1",)),
    ("getservbyname", ("http",)), ("getservbyname", ("http", "tcp")),
    ("getservbyport", (80,)), ("getservbyport", (53, "udp")), ("getservbyport", (-1,)),
    ("getprotobyname", ("tcp",)), ("getnameinfo", (("127.0.0.1", 80), 0)),
    ("getnameinfo", (("::1", 80, 0x100000), 0)), ("getaddrinfo", ("127.0.0.1", 80)),
    ("getaddrinfo", ("localhost", "http", 2, 1, 6, 0)), ("getaddrinfo", (None, None)),
    ("sethostname", ("x" * 80,)), ("sethostname", (b"y" * 80,)),
    ("inet_aton", ("1.2.3.4",)), ("if_nametoindex", ("lo",)), ("getfqdn", ("localhost",)),
]
for fn, args in calls:
    events.append(["call", fn])
    try:
        getattr(m, fn)(*args)
    except Exception as e:
        events.append(["raised", type(e).__name__])
print(json.dumps(events))
"""


class AuditTest(unittest.TestCase):
    def events(self, module):
        code = AUDIT_SCRIPT % {"path": PYTHONPATH, "module": module}
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def test_same_events_as_native(self):
        want = self.events("socket")
        got = self.events("gosock")
        self.assertGreater(len([e for e in want if e[0] != "call"]), 15)
        self.assertEqual(got, want)


if __name__ == "__main__":
    unittest.main()
