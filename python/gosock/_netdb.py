"""Module-level functions: getaddrinfo here, the others re-exported from
_convert (byte order, inet_*), _hostdb (hosts, services) and _ifnames."""
import ctypes
import sys

from . import _addr, _ffi
from ._convert import *  # noqa: F401,F403
from ._convert import __all__ as _convert_all
from ._convert import c_int as _c_int
from ._errors import exception
from ._hostdb import *  # noqa: F401,F403
from ._hostdb import __all__ as _hostdb_all
from ._ifnames import *  # noqa: F401,F403
from ._ifnames import __all__ as _ifnames_all

_netdb_all = ["getaddrinfo", "has_ipv6"] + _convert_all + _hostdb_all + _ifnames_all
__all__ = _netdb_all + ["_netdb_all"]

# libgosock is always built with IPv6 support, as CPython on Linux is.
has_ipv6 = True

_LONG_MIN, _LONG_MAX = -2**63, 2**63 - 1
_AddrInfoP = ctypes.POINTER(_ffi.AddrInfo)
_getaddrinfo = _ffi.getaddrinfo_fast
_free = _ffi.free_fast
_from_c = _addr.from_c
# "x is _ZERO": the int 0 and nothing else (CPython caches small ints).
_ZERO = 0


def _gai_host(host):
    if host is None:
        return None
    if isinstance(host, str):
        return host.encode("idna")
    if isinstance(host, bytes):
        return host
    raise TypeError("getaddrinfo() argument 1 must be string or None")


def _gai_port(port):
    """CPython 3.11: an exact int (as "%ld"), a str (UTF-8), bytes or None."""
    if port.__class__ is int:
        if not _LONG_MIN <= port <= _LONG_MAX:
            raise OverflowError("Python int too large to convert to C long")
        return b"%d" % port
    if isinstance(port, str):
        return port.encode("utf-8")
    if isinstance(port, bytes):
        return port
    if port is None:
        return None
    raise OSError("Int or String expected")


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """getaddrinfo(host, port [, family, type, proto, flags])
    -> list of (family, type, proto, canonname, sockaddr)"""
    if not (family is _ZERO and type is _ZERO and proto is _ZERO and flags is _ZERO):
        family, type, proto, flags = _c_int(family), _c_int(type), _c_int(proto), _c_int(flags)
    h = _gai_host(host)
    p = _gai_port(port)
    sys.audit("socket.getaddrinfo", host, port, family, type, proto)
    res = _AddrInfoP()
    # The bindings without argtypes: bytes and None go as char *, the ints
    # are within the C int range (_c_int).
    n = _getaddrinfo(h, p, family, type, proto, flags, ctypes.byref(res))
    if n < 0:
        raise exception(n)
    try:
        out = []
        for i in range(n):
            ai = res[i]
            out.append((ai.family, ai.type, ai.proto,
                        ai.canonname.decode("utf-8"), _from_c(ai.addr)))
        return out
    finally:
        _free(res)
