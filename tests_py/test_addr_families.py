"""Addresses of the other Linux families (AF_NETLINK, AF_PACKET, AF_VSOCK,
AF_TIPC, AF_CAN, AF_ALG, AF_QIPCRTR, AF_RDS), compared with the native
module where this kernel has the family, and through the shim's
conversions where it has not."""
import os
import unittest

from gosock import _addr
from tests_py.support import gosock, native


def message_outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except BaseException as e:  # noqa: BLE001 - comparing every outcome
        return (type(e).__name__, str(e))


def twin(mod, family, type, proto=0):
    """A socket of mod, or the native module's outcome of creating it."""
    try:
        return mod.socket(family, type, proto)
    except OSError as e:
        raise unittest.SkipTest("%s: %s" % (family, e))


class SameOutcomeMixin:
    family = type = None
    proto = 0

    def compare(self, method, *args):
        got = {}
        for mod in (gosock, native):
            s = twin(mod, self.family, self.type, self.proto)
            with s:
                got[mod] = message_outcome(getattr(s, method), *args)
        self.assertEqual(got[gosock], got[native], (method, args))
        return got[gosock]

    def compare_name(self, *bind_args):
        """Bind a native socket, read its name through gosock on the same
        descriptor: the two modules must agree."""
        s = twin(native, self.family, self.type, self.proto)
        with s:
            if bind_args:
                s.bind(*bind_args)
            g = gosock.socket(fileno=os.dup(s.fileno()))
            with g:
                self.assertEqual(g.getsockname(), s.getsockname())
                return g.getsockname()


class NetlinkTest(SameOutcomeMixin, unittest.TestCase):
    family, type = native.AF_NETLINK, native.SOCK_RAW

    def test_bad_addresses(self):
        for addr in ["x", (1,), (1, 2, 3), (1.0, 0), (-1, 0), (2**32 + 5, 0), (0, "x")]:
            with self.subTest(addr=addr):
                self.compare("bind", addr)

    def test_names(self):
        pid, groups = self.compare_name((0, 0))
        self.assertNotEqual(pid, 0)
        self.assertEqual(self.compare_name(), (0, 0))
        with gosock.socket(self.family, self.type) as g:
            g.bind((0, 0))
            self.assertNotEqual(g.getsockname()[0], 0)
            self.assertEqual(self.compare("getpeername"), ("ok", (0, 0)))


class PacketTest(SameOutcomeMixin, unittest.TestCase):
    family, type = native.AF_PACKET, native.SOCK_DGRAM

    def test_bad_addresses(self):
        for addr in ["lo", ("lo",), ("lo", 70000), ("lo", 2**40), ("lo", -1), ("nosuchif0", 0),
                     (b"lo", 0), ("l\0o", 0), ("lo", 0, 0, 0, b"123456789"), ("lo", 0, 0, 0, "str"),
                     ("lo", 0, 2**40), ("lo", 0, 1, 2, b"x", 6), ("lo", 1.0)]:
            with self.subTest(addr=addr):
                self.compare("bind", addr)

    def test_names(self):
        name = self.compare_name(("lo", 0x0800))
        self.assertEqual(name[:2], ("lo", 0x0800))
        self.assertEqual(name[3], 772)  # ARPHRD_LOOPBACK
        self.compare_name(("lo", 0x0806, 4, 1, b"\x01\x02"))
        self.assertEqual(self.compare_name(), ("", 0, 0, 0, b""))

    def test_send_and_receive_on_loopback(self):
        proto = 0x88B5  # IEEE 802 local experimental ethertype
        net_proto = int.from_bytes(proto.to_bytes(2, "big"), "little")  # htons
        recv = gosock.socket(self.family, self.type, net_proto)
        send = gosock.socket(self.family, self.type, net_proto)
        with recv, send:
            recv.bind(("lo", proto))
            recv.settimeout(5)
            payload = b"gosock packet"
            self.assertEqual(send.sendto(payload, ("lo", proto, 0, 0, b"\0" * 6)), len(payload))
            while True:
                data, addr = recv.recvfrom(100)
                if data.startswith(payload):
                    break
            self.assertEqual(addr[:2], ("lo", proto))
            self.assertEqual(addr[4], b"\0" * 6)
            send.sendmsg([payload], [], 0, ("lo", proto, 0, 0, b"\0" * 6))
            msg, anc, flags, addr = recv.recvmsg(100)
            self.assertEqual((msg[:len(payload)], anc), (payload, []))
            self.assertEqual(addr[:2], ("lo", proto))


class VsockTest(SameOutcomeMixin, unittest.TestCase):
    family, type = native.AF_VSOCK, native.SOCK_STREAM

    def test_bad_addresses(self):
        for addr in ["x", (1,), (1, 2, 3), (1.0, 2), (2**32 + 3, 5)]:
            with self.subTest(addr=addr):
                self.compare("bind", addr)

    def test_names(self):
        self.assertEqual(self.compare_name(), (native.VMADDR_CID_ANY, native.VMADDR_PORT_ANY))
        cid, port = self.compare_name((native.VMADDR_CID_ANY, native.VMADDR_PORT_ANY))
        self.assertEqual(cid, native.VMADDR_CID_ANY)
        self.assertNotEqual(port, native.VMADDR_PORT_ANY)


