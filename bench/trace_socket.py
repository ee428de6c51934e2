"""A tracing stand-in for `socket`, used by bench/api_report.py.

It is installed like gosock (``install()`` puts it into
sys.modules['socket']) and forwards everything to the real socket module,
but records which module attributes and which socket-object attributes are
used, by whom (caller file) and how often.  Only accesses made from outside
socket.py (and outside this file) count, so the list is what a drop-in
replacement has to provide to the benchmark workloads and to the stdlib
modules they drive (selectors, asyncio, ssl, ...).

At exit the record is written as JSON to $GOSOCK_BENCH_TRACE (if set).
Slow by design; never used for timing.
"""

import atexit
import json
import os
import sys
import sysconfig
import types

import socket as _real

_HERE = os.path.abspath(__file__)
_SKIP = {_HERE, os.path.abspath(_real.__file__)}
_STDLIB = os.path.abspath(sysconfig.get_paths()["stdlib"])
_counts = {}        # (kind, name, caller) -> count


def _caller_name(filename):
    f = os.path.abspath(filename)
    if f.startswith(_STDLIB + os.sep):
        return os.path.relpath(f, _STDLIB)
    return os.path.basename(f)


def _note(kind, name, depth=2):
    fn = sys._getframe(depth).f_code.co_filename
    if os.path.abspath(fn) in _SKIP:
        return
    key = (kind, name, _caller_name(fn))
    _counts[key] = _counts.get(key, 0) + 1


def _wrap(s):
    """Re-home a real socket object in the traced class."""
    if isinstance(s, socket):
        return s
    timeout = s.gettimeout()
    new = socket(s.family, s.type, s.proto, fileno=s.detach())
    new.settimeout(timeout)
    return new


class socket(_real.socket):
    """socket.socket that records attribute use on its instances."""

    __slots__ = ()

    def __getattribute__(self, name):
        if not name.startswith("__"):
            _note("socket", name)
        return super().__getattribute__(name)

    def accept(self):
        conn, addr = super().accept()
        return _wrap(conn), addr

    def dup(self):
        return _wrap(super().dup())


def _socketpair(*args, **kwargs):
    a, b = _real.socketpair(*args, **kwargs)
    return _wrap(a), _wrap(b)


def _create_connection(*args, **kwargs):
    return _wrap(_real.create_connection(*args, **kwargs))


def _create_server(*args, **kwargs):
    return _wrap(_real.create_server(*args, **kwargs))


def _fromfd(*args, **kwargs):
    return _wrap(_real.fromfd(*args, **kwargs))


_OVERRIDES = {
    "socket": socket,
    "SocketType": socket,
    "socketpair": _socketpair,
    "create_connection": _create_connection,
    "create_server": _create_server,
    "fromfd": _fromfd,
}


class _TracedModule(types.ModuleType):
    def __getattribute__(self, name):
        if name.startswith("__"):
            return super().__getattribute__(name)
        _note("module", name)
        if name in _OVERRIDES:
            return _OVERRIDES[name]
        return getattr(_real, name)

    def __dir__(self):
        return dir(_real)


def _dump():
    path = os.environ.get("GOSOCK_BENCH_TRACE")
    if not path:
        return
    rows = [{"kind": k, "name": n, "caller": c, "count": v}
            for (k, n, c), v in sorted(_counts.items())]
    with open(path, "w") as f:
        json.dump(rows, f)


def install():
    mod = _TracedModule("socket", _real.__doc__)
    mod.__file__ = _HERE
    mod.__all__ = list(_real.__all__)
    sys.modules["socket"] = mod
    atexit.register(_dump)
