"""Byte order, control-message sizes and the inet_* conversions.

The wrappers only turn Python arguments into what the C API takes, with the
errors of CPython's argument parsing (types, and the C int/long ranges of
its "i"/"l" formats where a later argument's error must not come first);
each function's own ranges, syntax and results are libgosock's. They are
called often, so the foreign functions are bound once, the hot integer ones
without argtypes (_ffi.FAST_FUNCTIONS), and no ctypes object is made on the
common paths: IPv4 results come back as numbers.
"""
from ctypes import c_char
from operator import index as _index
from types import FunctionType

from . import _ffi
from ._args import argtype, bad_call, c_int
from ._args import c_long as clong
from ._args import ssize as _ssize
from ._errors import exception as _exception

_cmsg_len, _cmsg_len_int = _ffi.cmsg_len, _ffi.cmsg_len_fast
_cmsg_space, _cmsg_space_int = _ffi.cmsg_space, _ffi.cmsg_space_fast
_inet_aton = _ffi.inet_aton
_inet_ntoa = _ffi.inet_ntoa
_inet_pton = _ffi.inet_pton
_inet_pton4 = _ffi.inet_pton4_fast  # bytes pass as char * without argtypes
_inet_ntop = _ffi.inet_ntop

_I64_MIN, _I64_MAX = -2**63, 2**63 - 1
_U64_MAX = 2**64 - 1
_INT_MIN, _INT_MAX = -2**31, 2**31 - 1
_AF_INET = 2
_Packed16 = c_char * 16
_Text = c_char * _ffi.ADDRSTRLEN


def packed_bytes(obj):
    """A bytes-like argument (CPython's "y*") as bytes."""
    if obj.__class__ is bytes:
        return obj
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % type(obj).__name__) from None
    if not view.c_contiguous:
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    return view.tobytes()


def c_str(obj, func, pos):
    """A str argument (CPython's "s") as the UTF-8 bytes C gets."""
    if not isinstance(obj, str):
        raise TypeError("%s() argument %d must be str, not %s" % (func, pos, argtype(obj)))
    b = obj.encode()
    if 0 in b:
        raise ValueError("embedded null character")
    return b


def _ulong(x):
    """htonl/ntohl's argument: any int (no __index__), as an unsigned long;
    values libgosock must reject are clamped into the int64 it takes."""
    if not isinstance(x, int):
        raise TypeError("expected int, %s found" % type(x).__name__)
    if x > _I64_MAX:
        if x > _U64_MAX:
            raise OverflowError("Python int too large to convert to C unsigned long")
        return _I64_MAX
    return x if x >= _I64_MIN else -1


def _byte_order_body(x, /):
    # htons, ntohs, htonl and ntohl are this code (_byte_order), each with
    # its own globals: _low, _fast, _checked and _convert.
    if x.__class__ is int and _low <= x <= _INT_MAX:  # noqa: F821
        r = _fast(x)  # noqa: F821
    else:
        r = _checked(_convert(x))  # noqa: F821
    if r >= 0:
        return r
    raise _exception(r)


def _byte_order(name, doc, checked, fast, low, convert):
    """Makes htons, ntohs, htonl or ntohl: an int from low to INT_MAX goes to
    the binding without argtypes (fast), any other argument through convert
    (CPython's argument parsing of that function) to the checked one. What
    differs between the four is in globals of their own, not in a closure:
    a closure's cells cost every call ~3% (these are hot), a global lookup
    nothing more than today's. The code carries the name (tracebacks)."""
    names = {"__builtins__": __builtins__, "__name__": __name__, "_INT_MAX": _INT_MAX,
             "_exception": _exception, "_low": low, "_fast": fast, "_checked": checked,
             "_convert": convert}
    code = _byte_order_body.__code__.replace(co_name=name, co_qualname=name)
    function = FunctionType(code, names, name)
    function.__qualname__ = name
    function.__doc__ = doc
    return function


# ntohs/htons take any index-able argument as a C long ("l"), negative ints
# on the fast path too; ntohl/htonl take an int only, as an unsigned long.
htons = _byte_order("htons", "Convert a 16-bit unsigned integer from host to network byte order.",
                    _ffi.htons, _ffi.htons_fast, _INT_MIN, clong)
