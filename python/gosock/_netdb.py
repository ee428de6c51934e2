"""Module-level resolver functions (getaddrinfo and friends)."""
import ctypes
import sys

from . import _addr, _ffi
from ._errors import exception
from ._sockobj import _cint

_netdb_all = ["getaddrinfo", "has_ipv6"]
__all__ = _netdb_all + ["_netdb_all"]

# libgosock is always built with IPv6 support, as CPython on Linux is.
has_ipv6 = True


def _gai_host(host):
    if host is None:
        return None
    if isinstance(host, str):
        try:
            return host.encode("idna")
        except UnicodeError:
            raise
    if isinstance(host, bytes):
        return host
    raise TypeError("getaddrinfo() argument 1 must be string or None")


def _gai_port(port):
    if port is None:
        return None
    if isinstance(port, int):
        return str(int(port)).encode()
    if isinstance(port, str):
        return port.encode("utf-8")
    if isinstance(port, bytes):
        return port
    raise OSError("Int or String expected")


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """getaddrinfo(host, port [, family, type, proto, flags])
    -> list of (family, type, proto, canonname, sockaddr)"""
    sys.audit("socket.getaddrinfo", host, port, family, type, proto, flags)
    h = _gai_host(host)
    p = _gai_port(port)
    family, type, proto, flags = _cint(family), _cint(type), _cint(proto), _cint(flags)
    res = ctypes.POINTER(_ffi.AddrInfo)()
    n = _ffi.getaddrinfo(h, p, family, type, proto, flags, ctypes.byref(res))
    if n < 0:
        raise exception(n)
    try:
        out = []
        for i in range(n):
            ai = res[i]
            out.append((ai.family, ai.type, ai.proto,
                        ai.canonname.decode("utf-8", "surrogateescape"), _addr.from_c(ai.addr)))
        return out
    finally:
        _ffi.free(res)
