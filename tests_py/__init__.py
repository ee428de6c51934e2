"""The Python suite.

When the suite is discovered (make test, python -m unittest discover),
load_tests puts every test between two checks of its own: the descriptors
open when the suite starts must be all that is open when it ends (after a
garbage collection), and no ResourceWarning may be emitted anywhere, not
even from a __del__ (where a warning turned into an error is only printed:
sys.unraisablehook collects those)."""
import gc
import os
import sys
import unittest
import warnings

_state = {}


def _open_fds():
    fds = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            fds[fd] = os.readlink("/proc/self/fd/" + fd)
        except OSError:
            pass  # the descriptor listdir itself used
    return fds


class SuiteStart(unittest.TestCase):
    def test_start_watching_resources(self):
        gc.collect()
        _state["fds"] = _open_fds()
        _state["unraisable"] = []
        _state["hook"] = sys.unraisablehook

        def hook(unraisable):
            _state["unraisable"].append(unraisable)
            _state["hook"](unraisable)
        sys.unraisablehook = hook
        # The runner resets the filters when it starts: set this one inside.
        warnings.simplefilter("error", ResourceWarning)
        self.assertTrue(_state["fds"])


class SuiteEnd(unittest.TestCase):
    def test_no_descriptor_or_resource_leaked(self):
        if "fds" not in _state:
            self.skipTest("the suite start did not run")
        gc.collect()
        sys.unraisablehook = _state.pop("hook")
        before = _state.pop("fds")
        now = _open_fds()
        leaked = {fd: target for fd, target in now.items() if fd not in before}
        warned = ["%s: %s" % (getattr(u.object, "__qualname__", u.object), u.exc_value)
                  for u in _state.pop("unraisable")
                  if isinstance(u.exc_value, ResourceWarning)]
        self.assertEqual(leaked, {}, "descriptors left open by the suite")
        self.assertEqual(warned, [], "ResourceWarnings from finalizers")


def load_tests(loader, standard_tests, pattern):
    here = os.path.dirname(os.path.abspath(__file__))
    suite = unittest.TestSuite()
    suite.addTest(SuiteStart("test_start_watching_resources"))
    suite.addTests(standard_tests)
    suite.addTests(loader.discover(start_dir=here, pattern=pattern or "test*.py"))
    suite.addTest(SuiteEnd("test_no_descriptor_or_resource_leaked"))
    return suite