ntohs = _byte_order("ntohs", "Convert a 16-bit unsigned integer from network to host byte order.",
                    _ffi.ntohs, _ffi.ntohs_fast, _INT_MIN, clong)
htonl = _byte_order("htonl", "Convert a 32-bit unsigned integer from host to network byte order.",
                    _ffi.htonl, _ffi.htonl_fast, 0, _ulong)
ntohl = _byte_order("ntohl", "Convert a 32-bit unsigned integer from network to host byte order.",
                    _ffi.ntohl, _ffi.ntohl_fast, 0, _ulong)


def _cmsg_size(name, args, kwargs, fast, checked):
    """CMSG_LEN and CMSG_SPACE: one length in, a size from libgosock out
    (CPython's own argument-count messages, hence *args)."""
    if kwargs or len(args) != 1:
        raise bad_call(name, name, 1, 1, args, kwargs)
    length = args[0]
    if length.__class__ is int and 0 <= length <= _INT_MAX:
        r = fast(length)
    else:
        r = checked(_ssize(length))
    if r < 0:
        raise _exception(r)
    return r


def CMSG_LEN(*args, **kwargs):
    """CMSG_LEN(length) -> control message length

    Return the total length, without trailing padding, of an ancillary data
    item with associated data of the given length."""
    return _cmsg_size("CMSG_LEN", args, kwargs, _cmsg_len_int, _cmsg_len)


def CMSG_SPACE(*args, **kwargs):
    """CMSG_SPACE(length) -> buffer size

    Return the buffer size needed for recvmsg() to receive an ancillary data
    item with associated data of the given length, along with any trailing
    padding."""
    return _cmsg_size("CMSG_SPACE", args, kwargs, _cmsg_space_int, _cmsg_space)


def inet_aton(ip_addr, /):
    """Convert an IP address in string format (123.45.67.89) to the 32-bit
    packed binary format used in low-level network functions."""
    if ip_addr.__class__ is str:
        b = ip_addr.encode()
        if 0 in b:
            raise ValueError("embedded null character")
    else:
        b = c_str(ip_addr, "inet_aton", 1)
    r = _inet_aton(b)
    if r < 0:
        raise _exception(r)
    return r.to_bytes(4, "big")


def inet_ntoa(packed_ip, /):
    """Convert an IP address from 32-bit packed binary format to string
    format."""
    b = packed_bytes(packed_ip)
    out = _Text()
    r = _inet_ntoa(b, len(b), out, _ffi.ADDRSTRLEN)
    if r < 0:
        raise _exception(r)
    return out.value.decode("ascii")


def inet_pton(af, ip, /):
    """inet_pton(af, ip) -> packed IP address string

    Convert an IP address from string format to a packed string suitable for
    use with low-level network functions."""
    if not isinstance(af, int) or not _INT_MIN <= af <= _INT_MAX:
        af = c_int(af)
    if ip.__class__ is str:
        b = ip.encode()
        if 0 in b:
            raise ValueError("embedded null character")
    else:
        b = c_str(ip, "inet_pton", 2)
    if af == _AF_INET:
        r = _inet_pton4(b)
        if r >= 0:
            return r.to_bytes(4, "big")
        raise _exception(r)
    out = _Packed16()
    r = _inet_pton(af, b, out, 16)
    if r < 0:
        raise _exception(r)
    return out.raw[:r]


def inet_ntop(af, packed_ip, /):
    """inet_ntop(af, packed_ip) -> string formatted IP address

    Convert a packed IP address of the given family to string format."""
    if not isinstance(af, int) or not _INT_MIN <= af <= _INT_MAX:
        af = c_int(af)
    b = packed_bytes(packed_ip)
    out = _Text()
    r = _inet_ntop(af, b, len(b), out, _ffi.ADDRSTRLEN)
    if r < 0:
        e = _exception(r)
        if str(e) == "unknown address family":  # CPython names the family
            e = ValueError("unknown address family %d" % af)
        raise e
    return out.value.decode("ascii")


__all__ = ["htons", "ntohs", "htonl", "ntohl", "CMSG_LEN", "CMSG_SPACE", "inet_aton",
           "inet_ntoa", "inet_pton", "inet_ntop"]
