"""Running code in a fresh interpreter, with or without gosock installed.

A module under test (ssl, asyncio, socketserver, ...) binds the socket
module when it is imported, so each case runs in its own process that calls
gosock.install() (or not, for the native reference) before anything else.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON_DIR = os.path.join(ROOT, "python")

PRELUDE = "import gosock; gosock.install()\n"


def run_python(args, *, install=True, env=None, timeout=120):
    """Run python3 -X dev with args; gosock installed first when install.
    Returns the CompletedProcess (text)."""
    e = dict(os.environ)
    # gosock from the source tree, unless the suite runs against an installed
    # copy (test_wheel); ROOT for tests_py's scenario modules.
    first = ROOT if e.get("GOSOCK_TEST_INSTALLED") else PYTHON_DIR + os.pathsep + ROOT
    e["PYTHONPATH"] = os.pathsep.join(p for p in (first, e.get("PYTHONPATH")) if p)
    e["GOSOCK_INSTALL"] = "1" if install else "0"
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-X", "dev"] + list(args), capture_output=True,
                          text=True, env=e, timeout=timeout, cwd=ROOT, stdin=subprocess.DEVNULL)


def run_code(code, *, install=True, env=None, timeout=120):
    """Run code (a string) with gosock installed before it."""
    return run_python(["-c", (PRELUDE if install else "") + code], install=install,
                      env=env, timeout=timeout)


def json_result(proc, testcase):
    """The JSON object a script printed on its last stdout line; fails the
    test with the script's output when it did not exit cleanly."""
    if proc.returncode != 0:
        testcase.fail("script failed (rc=%s)\n--- stdout\n%s\n--- stderr\n%s"
                      % (proc.returncode, proc.stdout[-3000:], proc.stderr[-6000:]))
    for bad in ("Traceback", "Warning"):
        if bad in proc.stderr:
            testcase.fail("script wrote a %s\n--- stderr\n%s" % (bad, proc.stderr[-6000:]))
    lines = proc.stdout.strip().splitlines()
    if not lines:
        testcase.fail("script printed nothing\n--- stderr\n%s" % proc.stderr[-6000:])
    return json.loads(lines[-1])
