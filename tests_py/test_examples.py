"""The C examples (examples/c), run as their users would."""
import os
import subprocess
import threading
import time
import unittest
from pathlib import Path

from tests_py.support import gosock

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_CLIENT = ROOT / "build" / "timeout_client"


def run_client(*args, timeout=20):
    start = time.monotonic()
    r = subprocess.run([str(TIMEOUT_CLIENT), *args], capture_output=True, text=True,
                       timeout=timeout)
    return r, time.monotonic() - start


@unittest.skipUnless(TIMEOUT_CLIENT.exists(), "build/timeout_client is not built (make examples)")
class TimeoutClientTest(unittest.TestCase):
    def test_echo_reply(self):
        srv = gosock.create_server(("127.0.0.1", 0))
        self.addCleanup(srv.close)
        port = srv.getsockname()[1]

        def serve():
            conn, _ = srv.accept()
            with conn:
                conn.sendall(conn.recv(1024))

        t = threading.Thread(target=serve)
        t.start()
        r, _ = run_client("127.0.0.1", str(port), "5")
        t.join(10)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "Received b'Hello, world'\n")

    def test_silent_server_times_out(self):
        # The kernel completes the handshake from the listen queue; nobody
        # ever answers.
        srv = gosock.create_server(("127.0.0.1", 0))
        self.addCleanup(srv.close)
        port = srv.getsockname()[1]
        r, elapsed = run_client("127.0.0.1", str(port), "0.3")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("timed out", r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertGreaterEqual(elapsed, 0.29)
        self.assertLess(elapsed, 5)

    def test_refused(self):
        with gosock.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        r, _ = run_client("127.0.0.1", str(port), "2")
        self.assertEqual(r.returncode, 1)
        self.assertIn("connect:", r.stderr)
        self.assertIn(os.strerror(111), r.stderr)  # ECONNREFUSED

    def test_usage(self):
        r, _ = run_client("a", "b", "c", "d")
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage", r.stderr)
        r, _ = run_client("127.0.0.1", "1", "-1")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
