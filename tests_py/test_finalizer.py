"""An unclosed socket's ResourceWarning names the socket as it was."""
import gc
import unittest
import warnings

from tests_py.support import gosock, native


def unclosed_warning(mod):
    s = mod.socket()
    s.bind(("127.0.0.1", 0))
    expected = repr(s)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        del s
        gc.collect()
    messages = [str(x.message) for x in w if issubclass(x.category, ResourceWarning)]
    return expected, messages


class FinalizerTest(unittest.TestCase):
    def test_warning_shows_the_open_socket(self):
        for mod in (native, gosock):
            with self.subTest(module=mod.__name__):
                expected, messages = unclosed_warning(mod)
                self.assertIn("laddr=('127.0.0.1'", expected)
                self.assertEqual(messages, ["unclosed " + expected])


if __name__ == "__main__":
    unittest.main()
