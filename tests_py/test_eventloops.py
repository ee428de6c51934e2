"""Event loops and servers with gosock installed as the socket module.

Each scenario (tests_py/loop_scenarios.py) runs in a fresh interpreter that
installs gosock before importing selectors, asyncio, socketserver,
http.server, xmlrpc or multiprocessing, and once more with the native module.
Every socket the modules make must be gosock's, and the gosock run must
observe what the native run observes.
"""
import shutil
import tempfile
import unittest

from tests_py.subproc import json_result, run_python
from tests_py.test_tls import make_certificates

CERTS = None


def setUpModule():
    global CERTS
    CERTS = tempfile.mkdtemp(prefix="gosock-loops-")
    make_certificates(CERTS)


def tearDownModule():
    shutil.rmtree(CERTS, ignore_errors=True)


def take_modules(result, expected, testcase, path="result"):
    """Check and remove every "...module" entry: which socket module made
    the sockets a scenario saw."""
    if isinstance(result, dict):
        for key in list(result):
            if key.endswith("module"):
                value = result.pop(key)
                want = [expected] if isinstance(value, list) else expected
                testcase.assertEqual(value, want, "%s.%s" % (path, key))
            else:
                take_modules(result[key], expected, testcase, "%s.%s" % (path, key))


class EventLoopTest(unittest.TestCase):
    maxDiff = None

    def scenario(self, name, timeout=180):
        """The gosock run's result, checked against the native run's."""
        args = ["-m", "tests_py.loop_scenarios", name, CERTS]
        g = json_result(run_python(args, install=True, timeout=timeout), self)
        n = json_result(run_python(args, install=False, timeout=timeout), self)
        take_modules(g, "gosock", self)
        take_modules(n, "socket", self)
        self.assertEqual(g, n)
        return g

    def test_selectors(self):
        g = self.scenario("selectors")
        self.assertEqual(g.pop("default"), "EpollSelector")
        self.assertEqual(sorted(g), ["EpollSelector", "PollSelector", "SelectSelector"])
        for name, r in g.items():
            with self.subTest(selector=name):
                self.assertEqual(r, {"echo": {"0": "MSG 0", "1": "MSG 1", "2": "MSG 2"},
                                     "idle": [], "map_empty": True})

    def test_asyncio_sock_coroutines(self):
        g = self.scenario("asyncio_sock")
        self.assertEqual(sorted(g), ["EpollSelector", "PollSelector", "SelectSelector"])
        for name, r in g.items():
            with self.subTest(selector=name):
                self.assertEqual(r, {"peer_matches": True, "recv": "hello", "big_ok": True,
                                     "sock_sendfile": [50000, True],
                                     "refused": "ConnectionRefusedError",
                                     "loop_sendfile": [800000, True]})

    def test_asyncio_streams(self):
        g = self.scenario("asyncio_streams")
        talk = ["ONE\n", "TWO\n", 20 * 60001, ""]
        self.assertEqual(g["tcp"], talk)
        self.assertEqual(g["unix"], talk)
        self.assertEqual(g["tls"], talk)
        self.assertEqual(g["tls_peer"], [[["commonName", "localhost"]]])
        self.assertEqual(g["start_tls"], ["ready starttls\n", "secret hi\n", True])

    def test_socketserver(self):
        g = self.scenario("socketserver")
        replies = ["HELLO 0\n", "HELLO 1\n", "HELLO 2\n"]
        self.assertEqual(len(g), 7)
        for name, r in g.items():
            with self.subTest(server=name):
                self.assertEqual(r["replies"], replies)
                if "Stream" in name or "TCP" in name:
                    self.assertEqual(r["forked"], name.startswith("Forking"))

    def test_http_server_and_urllib(self):
        g = self.scenario("http")
        self.assertEqual(g["urlopen"], [200, "get /a?b=c"])
        self.assertEqual(g["post"], [201, True])
        self.assertEqual(g["refused"], "ConnectionRefusedError")
        self.assertEqual(g["keepalive"], ["get /1", "get /2", "get /3"])

    def test_xmlrpc(self):
        g = self.scenario("xmlrpc")
        self.assertEqual(g, {"add": 5, "reverse_ok": True, "fault": 1, "multicall": [2, "zyx"]})

    def test_multiprocessing_connection(self):
        g = self.scenario("mp_connection")
        for family in ("AF_INET", "AF_UNIX"):
            with self.subTest(family=family):
                self.assertEqual(g[family], {
                    "thread_got": ["ping", 1, 2.5], "thread_reply": {"pong": True},
                    "child_echo": ["from parent", [0, 1, 2, 3, 4]], "child_poll": True,
                    "child_bytes": 10000, "child_exit": 0, "child_forked": True,
                    "bad_key": "AuthenticationError",
                    "bad_key_client": ["AuthenticationError"]})


if __name__ == "__main__":
    unittest.main()
