"""make wheel: the wheel's contents, and the wheel installed with pip into a
fresh venv (no Go on PATH), where the Python suite runs against the
installed copy."""
import base64
import csv
import email.parser
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "build" / "libgosock.so"
SCRIPT = ROOT / "scripts" / "build_wheel.py"
INSTALLED = os.environ.get("GOSOCK_TEST_INSTALLED")


def header_version():
    text = (ROOT / "include" / "gosock.h").read_text()
    return ".".join(re.search(r"#define GOSOCK_VERSION_%s (\d+)" % p, text).group(1)
                    for p in ("MAJOR", "MINOR", "PATCH"))


def platform_tag():
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def build_wheel(out):
    r = subprocess.run([sys.executable, str(SCRIPT), "--lib", str(LIB), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError("build_wheel.py failed:\n" + r.stdout + r.stderr)
    wheels = list(Path(out).glob("*.whl"))
    if len(wheels) != 1:
        raise AssertionError("expected one wheel in %s, got %s" % (out, wheels))
    return wheels[0]


def without_go(path):
    """PATH minus every directory that has a go binary."""
    dirs = [d for d in path.split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, "go"))]
    return os.pathsep.join(dirs)


@unittest.skipUnless(LIB.exists(), "build/libgosock.so is not built (make)")
@unittest.skipIf(INSTALLED, "repository test (already inside the wheel run)")
class WheelContentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gosock-wheel-")
        cls.whl = build_wheel(cls.tmp)
        cls.zip = zipfile.ZipFile(cls.whl)
        cls.version = header_version()
        cls.distinfo = "gosock-%s.dist-info/" % cls.version

    @classmethod
    def tearDownClass(cls):
        cls.zip.close()
        shutil.rmtree(cls.tmp)

    def test_file_name_has_the_platform_tag(self):
        self.assertEqual(self.whl.name, "gosock-%s-py3-none-%s.whl" % (self.version, platform_tag()))

    def test_contents(self):
        names = set(self.zip.namelist())
        top = ROOT / "python" / "gosock"
        package = {"gosock/" + p.relative_to(top).as_posix() for p in top.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts}
        self.assertIn("gosock/libgosock.so", package)
        for required in ("gosock/__init__.py", "gosock/__main__.py", "gosock/__init__.pyi",
                         "gosock/py.typed", "gosock/_ffi.py"):
            self.assertIn(required, names)
        dist = {self.distinfo + n for n in ("METADATA", "WHEEL", "RECORD", "top_level.txt")}
        self.assertEqual(names, package | dist)
        self.assertFalse([n for n in names if "__pycache__" in n])

    def test_library_is_the_built_one_and_executable(self):
        self.assertEqual(self.zip.read("gosock/libgosock.so"), LIB.read_bytes())
        mode = self.zip.getinfo("gosock/libgosock.so").external_attr >> 16
        self.assertTrue(mode & 0o111, oct(mode))
        py_mode = self.zip.getinfo("gosock/__init__.py").external_attr >> 16
        self.assertEqual(py_mode & 0o777, 0o644)

    def test_wheel_file(self):
        wheel = email.parser.Parser().parsestr(self.zip.read(self.distinfo + "WHEEL").decode())
        self.assertEqual(wheel["Wheel-Version"], "1.0")
        self.assertEqual(wheel["Root-Is-Purelib"], "false")
        self.assertEqual(wheel.get_all("Tag"), ["py3-none-" + platform_tag()])
        self.assertTrue(wheel["Generator"])

    def test_metadata(self):
        meta = email.parser.Parser().parsestr(self.zip.read(self.distinfo + "METADATA").decode())
        self.assertEqual(meta["Metadata-Version"], "2.1")
        self.assertEqual(meta["Name"], "gosock")
        self.assertEqual(meta["Version"], self.version)
        self.assertEqual(meta["Requires-Python"], ">=3.11")
        self.assertTrue(meta["Summary"])
        self.assertIn("python -m gosock", meta.get_payload())
        self.assertEqual(self.zip.read(self.distinfo + "top_level.txt"), b"gosock\n")

    def test_record_hashes_every_file(self):
        rows = list(csv.reader(io.StringIO(self.zip.read(self.distinfo + "RECORD").decode())))
        recorded = {r[0]: (r[1], r[2]) for r in rows}
        self.assertEqual(len(recorded), len(rows), "duplicate RECORD rows")
        self.assertEqual(set(recorded), set(self.zip.namelist()))
        self.assertEqual(recorded[self.distinfo + "RECORD"], ("", ""))
        for name, (digest, size) in recorded.items():
            if name == self.distinfo + "RECORD":
                continue
            data = self.zip.read(name)
            want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            self.assertEqual(digest, want, name)
            self.assertEqual(int(size), len(data), name)

    def test_reproducible(self):
        with tempfile.TemporaryDirectory() as other:
            again = build_wheel(other)
            self.assertEqual(again.read_bytes(), self.whl.read_bytes())

    def test_refuses_a_version_mismatch(self):
        # The header and python/gosock/_lib.py must agree on the version.
        with tempfile.TemporaryDirectory() as other:
            header = Path(other, "gosock.h")
            header.write_text(re.sub(r"#define GOSOCK_VERSION_MINOR \d+", "#define GOSOCK_VERSION_MINOR 99",
                                     (ROOT / "include" / "gosock.h").read_text()))
            out = Path(other, "dist")
            r = subprocess.run([sys.executable, str(SCRIPT), "--lib", str(LIB), "--out", str(out),
                                "--header", str(header)], capture_output=True, text=True)
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("0.99.0", r.stderr)
            self.assertFalse(out.exists() and list(out.iterdir()))