class MissingFamiliesTest(unittest.TestCase):
    """Where this kernel lacks a family, socket() fails as for the native
    module (CPython's tests then skip for the same reason)."""

    def test_socket_outcomes(self):
        for name, type, proto in [("AF_CAN", "SOCK_RAW", "CAN_RAW"), ("AF_CAN", "SOCK_DGRAM", "CAN_ISOTP"),
                                  ("AF_CAN", "SOCK_DGRAM", "CAN_J1939"), ("AF_TIPC", "SOCK_RDM", None),
                                  ("AF_ALG", "SOCK_SEQPACKET", None), ("AF_RDS", "SOCK_SEQPACKET", None),
                                  ("AF_QIPCRTR", "SOCK_DGRAM", None)]:
            with self.subTest(family=name, proto=proto):
                results = []
                for mod in (gosock, native):
                    args = (getattr(mod, name), getattr(mod, type), getattr(mod, proto) if proto else 0)
                    r = message_outcome(mod.socket, *args)
                    if r[0] == "ok":
                        r[1].close()
                        r = ("ok",)
                    results.append(r)
                self.assertEqual(results[0], results[1])
        self.assertEqual(hasattr(gosock, "AF_BLUETOOTH"), hasattr(native, "AF_BLUETOOTH"))


class ConversionTest(unittest.TestCase):
    """The shim's tuple <-> gosock_addr conversions for families this kernel
    may lack (libgosock's layouts are tested in core and C)."""

    def round_trip(self, family, address, proto=0):
        a = _addr.to_c(family, address, "bind", proto)
        self.assertEqual(a.family, family)
        return a, _addr.from_c(a)

    def test_tipc(self):
        a, back = self.round_trip(gosock.AF_TIPC, (gosock.TIPC_ADDR_NAMESEQ, 18888, 10, 20))
        self.assertEqual(list(a.ints), [gosock.TIPC_ADDR_NAMESEQ, 18888, 10, 20])
        self.assertEqual(a.scope_id, gosock.TIPC_CLUSTER_SCOPE)
        self.assertEqual(back, (gosock.TIPC_ADDR_NAMESEQ, 18888, 10, 20, gosock.TIPC_CLUSTER_SCOPE))
        self.assertEqual(self.round_trip(gosock.AF_TIPC, (2, -1, 2, 3, 3))[1], (2, 2**32 - 1, 2, 3, 3))
        self.assertRaisesRegex(TypeError, "AF_TIPC address must be tuple", _addr.to_c,
                               gosock.AF_TIPC, [1, 2, 3, 4], "bind")
        self.assertRaisesRegex(TypeError, r"\(addr_type, v1, v2, v3\[, scope\]\)", _addr.to_c,
                               gosock.AF_TIPC, (1, 2, 3), "bind")

    def test_alg(self):
        a, back = self.round_trip(gosock.AF_ALG, ("hash", "sha256"))
        self.assertEqual(back, ("hash", "sha256", 0, 0))
        self.assertEqual(self.round_trip(gosock.AF_ALG, ("aead", "gcm(aes)", 0x10001, 5))[1],
                         ("aead", "gcm(aes)", 1, 5))
        for bad, exc in [("hash", TypeError), (("hash",), TypeError), ((b"hash", "x"), TypeError),
                         (("ha\0sh", "x"), ValueError), (("hash", "x", 1, 2, 3), TypeError)]:
            with self.subTest(address=bad):
                self.assertRaises(exc, _addr.to_c, gosock.AF_ALG, bad, "bind")

    def test_can(self):
        for proto, address, back in [
                (gosock.CAN_RAW, ("vcan0",), ("vcan0",)),
                (gosock.CAN_BCM, (b"vcan0",), ("vcan0",)),
                (gosock.CAN_ISOTP, ("vcan0", 0x123, 0x456), ("vcan0", 0x123, 0x456)),
                (gosock.CAN_J1939, ("vcan0", 2**64 - 1, 0x1FF00, 0x1A5), ("vcan0", 2**64 - 1, 0x1FF00, 0xA5))]:
            with self.subTest(proto=proto):
                a = _addr.to_c(gosock.AF_CAN, address, "bind", proto)
                a.port = proto  # what libgosock reports with an address it decoded
                self.assertEqual(_addr.from_c(a), back)
        self.assertRaisesRegex(OSError, r"^bind\(\): unsupported CAN protocol",
                               _addr.to_c, gosock.AF_CAN, ("vcan0",), "bind", 3)
        self.assertRaisesRegex(TypeError, "AF_CAN address must be a tuple",
                               _addr.to_c, gosock.AF_CAN, ("a", "b"), "bind", gosock.CAN_RAW)
        self.assertRaises(ValueError, _addr.to_c, gosock.AF_CAN, ("a\0",), "bind", gosock.CAN_RAW)

    def test_qipcrtr_and_rds(self):
        self.assertEqual(self.round_trip(gosock.AF_QIPCRTR, (1, 2))[1], (1, 2))
        self.assertRaisesRegex(TypeError, "getsockaddrarg: AF_QIPCRTR address must be tuple",
                               _addr.to_c, gosock.AF_QIPCRTR, "x", "bind")
        a = _addr.to_c(gosock.AF_RDS, ("127.0.0.1", 4000), "bind")
        self.assertEqual((a.data, a.port), (b"127.0.0.1", 4000))


if __name__ == "__main__":
    unittest.main()
