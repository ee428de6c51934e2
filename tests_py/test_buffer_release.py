"""A failed call releases the caller's buffer, as the native module does.

asyncio's transports send from a bytearray, keep the exception of a failed
send and then clear() the bytearray; a buffer export kept alive by the
exception's traceback makes that raise BufferError ("Existing exports of
data")."""
import unittest

from tests_py.support import gosock, native


def catch(call, *args):
    """The exception call raises, kept with its traceback (and frames)."""
    try:
        call(*args)
    except (OSError, TypeError) as e:
        return e
    return None


class BufferReleaseTest(unittest.TestCase):
    SENDS = {
        "send": lambda s, buf: s.send(buf),
        "sendall": lambda s, buf: s.sendall(buf),
        "send_memoryview": lambda s, buf: s.send(memoryview(buf)[10:]),
        "sendto": lambda s, buf: s.sendto(buf, "/nonexistent/gosock-socket"),
        "sendto_bad_address": lambda s, buf: s.sendto(memoryview(buf), 12345),
    }
    RECVS = {
        "recv_into": lambda s, buf: s.recv_into(buf),
        "recv_into_nbytes": lambda s, buf: s.recv_into(buf, 10),
        "recvfrom_into": lambda s, buf: s.recvfrom_into(buf),
    }

    def check(self, mod, call, peer_closed):
        a, b = mod.socketpair()
        buf = bytearray(b"x" * 100)
        try:
            a.setblocking(False)
            if peer_closed:
                b.close()
            err = catch(call, a, buf)
            self.assertIsInstance(err, (OSError, TypeError))
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


if __name__ == "__main__":
    unittest.main()
