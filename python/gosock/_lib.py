"""Finding and loading libgosock.

The library is looked for beside this package; the environment variable
GOSOCK_LIBRARY names another file. Its version must match the one this
package was written for.
"""
import ctypes
import os

# The library version this package speaks (GOSOCK_VERSION_HEX in gosock.h).
VERSION = (0, 1, 0)
VERSION_HEX = (VERSION[0] << 16) | (VERSION[1] << 8) | VERSION[2]

ENV_VAR = "GOSOCK_LIBRARY"


def library_path():
    override = os.environ.get(ENV_VAR)
    if override:
        return override
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "libgosock.so")


def load():
    path = library_path()
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(
            "gosock: cannot load %s (%s). Build it with 'make' at the top of the "
            "gosock source tree, or set %s to the library's path." % (path, e, ENV_VAR)
        ) from None
    lib.gosock_version.restype = ctypes.c_int64
    lib.gosock_version.argtypes = ()
    got = lib.gosock_version()
    if got >> 8 != VERSION_HEX >> 8:
        raise ImportError(
            "gosock: %s is version %d.%d.%d but this package needs %d.%d.x; "
            "rebuild the library ('make') or install matching versions."
            % (path, got >> 16, (got >> 8) & 0xFF, got & 0xFF, VERSION[0], VERSION[1])
        )
    return lib, path
