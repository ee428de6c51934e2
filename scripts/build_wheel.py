#!/usr/bin/env python3
"""build_wheel.py: writes dist/gosock-VERSION-py3-none-PLATFORM.whl with the
standard library's zipfile: the python/gosock package with libgosock.so
inside it, and the .dist-info (METADATA, WHEEL, top_level.txt, RECORD).

Usage: scripts/build_wheel.py [--lib build/libgosock.so] [--out dist]
                              [--header include/gosock.h]

The package is ctypes only (no CPython extension), so the wheel works with
any Python 3 that the package supports: the tag is py3-none-PLATFORM, the
platform being the one the library was built for (this machine's). The
wheel is reproducible: fixed timestamps (SOURCE_DATE_EPOCH if set), sorted
entries.
"""
import argparse
import base64
import csv
import hashlib
import io
import os
import re
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "python" / "gosock"
NAME = "gosock"

SUMMARY = "Python's socket module implemented in Go (libgosock), a drop-in for CPython 3.11's socket"
DESCRIPTION = """\
# gosock

A drop-in replacement for CPython 3.11's `socket` module on Linux: the same
classes, functions, constants and exceptions, with every operation done by
libgosock (Go, shipped inside this wheel) through ctypes.

    import gosock as socket          # use it directly, or
    import gosock; gosock.install()  # make it the process's socket module

`python -m gosock` prints the version, the library in use and a short
self-test. Set GOSOCK_LIBRARY to use another libgosock.so.
"""

# ELF e_machine of the platforms a wheel can be tagged for.
_ELF_MACHINES = {"x86_64": 62, "aarch64": 183, "i686": 3, "ppc64le": 21, "s390x": 22,
                 "riscv64": 243}


class BuildError(Exception):
    pass


def read_version(header):
    text = Path(header).read_text()
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"^#define GOSOCK_VERSION_%s (\d+)" % part, text, re.M)
        if m is None:
            raise BuildError("%s: no GOSOCK_VERSION_%s" % (header, part))
        parts.append(int(m.group(1)))
    return tuple(parts)


def package_version():
    """VERSION in python/gosock/_lib.py: the library version the package speaks."""
    m = re.search(r"^VERSION = \((\d+), (\d+), (\d+)\)", (PACKAGE / "_lib.py").read_text(), re.M)
    if m is None:
        raise BuildError("python/gosock/_lib.py: no VERSION = (MAJOR, MINOR, PATCH)")
    return tuple(int(x) for x in m.groups())


def platform_tag():
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def check_library(lib, plat):
    data = Path(lib).read_bytes()[:20]
    if data[:4] != b"\x7fELF":
        raise BuildError("%s is not an ELF shared library" % lib)
    machine = int.from_bytes(data[18:20], "little")
    for arch, code in _ELF_MACHINES.items():
        if plat.endswith(arch) and machine != code:
            raise BuildError("%s is built for ELF machine %d, not %s" % (lib, machine, arch))


def package_files(lib):
    """(name in the wheel, bytes, executable) for every file of the package."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if (not path.is_file() or "__pycache__" in rel.parts or path.suffix == ".pyc"
                or rel.as_posix() == "libgosock.so"):
            continue
        files.append(("%s/%s" % (NAME, rel.as_posix()), path.read_bytes(), False))
    files.append(("%s/libgosock.so" % NAME, Path(lib).read_bytes(), True))
    return sorted(files)


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def metadata(version):
    return (
        "Metadata-Version: 2.1\n"
        "Name: %s\n"
        "Version: %s\n"
        "Summary: %s\n"
        "Requires-Python: >=3.11\n"
        "Classifier: Operating System :: POSIX :: Linux\n"
        "Classifier: Programming Language :: Python :: 3\n"
        "Classifier: Programming Language :: Go\n"
        "Classifier: Topic :: System :: Networking\n"
        "Classifier: Typing :: Typed\n"
        "Description-Content-Type: text/markdown\n"
        "\n%s" % (NAME, version, SUMMARY, DESCRIPTION)
    )


def wheel_file(tag):
    return ("Wheel-Version: 1.0\n"
            "Generator: gosock scripts/build_wheel.py\n"
            "Root-Is-Purelib: false\n"
            "Tag: %s\n" % tag)


def _zip_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        t = time.gmtime(max(int(epoch), 315532800))  # zip cannot go before 1980
        return t[:6]
    return (1980, 1, 1, 0, 0, 0)


def build(lib, out, header):
    version_t = read_version(header)
    if version_t != package_version():
        raise BuildError("version mismatch: %s says %d.%d.%d, python/gosock/_lib.py says "
                         "%d.%d.%d; make them agree" % ((header,) + version_t + package_version()))
    version = "%d.%d.%d" % version_t
    plat = platform_tag()
    check_library(lib, plat)
    tag = "py3-none-" + plat
    distinfo = "%s-%s.dist-info" % (NAME, version)

    entries = [(name, data, exe) for name, data, exe in package_files(lib)]
    entries += [
        ("%s/METADATA" % distinfo, metadata(version).encode("utf-8"), False),
        ("%s/WHEEL" % distinfo, wheel_file(tag).encode("utf-8"), False),
        ("%s/top_level.txt" % distinfo, (NAME + "\n").encode("utf-8"), False),
    ]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data, _ in entries:
        writer.writerow([name, record_hash(data), len(data)])
    writer.writerow(["%s/RECORD" % distinfo, "", ""])
    entries.append(("%s/RECORD" % distinfo, record.getvalue().encode("utf-8"), False))

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / ("%s-%s-%s.whl" % (NAME, version, tag))
    partial = target.with_name(target.name + ".part")
    stamp = _zip_time()
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data, exe in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if exe else 0o100644) << 16
            info.create_system = 3  # Unix, so that the mode bits count
            zf.writestr(info, data)
    os.replace(partial, target)
    return target


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lib", default=str(ROOT / "build" / "libgosock.so"))
    p.add_argument("--out", default=str(ROOT / "dist"))
    p.add_argument("--header", default=str(ROOT / "include" / "gosock.h"))
    args = p.parse_args(argv)
    try:
        target = build(args.lib, args.out, args.header)
    except (BuildError, OSError) as e:
        print("build_wheel: %s" % e, file=sys.stderr)
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
