"""Python address objects <-> gosock_addr, with CPython's argument rules.

Only the shapes and types of Python values are checked here; what an
address means (resolution, ranges, path limits) is decided in libgosock.
"""
import ctypes
import os
from operator import index as _index

from . import _addr_linux
from . import _consts as C
from . import _errors
from ._ffi import Addr

_DATA_OFF = Addr.data.offset
_DATA2_OFF = Addr.data2.offset
_INT_MAX = 2**31 - 1
_UINT_MASK = 0xFFFFFFFF
_GAI_BASE = -20000
# Read on every getsockname/recvfrom: module globals, not C's attributes.
_AF_INET, _AF_INET6, _AF_UNIX = C.AF_INET, C.AF_INET6, C.AF_UNIX


def _host_bytes(host):
    """CPython's idna_converter: the host as bytes for the resolver."""
    if isinstance(host, str):
        if host.isascii():
            b = host.encode("ascii")
        else:
            try:
                b = host.encode("idna")
            except UnicodeError:
                raise TypeError("encoding of hostname failed") from None
    elif isinstance(host, (bytes, bytearray)):
        b = bytes(host)
    else:
        raise TypeError("str, bytes or bytearray expected, not %s" % type(host).__name__)
    if b"\0" in b:
        raise TypeError("host name must not contain null character")
    return b


def _int_field(v, caller, what):
    try:
        v = _index(v)
    except TypeError:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__) from None
    return v


def _set_host(a, host):
    b = _host_bytes(host)
    if len(b) >= Addr.data.size:
        # Longer than any name the resolver can know.
        raise _errors.exception(_GAI_BASE + C.EAI_NONAME)
    a.data = b
    a.len = len(b)


_AF_RDS = getattr(C, "AF_RDS", None)


def to_c(family, address, caller, proto=0):
    """Fill a new Addr for a socket of the given family (and protocol,
    which decides the address form of AF_CAN sockets)."""
    a = Addr()
    a.family = family
    if family == C.AF_INET or family == _AF_RDS:  # RDS uses sockaddr_in
        if not isinstance(address, tuple):
            raise TypeError("%s(): AF_INET address must be tuple, not %s"
                            % (caller, type(address).__name__))
        if len(address) != 2:
            raise TypeError("AF_INET address must be a pair (host, port)")
        host, port = address
        _set_host(a, host)
        port = _int_field(port, caller, "port")
        if not -2**31 <= port <= _INT_MAX:
            raise OverflowError("%s(): port must be 0-65535." % caller)
        a.port = port & _UINT_MASK
    elif family == C.AF_INET6:
        if not isinstance(address, tuple):
            raise TypeError("%s(): AF_INET6 address must be tuple, not %s"
                            % (caller, type(address).__name__))
        if not 2 <= len(address) <= 4:
            raise TypeError("AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
        host, port = address[0], address[1]
        _set_host(a, host)
        port = _int_field(port, caller, "port")
        if not -2**31 <= port <= _INT_MAX:
            raise OverflowError("%s(): port must be 0-65535." % caller)
        a.port = port & _UINT_MASK
        if len(address) > 2:
            # CPython parses these with "I": masked, not range-checked.
            a.flowinfo = _int_field(address[2], caller, "flowinfo") & _UINT_MASK
        if len(address) > 3:
            a.scope_id = _int_field(address[3], caller, "scope_id") & _UINT_MASK
    elif family == C.AF_UNIX:
        if isinstance(address, str):
            path = os.fsencode(address)
        else:
            try:
                path = bytes(memoryview(address))
            except TypeError:
                raise TypeError("a bytes-like object is required, not '%s'"
                                % type(address).__name__) from None
        if len(path) > Addr.data.size:
            raise OSError("AF_UNIX path too long")
        ctypes.memmove(ctypes.addressof(a) + _DATA_OFF, path, len(path))
        a.len = len(path)
    elif family in _addr_linux.FAMILIES:
        _addr_linux.to_c(a, family, address, caller, proto)
    else:
        # Families without a tuple form: libgosock rejects them.
        pass
    return a


def from_c(a):
    """The Python form of an address libgosock filled in."""
    family = a.family
    if family == _AF_INET:
        return (a.data.decode("latin-1"), a.port)
    if family == _AF_INET6:
        return (a.data.decode("latin-1"), a.port, a.flowinfo, a.scope_id)
    n = a.len
    if family == _AF_UNIX:
        raw = ctypes.string_at(ctypes.addressof(a) + _DATA_OFF, n)
        if n and raw[0] == 0:
            return raw  # Linux abstract namespace
        return os.fsdecode(raw)
    if family == 0 and n == 0:
        return None
    if family in _addr_linux.FAMILIES:
        return _addr_linux.from_c(a)
    return (family, ctypes.string_at(ctypes.addressof(a) + _DATA_OFF, n))
