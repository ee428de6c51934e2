#!/usr/bin/env python3
"""abi_check.py: compares libgosock's exported gosock_* symbols with
abi/symbols.txt and with the prototypes of include/gosock.h.

Usage: scripts/abi_check.py [--lib build/libgosock.so] [--symbols abi/symbols.txt]
                            [--header include/gosock.h]

Exits 1 and says what to do when a listed symbol is no longer exported, an
exported symbol is not listed, the header and the exports disagree, or the
soname is not libgosock.so.MAJOR. The policy is docs/ABI.md.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_PROTO_RE = re.compile(r"(?m)^[A-Za-z_][\w \t*]*?\b(gosock_[a-z0-9_]+)\s*\(")


def exported_symbols(lib):
    """The defined dynamic symbols of lib whose names start with gosock_."""
    out = subprocess.run(["nm", "-D", "--defined-only", str(lib)], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[-1].startswith("gosock_"):
            names.add(parts[-1].split("@")[0])
    return names


def read_symbols(path, problems=None):
    """abi/symbols.txt as {name: (major, minor, patch)}. Lines are
    "name version"; '#' starts a comment."""
    entries = {}
    for n, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        m = _VERSION_RE.match(parts[1]) if len(parts) == 2 else None
        if m is None or not parts[0].startswith("gosock_"):
            if problems is not None:
                problems.append("%s:%d: %r is not 'gosock_<name> MAJOR.MINOR.PATCH'"
                                % (path, n, raw))
            continue
        version = tuple(int(x) for x in m.groups())
        if parts[0] in entries:
            if problems is not None:
                problems.append("%s:%d: %s is listed twice" % (path, n, parts[0]))
            continue
        entries[parts[0]] = version
    return entries


def _strip_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def header_functions(header):
    """Names of the functions include/gosock.h declares."""
    return set(_PROTO_RE.findall(_strip_comments(Path(header).read_text())))


def header_version(header):
    text = Path(header).read_text()
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"#define GOSOCK_VERSION_%s (\d+)" % part, text)
        if m is None:
            raise ValueError("%s has no GOSOCK_VERSION_%s" % (header, part))
        parts.append(int(m.group(1)))
    return tuple(parts)


def soname(lib):
    """The DT_SONAME of lib (from objdump -p), or None."""
    out = subprocess.run(["objdump", "-p", str(lib)], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r"^\s*SONAME\s+(\S+)", out, re.M)
    return m.group(1) if m else None


def check(lib, symbols, header):
    """Every problem found, as sentences saying what to do."""
    problems = []
    listed = read_symbols(symbols, problems)
    exported = exported_symbols(lib)
    declared = header_functions(header)
    version = header_version(header)
    vstr = "%d.%d.%d" % version
    for name in sorted(set(listed) - exported):
        problems.append(
            "%s (listed since %s) is no longer exported by %s: programs linked against "
            "libgosock.so.%d would fail to load. Restore it; removing a symbol needs a new "
            "soname (docs/ABI.md)." % (name, "%d.%d.%d" % listed[name], lib, version[0]))
    for name in sorted(exported - set(listed)):
        problems.append(
            "%s is exported but not in %s. If it is a deliberate addition, add the line "
            "'%s %s' (the version it first ships in; bump GOSOCK_VERSION_MINOR in "
            "include/gosock.h if %s already shipped), see docs/ABI.md. If not, stop "
            "exporting it." % (name, "abi/symbols.txt", name, vstr, vstr))
    for name, v in sorted(listed.items()):
        if v > version:
            problems.append("%s: listed as appearing in %d.%d.%d, later than the library's %s"
                            % (name, v[0], v[1], v[2], vstr))
    for name in sorted(declared - exported):
        problems.append("%s is declared in include/gosock.h but not exported: C programs "
                        "using it would not link. Export it (capi/funcs.h) or remove the "
                        "prototype." % name)
    for name in sorted(exported - declared):
        problems.append("%s is exported but has no prototype in include/gosock.h: declare "
                        "and document it there, or stop exporting it." % name)
    want = "libgosock.so.%d" % version[0]
    got = soname(lib)
    if got != want:
        problems.append("%s has soname %r, expected %r (GOSOCK_VERSION_MAJOR)" % (lib, got, want))
    return problems


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lib", default=ROOT / "build" / "libgosock.so")
    p.add_argument("--symbols", default=ROOT / "abi" / "symbols.txt")
    p.add_argument("--header", default=ROOT / "include" / "gosock.h")
    args = p.parse_args(argv)
    problems = check(args.lib, args.symbols, args.header)
    for line in problems:
        print("abi: " + line)
    if problems:
        return 1
    print("abi: %d gosock_* symbols match %s (soname %s)"
          % (len(exported_symbols(args.lib)), args.symbols, soname(args.lib)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
