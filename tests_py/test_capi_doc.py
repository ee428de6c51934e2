"""docs/C-API.md is generated from include/gosock.h by scripts/gen_capi_doc.py
and must be current."""
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "include" / "gosock.h"
DOC = ROOT / "docs" / "C-API.md"
SCRIPT = ROOT / "scripts" / "gen_capi_doc.py"


def generate(header):
    r = subprocess.run([sys.executable, str(SCRIPT), str(header)], capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError("gen_capi_doc.py failed:\n" + r.stderr)
    return r.stdout


def declared_functions(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.findall(r"(?m)^[A-Za-z_][\w \t*]*?\b(gosock_[a-z0-9_]+)\s*\(", text)


class CAPIDocTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.header = HEADER.read_text()
        cls.fresh = generate(HEADER)

    def test_doc_is_current(self):
        self.assertEqual(DOC.read_text(), self.fresh,
                         "docs/C-API.md is stale: run 'make docs' and commit it")

    def test_every_function_has_a_heading_and_its_prototype(self):
        headings = re.findall(r"(?m)^### (.*)$", self.fresh)
        named = {n.strip("` ") for h in headings for n in h.split(",")}
        code = "\n".join(re.findall(r"```c\n(.*?)```", self.fresh, re.S))
        funcs = declared_functions(self.header)
        self.assertGreater(len(funcs), 25)
        for name in funcs:
            self.assertIn(name, named)
            self.assertRegex(code, r"\b%s\(" % name)

    def test_comments_become_text(self):
        # The file comment's sections, and a function's comment.
        for heading in ("Conventions", "Timeouts", "Errors"):
            self.assertRegex(self.fresh, r"(?m)^## %s$" % heading)
        self.assertIn("Releases memory the library allocated for a result (NULL is fine).",
                      self.fresh)
        self.assertIn("gosock_error_kind() tells the kind", self.fresh)

    def test_error_codes_and_structs(self):
        for name, value in re.findall(r"#define (GOSOCK_E_[A-Z]+)\s+\((-\d+)\)", self.header):
            self.assertRegex(self.fresh, r"`%s` \| `\(%s\)`" % (name, value))
        for struct in ("gosock_addr", "gosock_info", "gosock_addrinfo"):
            self.assertRegex(self.fresh, r"(?m)^### struct %s$" % struct)
        self.assertIn("char data[GOSOCK_ADDR_DATA];", self.fresh)

    def test_generated_from_the_header_given(self):
        extra = ("\n/* Counts the sheep in fd's queue. Returns the count. */\n"
                 "int64_t gosock_count_sheep(int fd,\n                           int flags);\n")
        text = self.header.replace("#ifdef __cplusplus\n}", extra + "\n#ifdef __cplusplus\n}")
        self.assertNotEqual(text, self.header)
        with tempfile.TemporaryDirectory() as tmp:
            h = Path(tmp, "gosock.h")
            h.write_text(text)
            doc = generate(h)
        self.assertIn("### gosock_count_sheep", doc)
        self.assertIn("Counts the sheep in fd's queue. Returns the count.", doc)
        self.assertIn("int64_t gosock_count_sheep(int fd,\n                           int flags);", doc)

    def test_output_file_option(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp, "C-API.md")
            subprocess.run([sys.executable, str(SCRIPT), str(HEADER), "-o", str(out)], check=True)
            self.assertEqual(out.read_text(), self.fresh)


if __name__ == "__main__":
    unittest.main()
