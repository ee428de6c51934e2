"""A failed call releases the caller's buffer, as the native module does.

asyncio's transports send from a bytearray, keep the exception of a failed
send and then clear() the bytearray; a buffer export kept alive by the
exception's traceback makes that raise BufferError ("Existing exports of
data")."""
import unittest

from tests_py.support import gosock, native

FAILURES = (OSError, TypeError, ValueError, BufferError)
SOL_SOCKET, SCM_RIGHTS = native.SOL_SOCKET, native.SCM_RIGHTS


def module_of(sock):
    return native if isinstance(sock, native.socket) else gosock


def catch(call, *args):
    """The exception call raises, kept with its traceback (and frames)."""
    try:
        call(*args)
    except FAILURES as e:
        return e
    return None


class BufferReleaseTest(unittest.TestCase):
    SENDS = {
        "send": lambda s, buf: s.send(buf),
        "sendall": lambda s, buf: s.sendall(buf),
        "send_memoryview": lambda s, buf: s.send(memoryview(buf)[10:]),
        "sendto": lambda s, buf: s.sendto(buf, "/nonexistent/gosock-socket"),
        "sendto_bad_address": lambda s, buf: s.sendto(memoryview(buf), 12345),
        # sendmsg: every buffer it took (data and ancillary), whether the
        # call failed or an argument after the buffer was wrong.
        "sendmsg": lambda s, buf: s.sendmsg([buf]),
        "sendmsg_parts": lambda s, buf: s.sendmsg([b"ab", memoryview(buf)[10:], buf]),
        "sendmsg_read_only_view": lambda s, buf: s.sendmsg([memoryview(buf).toreadonly()]),
        "sendmsg_iterator": lambda s, buf: s.sendmsg(iter([buf, bytearray(3)])),
        "sendmsg_ancdata": lambda s, buf: s.sendmsg([b"x"], [(SOL_SOCKET, 0x7fff, buf)]),
        "sendmsg_bad_part": lambda s, buf: s.sendmsg([buf, "str"]),
        "sendmsg_noncontiguous_part": lambda s, buf: s.sendmsg([buf, memoryview(buf)[::2]]),
        "sendmsg_bad_ancdata": lambda s, buf: s.sendmsg([buf], [(SOL_SOCKET, SCM_RIGHTS, "s")]),
        "sendmsg_bad_ancdata_after": lambda s, buf: s.sendmsg(
            [b"x"], [(SOL_SOCKET, SCM_RIGHTS, buf), (SOL_SOCKET, SCM_RIGHTS)]),
        "sendmsg_bad_flags": lambda s, buf: s.sendmsg([memoryview(buf)], [], "flags"),
        "sendmsg_bad_address": lambda s, buf: s.sendmsg([memoryview(buf)], [], 0, 12345),
        "sendmsg_bad_arg_count": lambda s, buf: s.sendmsg([memoryview(buf)], [], 0, None, 5),
        "send_fds": lambda s, buf: module_of(s).send_fds(s, [b"a", buf], [0]),
    }
    RECVS = {
        "recv_into": lambda s, buf: s.recv_into(buf),
        "recv_into_nbytes": lambda s, buf: s.recv_into(buf, 10),
        "recvfrom_into": lambda s, buf: s.recvfrom_into(buf),
        "recvmsg_into": lambda s, buf: s.recvmsg_into([buf]),
        "recvmsg_into_parts": lambda s, buf: s.recvmsg_into(
            [bytearray(3), memoryview(buf)[10:], buf]),
        "recvmsg_into_bad_part": lambda s, buf: s.recvmsg_into([buf, b"read-only"]),
        "recvmsg_into_bad_ancbufsize": lambda s, buf: s.recvmsg_into([buf], -1),
    }
    # sendmsg_afalg on a socket object that says AF_ALG (the kernel may have
    # no AF_ALG: the descriptor is one end of a socketpair, which ignores
    # SOL_ALG control messages and fails with EPIPE once its peer is gone).
    AFALG = {
        "msg": lambda s, buf: s.sendmsg_afalg([buf], op=1),
        "msg_parts": lambda s, buf: s.sendmsg_afalg([memoryview(buf)[1:], buf], op=0),
        "iv": lambda s, buf: s.sendmsg_afalg([b"x"], op=1, iv=buf),
        "iv_bad_assoclen": lambda s, buf: s.sendmsg_afalg([b"x"], op=1, iv=buf, assoclen=-1),
        "iv_bad_flags": lambda s, buf: s.sendmsg_afalg([b"x"], op=1, iv=buf, flags="f"),
        "bad_part": lambda s, buf: s.sendmsg_afalg([buf, "str"], op=1, iv=memoryview(buf)),
    }

    def check(self, mod, call, peer_closed, family=None):
        a, b = mod.socketpair()
        if family is not None:
            a = mod.socket(family, mod.SOCK_STREAM, 0, fileno=a.detach())
        buf = bytearray(b"x" * 100)
        try:
            a.setblocking(False)
            if peer_closed:
                b.close()
            err = catch(call, a, buf)
            self.assertIsInstance(err, FAILURES)
            self.assertIsNotNone(err.__traceback__)
            buf.clear()  # BufferError if the failed call still exports buf
            buf.extend(b"ok")
            self.assertEqual(buf, b"ok")
        finally:
            a.close()
            b.close()

    def test_failed_sends_release_buffers(self):
        for name, call in self.SENDS.items():
            for mod in (native, gosock):
                with self.subTest(call=name, module=mod.__name__):
                    self.check(mod, call, peer_closed=True)

    def test_failed_receives_release_buffers(self):
        for name, call in self.RECVS.items():
            for mod in (native, gosock):
                with self.subTest(call=name, module=mod.__name__):
                    self.check(mod, call, peer_closed=False)

    def test_failed_sendmsg_afalg_releases_buffers(self):
        for name, call in self.AFALG.items():
            for mod in (native, gosock):
                with self.subTest(call=name, module=mod.__name__):
                    self.check(mod, call, peer_closed=True, family=mod.AF_ALG)


if __name__ == "__main__":
    unittest.main()