@unittest.skipUnless(LIB.exists(), "build/libgosock.so is not built (make)")
@unittest.skipIf(INSTALLED, "repository test (already inside the wheel run)")
class InstalledWheelTest(unittest.TestCase):
    def test_install_into_fresh_venv_and_run_the_suite(self):
        tmp = tempfile.mkdtemp(prefix="gosock-venv-")
        self.addCleanup(shutil.rmtree, tmp)
        whl = build_wheel(os.path.join(tmp, "dist"))
        venv = os.path.join(tmp, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)
        python = os.path.join(venv, "bin", "python")

        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "GOSOCK_LIBRARY", "PYTHONHOME", "VIRTUAL_ENV")
               and not k.startswith(("PIP_", "GO"))}
        env["PATH"] = without_go(os.path.join(venv, "bin") + os.pathsep + env.get("PATH", ""))
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        env["PIP_NO_INPUT"] = "1"
        self.assertIsNone(shutil.which("go", path=env["PATH"]), "go must not be on PATH")

        r = subprocess.run([python, "-m", "pip", "install", "--no-index", str(whl)], cwd=tmp,
                           env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        # From a temporary directory: python/ of the source tree is not on sys.path.
        r = subprocess.run([python, "-c", "import gosock, sys; print(gosock.__file__); "
                            "print(gosock.library_path)"],
                           cwd=tmp, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        module_file, library = r.stdout.split()
        site = os.path.realpath(venv)
        self.assertTrue(os.path.realpath(module_file).startswith(site + os.sep), module_file)
        self.assertTrue(os.path.realpath(library).startswith(site + os.sep), library)

        r = subprocess.run([python, "-m", "gosock"], cwd=tmp, env=env, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("all 4 checks passed", r.stdout)

        env["GOSOCK_TEST_INSTALLED"] = site
        r = subprocess.run([python, "-X", "dev", "-m", "unittest", "discover", "-s",
                            str(ROOT / "tests_py"), "-t", str(ROOT)],
                           cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr[-6000:])
        ran = int(re.search(r"^Ran (\d+) tests?", r.stderr, re.M).group(1))
        self.assertGreater(ran, 40)
        self.assertRegex(r.stderr, r"(?m)^OK")


@unittest.skipUnless(INSTALLED, "runs only in the wheel run (tests_py against the installed copy)")
class InstalledCopyTest(unittest.TestCase):
    def test_gosock_comes_from_the_venv(self):
        from tests_py.support import gosock
        site = os.path.realpath(INSTALLED)
        self.assertTrue(os.path.realpath(gosock.__file__).startswith(site + os.sep), gosock.__file__)
        self.assertTrue(os.path.realpath(gosock.library_path).startswith(site + os.sep))
        self.assertNotIn(str(ROOT / "python"), [os.path.realpath(p) for p in sys.path])


if __name__ == "__main__":
    unittest.main()
