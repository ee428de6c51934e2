"""make install / make uninstall: versioned library, headers, pkg-config.

Runs make in a temporary prefix (and a DESTDIR staging tree), builds a small
C program with nothing but `pkg-config --cflags --libs gosock`, and runs it."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "build" / "libgosock.so"

PROGRAM = r"""
#include <stdio.h>
#include <string.h>
#include <gosock.h>
#include <gosock_consts.h>

int main(void) {
  if (gosock_version() != GOSOCK_VERSION_HEX) return 10;
  gosock_info a, b;
  if (gosock_socketpair(GOSOCK_AF_UNIX, GOSOCK_SOCK_STREAM, 0, -1, &a, &b) < 0) return 11;
  if (gosock_send(a.fd, "ping", 4, 0, GOSOCK_NO_DEADLINE) != 4) return 12;
  char buf[8] = {0};
  if (gosock_recv(b.fd, buf, sizeof buf, 0, gosock_deadline(2000000000LL)) != 4) return 13;
  if (memcmp(buf, "ping", 4) != 0) return 14;
  gosock_close(a.fd);
  gosock_close(b.fd);
  printf("installed ok %d.%d.%d\n", GOSOCK_VERSION_MAJOR, GOSOCK_VERSION_MINOR,
         GOSOCK_VERSION_PATCH);
  return 0;
}
"""


def header_version():
    text = (ROOT / "include" / "gosock.h").read_text()
    return tuple(int(re.search(r"#define GOSOCK_VERSION_%s (\d+)" % p, text).group(1))
                 for p in ("MAJOR", "MINOR", "PATCH"))


def make(*args):
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args, "LDCONFIG=true"],
                          capture_output=True, text=True, env=env, timeout=300)


def files_under(top):
    out = set()
    for dirpath, dirnames, filenames in os.walk(top):
        for f in filenames:
            out.add(os.path.relpath(os.path.join(dirpath, f), top))
    return out


@unittest.skipUnless(LIB.exists(), "build/libgosock.so is not built (make)")
@unittest.skipUnless(shutil.which("pkg-config") and shutil.which("cc"), "needs pkg-config and cc")
@unittest.skipIf(os.environ.get("GOSOCK_TEST_INSTALLED"), "repository test (wheel run)")
class InstallTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="gosock-install-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.major, self.minor, self.patch = header_version()
        self.version = "%d.%d.%d" % (self.major, self.minor, self.patch)

    def build_with_pkgconfig(self, pcdir, sysroot=None):
        env = dict(os.environ, PKG_CONFIG_PATH=pcdir, PKG_CONFIG_LIBDIR=pcdir)
        if sysroot:
            env["PKG_CONFIG_SYSROOT_DIR"] = sysroot
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "gosock"], env=env,
                               capture_output=True, text=True, check=True).stdout.split()
        modversion = subprocess.run(["pkg-config", "--modversion", "gosock"], env=env,
                                    capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(modversion, self.version)
        src = os.path.join(self.tmp, "prog.c")
        with open(src, "w") as f:
            f.write(PROGRAM)
        exe = os.path.join(self.tmp, "prog")
        # -I/-L from pkg-config only: not the source tree's include/.
        r = subprocess.run(["cc", "-Wall", "-Werror", "-o", exe, src, *flags],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return exe, flags

    def assert_library_layout(self, libdir):
        real = "libgosock.so.%s" % self.version
        soname = "libgosock.so.%d" % self.major
        self.assertTrue(os.path.isfile(os.path.join(libdir, real)))
        self.assertFalse(os.path.islink(os.path.join(libdir, real)))
        self.assertEqual(os.readlink(os.path.join(libdir, soname)), real)
        self.assertEqual(os.readlink(os.path.join(libdir, "libgosock.so")), soname)
        out = subprocess.run(["objdump", "-p", os.path.join(libdir, real)],
                             capture_output=True, text=True, check=True).stdout
        self.assertRegex(out, r"SONAME\s+%s\n" % re.escape(soname))

    def test_install_prefix_build_run_uninstall(self):
        prefix = os.path.join(self.tmp, "prefix")
        r = make("install", "PREFIX=" + prefix)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        libdir = os.path.join(prefix, "lib")
        self.assert_library_layout(libdir)
        for h in ("gosock.h", "gosock_consts.h"):
            self.assertEqual(Path(prefix, "include", h).read_bytes(),
                             (ROOT / "include" / h).read_bytes())
        pc = Path(libdir, "pkgconfig", "gosock.pc").read_text()
        self.assertIn("prefix=%s\n" % prefix, pc)
        self.assertIn("Version: %s\n" % self.version, pc)

        exe, flags = self.build_with_pkgconfig(os.path.join(libdir, "pkgconfig"))
        self.assertIn("-I%s/include" % prefix, flags)
        self.assertIn("-L%s" % libdir, flags)
        self.assertIn("-lgosock", flags)
        needed = subprocess.run(["objdump", "-p", exe], capture_output=True, text=True,
                                check=True).stdout
        self.assertRegex(needed, r"NEEDED\s+libgosock\.so\.%d\n" % self.major)
        run = subprocess.run([exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertEqual(run.stdout, "installed ok %s\n" % self.version)
        # It really loads the installed copy.
        ldd = subprocess.run(["ldd", exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir),
                             capture_output=True, text=True).stdout
        self.assertIn(os.path.join(libdir, "libgosock.so.%d" % self.major), ldd)

        r = make("uninstall", "PREFIX=" + prefix)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(files_under(prefix), set())
        self.assertFalse(os.path.lexists(os.path.join(libdir, "libgosock.so")))

    def test_destdir_staging(self):
        stage = os.path.join(self.tmp, "stage")
        r = make("install", "DESTDIR=" + stage, "PREFIX=/opt/gosock-test")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertFalse(os.path.exists("/opt/gosock-test"))
        root = os.path.join(stage, "opt", "gosock-test")
        self.assertEqual(files_under(stage), {
            "opt/gosock-test/lib/libgosock.so.%s" % self.version,
            "opt/gosock-test/lib/pkgconfig/gosock.pc",
            "opt/gosock-test/include/gosock.h",
            "opt/gosock-test/include/gosock_consts.h",
        } | {"opt/gosock-test/lib/" + l for l in ("libgosock.so", "libgosock.so.%d" % self.major)})
        self.assert_library_layout(os.path.join(root, "lib"))
        # The .pc file names the final prefix, not the staging directory.
        pc = Path(root, "lib", "pkgconfig", "gosock.pc").read_text()
        self.assertIn("prefix=/opt/gosock-test\n", pc)
        self.assertNotIn(stage, pc)
        # pkg-config's sysroot support finds the staged files.
        exe, _ = self.build_with_pkgconfig(os.path.join(root, "lib", "pkgconfig"), sysroot=stage)
        run = subprocess.run([exe], env=dict(os.environ, LD_LIBRARY_PATH=os.path.join(root, "lib")),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

        r = make("uninstall", "DESTDIR=" + stage, "PREFIX=/opt/gosock-test")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(files_under(stage), set())

    def test_libdir_and_includedir_can_be_set(self):
        prefix = os.path.join(self.tmp, "p2")
        r = make("install", "PREFIX=" + prefix, "LIBDIR=" + prefix + "/lib64",
                 "INCLUDEDIR=" + prefix + "/include/gosock")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assert_library_layout(os.path.join(prefix, "lib64"))
        self.assertTrue(os.path.isfile(os.path.join(prefix, "include", "gosock", "gosock.h")))
        pc = Path(prefix, "lib64", "pkgconfig", "gosock.pc").read_text()
        self.assertIn("libdir=${prefix}/lib64\n", pc)
        self.assertIn("includedir=${prefix}/include/gosock\n", pc)
        self.build_with_pkgconfig(os.path.join(prefix, "lib64", "pkgconfig"))
        r = make("uninstall", "PREFIX=" + prefix, "LIBDIR=" + prefix + "/lib64",
                 "INCLUDEDIR=" + prefix + "/include/gosock")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(files_under(prefix), set())


if __name__ == "__main__":
    unittest.main()
