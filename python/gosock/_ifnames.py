"""Network interfaces by name and index (if_nameindex and friends)."""
import ctypes
import os

from . import _ffi
from ._errors import exception as _exception

_IfNameP = ctypes.POINTER(_ffi.IfName)
_Name = ctypes.c_char * (_ffi.IF_NAMESIZE + 1)
_ULONG_MAX = 2**64 - 1


def if_nameindex():
    """if_nameindex()

    Returns a list of network interface information (index, name) tuples."""
    res = _IfNameP()
    n = _ffi.if_nameindex(ctypes.byref(res))
    if n < 0:
        raise _exception(n)
    try:
        return [(res[i].index, os.fsdecode(res[i].name)) for i in range(n)]
    finally:
        _ffi.free(res)


def if_nametoindex(oname, /):
    """Returns the interface index corresponding to the interface name if_name."""
    name = os.fsencode(oname)
    if 0 in name:
        raise ValueError("embedded null byte")
    r = _ffi.if_nametoindex(name)
    if r < 0:
        raise _exception(r)
    return r


def if_indextoname(if_index, /):
    """Returns the interface name corresponding to the interface index if_index."""
    if not isinstance(if_index, int):
        raise TypeError("an integer is required")
    if if_index < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if if_index >= _ULONG_MAX:
        if if_index > _ULONG_MAX:
            raise OverflowError("Python int too large to convert to C unsigned long")
        # CPython 3.11 takes this value for its own error marker.
        raise SystemError("error return without exception set")
    out = _Name()
    r = _ffi.if_indextoname(if_index & 0xFFFFFFFF, out, len(out))
    if r < 0:
        raise _exception(r)
    return os.fsdecode(out.value)


__all__ = ["if_nameindex", "if_nametoindex", "if_indextoname"]
