"""Compare python/gosock/_consts.py with the native socket module.

_consts.py is loaded as a plain file, so these tests need neither libgosock
nor the gosock package. They must run on the CPython whose socket module
core/gen/names.txt was taken from (see its "source" line).
"""

import enum
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSTS_PATH = ROOT / "python" / "gosock" / "_consts.py"
NAMES_PY = ROOT / "core" / "gen" / "names.py"
NAMES_TXT = ROOT / "core" / "gen" / "names.txt"


def load_consts():
    spec = importlib.util.spec_from_file_location("gosock_consts_under_test", CONSTS_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


consts = load_consts()


def native_int_constants():
    """Public int (not bool) attributes of the native socket module."""
    out = {}
    for name in dir(socket):
        if name.startswith("_"):
            continue
        value = getattr(socket, name)
        if isinstance(value, int) and not isinstance(value, bool):
            out[name] = value
    return out


def native_enum_classes():
    """The enum classes defined by the native socket module, by name."""
    return {
        name: obj
        for name, obj in vars(socket).items()
        if isinstance(obj, enum.EnumMeta) and obj.__module__ == socket.__name__
    }


def generated_int_constants():
    return {
        name: value
        for name, value in vars(consts).items()
        if not name.startswith("_") and isinstance(value, int)
    }


class TestConstants(unittest.TestCase):
    def test_native_module_is_populated(self):
        # Guards the loops below against passing on an empty list.
        self.assertGreater(len(native_int_constants()), 300)

    def test_every_native_constant_has_the_same_value(self):
        for name, value in native_int_constants().items():
            with self.subTest(name=name):
                self.assertTrue(hasattr(consts, name), f"{name} missing from _consts.py")
                got = getattr(consts, name)
                self.assertIs(type(got), int, f"{name} is {type(got).__name__}, not a plain int")
                self.assertEqual(got, int(value))

    def test_no_constants_beyond_the_native_module(self):
        extra = set(generated_int_constants()) - set(native_int_constants())
        self.assertEqual(extra, set())

    def test_no_bools(self):
        bools = [n for n, v in vars(consts).items() if isinstance(v, bool)]
        self.assertEqual(bools, [])

    def test_enum_classes_match(self):
        native = native_enum_classes()
        self.assertEqual(set(consts._ENUMS), set(native))
        self.assertEqual(set(consts._ENUM_BASES), set(native))
        for name, cls in native.items():
            with self.subTest(enum=name):
                base = "IntFlag" if issubclass(cls, enum.IntFlag) else "IntEnum"
                self.assertTrue(issubclass(cls, getattr(enum, base)))
                self.assertEqual(consts._ENUM_BASES[name], base)

    def test_enum_membership_matches(self):
        membership = {}
        for enum_name, members in consts._ENUMS.items():
            for member in members:
                self.assertNotIn(member, membership, f"{member} is in two enums")
                membership[member] = enum_name
        for name, value in native_int_constants().items():
            with self.subTest(name=name):
                native_type = type(value)
                want = native_type.__name__ if issubclass(native_type, enum.Enum) else None
                self.assertEqual(membership.get(name), want)

    def test_enum_member_order_matches(self):
        # The order decides which name an aliased value gets (AF_NETLINK, not AF_ROUTE).
        for name, cls in native_enum_classes().items():
            with self.subTest(enum=name):
                self.assertEqual(consts._ENUMS[name], list(cls.__members__))

    def test_enums_built_from_consts_behave_like_native(self):
        for name, cls in native_enum_classes().items():
            with self.subTest(enum=name):
                base = getattr(enum, consts._ENUM_BASES[name])
                built = base(name, [(m, getattr(consts, m)) for m in consts._ENUMS[name]])
                for member in consts._ENUMS[name]:
                    self.assertEqual(built[member].name, cls[member].name, member)
                    self.assertEqual(int(built[member]), int(cls[member]), member)

    def test_names_txt_is_current(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "names.txt")
            subprocess.run([sys.executable, str(NAMES_PY), out], check=True)
            with open(out, encoding="ascii") as f:
                fresh = f.read()
        with open(NAMES_TXT, encoding="ascii") as f:
            self.assertEqual(f.read(), fresh, "core/gen/names.txt is stale: run python3 core/gen/names.py")


if __name__ == "__main__":
    unittest.main()
