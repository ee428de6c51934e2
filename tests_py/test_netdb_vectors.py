"""core/testdata/vectors.json through gosock: every case must do what the
native socket module did when mkvectors.py recorded it (same result, or the
same exception type, errno and message)."""
import json
import os
import runpy
import subprocess
import sys
import types
import unittest

from tests_py.support import gosock

VECTORS = os.path.join(os.path.dirname(__file__), "..", "core", "testdata", "vectors.json")
MKVECTORS = os.path.join(os.path.dirname(VECTORS), "mkvectors.py")

# The generator's own helpers (core/testdata is not a package), so that a case
# is evaluated and recorded here exactly as it was from the native module.
mkvectors = types.SimpleNamespace(**runpy.run_path(MKVECTORS))

NAMESPACE = {"Index": mkvectors.Index, "AF_INET": gosock.AF_INET, "AF_INET6": gosock.AF_INET6,
             "AF_UNIX": gosock.AF_UNIX, "AF_UNSPEC": gosock.AF_UNSPEC}


def outcome(fn, args):
    got = mkvectors.record(gosock, fn, args)
    # "kind" classifies by the native module's exception classes, for the C
    # vectors; the exception's own type name is what is compared here.
    got.pop("kind", None)
    return got


def load():
    with open(VECTORS) as f:
        return json.load(f)["cases"]


class VectorsTest(unittest.TestCase):
    def test_every_case(self):
        cases = load()
        self.assertGreater(len(cases), 1000)
        failures = []
        for case in cases:
            fn = case["fn"]
            if fn == "sethostname":
                self.assertIn("exc", case, "a vector must never rename the machine")
            args = eval(case["py"], dict(NAMESPACE))
            got = outcome(fn, args)
            want = ({"ok": case["ok"]} if "ok" in case else
                    {k: case[k] for k in ("exc", "errno", "msg")})
            if got != want:
                failures.append("case %d: %s%s\n  native: %s\n  gosock: %s"
                                % (case["id"], fn, case["py"], want, got))
        if failures:
            self.fail("%d of %d cases differ:\n%s" % (len(failures), len(cases),
                                                      "\n".join(failures[:40])))

    def test_vectors_are_current(self):
        """The checked-in files are what the native module does today."""
        p = subprocess.run([sys.executable, MKVECTORS, "--check"], capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_covers_every_function(self):
        fns = {case["fn"] for case in load()}
        for fn in ["htons", "ntohs", "htonl", "ntohl", "CMSG_LEN", "CMSG_SPACE", "inet_aton",
                   "inet_ntoa", "inet_pton", "inet_ntop", "gethostbyname", "gethostbyname_ex",
                   "gethostbyaddr", "getnameinfo", "getservbyname", "getservbyport",
                   "getprotobyname", "if_nametoindex", "if_indextoname", "sethostname",
                   "getaddrinfo"]:
            self.assertIn(fn, fns)


if __name__ == "__main__":
    unittest.main()
