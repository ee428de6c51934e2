"""The exported ABI of libgosock against abi/symbols.txt (scripts/abi_check.py).

Nothing may leave the library silently, and nothing may join it without a
deliberate line in abi/symbols.txt: see docs/ABI.md."""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "build" / "libgosock.so"
SYMBOLS = ROOT / "abi" / "symbols.txt"
HEADER = ROOT / "include" / "gosock.h"
SCRIPT = ROOT / "scripts" / "abi_check.py"


def load_checker():
    spec = importlib.util.spec_from_file_location("gosock_abi_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def header_version():
    text = HEADER.read_text()
    return tuple(int(re.search(r"#define GOSOCK_VERSION_%s (\d+)" % part, text).group(1))
                 for part in ("MAJOR", "MINOR", "PATCH"))


@unittest.skipUnless(LIB.exists(), "build/libgosock.so is not built (make)")
@unittest.skipUnless(shutil.which("nm"), "nm (binutils) is not installed")
class ABITest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.abi = load_checker()
        cls.exported = cls.abi.exported_symbols(LIB)

    def check(self, symbols_text=None, header_text=None):
        """Problems the checker finds with a modified list or header."""
        with tempfile.TemporaryDirectory() as tmp:
            sym = Path(tmp, "symbols.txt")
            sym.write_text(symbols_text if symbols_text is not None else SYMBOLS.read_text())
            hdr = Path(tmp, "gosock.h")
            hdr.write_text(header_text if header_text is not None else HEADER.read_text())
            return self.abi.check(LIB, sym, hdr)

    def test_library_matches_the_list(self):
        problems = self.abi.check(LIB, SYMBOLS, HEADER)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_script_exit_status(self):
        r = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("symbols", r.stdout)

    def test_exports_the_public_functions(self):
        for name in ("gosock_version", "gosock_socket", "gosock_recv", "gosock_getaddrinfo",
                     "gosock_free", "gosock_strerror"):
            self.assertIn(name, self.exported)
        # The Go side's own names are internal and never gosock_*.
        self.assertFalse([s for s in self.exported if s.startswith("gosockgo_")])

    def test_list_has_versions_no_later_than_the_library(self):
        current = header_version()
        entries = self.abi.read_symbols(SYMBOLS)
        self.assertTrue(entries)
        for name, version in entries.items():
            self.assertRegex(name, r"^gosock_[a-z0-9_]+$")
            self.assertLessEqual(version, current, name)

    def test_a_vanished_symbol_is_reported(self):
        text = SYMBOLS.read_text() + "gosock_retired_call 0.1.0\n"
        problems = self.check(symbols_text=text)
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("gosock_retired_call", problems[0])
        self.assertIn("no longer exported", problems[0])

    def test_an_unlisted_symbol_is_reported_with_what_to_do(self):
        kept = [l for l in SYMBOLS.read_text().splitlines() if not l.startswith("gosock_recvfrom ")]
        problems = self.check(symbols_text="\n".join(kept) + "\n")
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("gosock_recvfrom", problems[0])
        self.assertIn("abi/symbols.txt", problems[0])
        self.assertIn("gosock_recvfrom %d.%d.%d" % header_version(), problems[0])

    def test_duplicate_and_malformed_lines_are_reported(self):
        text = SYMBOLS.read_text() + "gosock_recv 0.1.0\ngosock_bogus\n"
        problems = self.check(symbols_text=text)
        self.assertTrue(any("twice" in p and "gosock_recv" in p for p in problems), problems)
        self.assertTrue(any("gosock_bogus" in p for p in problems), problems)

    def test_header_and_exports_agree(self):
        # A prototype without an export is a link error for C users.
        hdr = HEADER.read_text().replace(
            "int64_t gosock_free(void *p);",
            "int64_t gosock_free(void *p);\nint64_t gosock_not_there(int fd);")
        problems = self.check(header_text=hdr)
        self.assertTrue(any("gosock_not_there" in p and "declared" in p for p in problems), problems)
        # An export without a prototype is an undocumented API.
        hdr = HEADER.read_text().replace("int64_t gosock_free(void *p);", "")
        problems = self.check(header_text=hdr)
        self.assertTrue(any("gosock_free" in p and "gosock.h" in p for p in problems), problems)

    @unittest.skipUnless(shutil.which("objdump"), "objdump (binutils) is not installed")
    def test_soname_is_versioned(self):
        major = header_version()[0]
        self.assertEqual(self.abi.soname(LIB), "libgosock.so.%d" % major)
        # The build directory has the soname link that programs linked
        # against build/libgosock.so load at run time.
        link = LIB.parent / ("libgosock.so.%d" % major)
        self.assertTrue(link.exists(), link)
        self.assertTrue(os.path.samefile(link, LIB))


if __name__ == "__main__":
    unittest.main()
