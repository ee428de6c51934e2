"""python -m gosock: version, library path and a self-test."""
import io
import os
import subprocess
import sys
import unittest

from tests_py.support import gosock

import gosock.__main__ as gmain


def run_module(env=None):
    return subprocess.run([sys.executable, "-m", "gosock"], capture_output=True, text=True,
                          timeout=60, env=env if env is not None else os.environ)


class MainTest(unittest.TestCase):
    def test_runs_and_reports(self):
        r = run_module()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        out = r.stdout
        self.assertIn("gosock %s" % gosock.__version__, out)
        self.assertIn(gosock.library_path, out)
        for name in ("socketpair echo", "TCP loopback echo", "getaddrinfo localhost", "timeout"):
            self.assertRegex(out, r"(?m)^  ok +%s" % name)
        self.assertNotIn("FAIL", out)
        self.assertRegex(out, r"(?m)^all 4 checks passed$")

    def test_a_failing_check_fails_the_run(self):
        def broken():
            raise OSError(111, "Connection refused")

        def fine():
            return "fine"

        out = io.StringIO()
        rc = gmain.main([], checks=[("good", fine), ("bad", broken)], out=out)
        self.assertEqual(rc, 1)
        text = out.getvalue()
        self.assertRegex(text, r"(?m)^  ok +good: fine$")
        self.assertRegex(text, r"(?m)^  FAIL +bad: .*Connection refused")
        self.assertRegex(text, r"(?m)^1 of 2 checks failed$")

    def test_each_check_passes_in_process(self):
        for name, fn in gmain.CHECKS:
            with self.subTest(check=name):
                self.assertIsInstance(fn(), str)

    def test_unloadable_library_exits_nonzero(self):
        env = dict(os.environ, GOSOCK_LIBRARY="/nonexistent/libgosock.so")
        r = run_module(env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cannot load /nonexistent/libgosock.so", r.stderr)


if __name__ == "__main__":
    unittest.main()
