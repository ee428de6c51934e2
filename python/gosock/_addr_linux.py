"""Address tuples of the other Linux families <-> gosock_addr.

The shapes and argument errors are CPython's (getsockaddrarg and
makesockaddr); ranges, interface lookups and layouts are libgosock's.
The gosock_addr fields each family uses are listed in include/gosock.h.
"""
import ctypes
import os
from operator import index as _index

from . import _consts as C
from ._ffi import Addr

_DATA_OFF = Addr.data.offset
_DATA2_OFF = Addr.data2.offset
_U32 = 0xFFFFFFFF
_INT_MIN, _INT_MAX = -2**31, 2**31 - 1

# Families with a tuple form here (AF_RDS takes AF_INET's, in _addr).
FAMILIES = frozenset(getattr(C, name) for name in (
    "AF_NETLINK", "AF_QIPCRTR", "AF_VSOCK", "AF_PACKET", "AF_TIPC", "AF_CAN", "AF_ALG")
    if hasattr(C, name))


def _mask(v, mask):
    """An integer as CPython's unchecked formats (I, k, K, H, B) take it."""
    if isinstance(v, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    return _index(v) & mask


def _c_int(v, out_of_range):
    """An integer as CPython's "i" format takes it, with the OverflowError
    replaced by out_of_range."""
    if isinstance(v, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    v = _index(v)
    if not _INT_MIN <= v <= _INT_MAX:
        raise OverflowError(out_of_range)
    return v


def _set_data(a, b, field_off, limit, len_field):
    n = min(len(b), limit)
    ctypes.memmove(ctypes.addressof(a) + field_off, b, n)
    setattr(a, len_field, n)


def _need_tuple(address, what, caller):
    if not isinstance(address, tuple):
        raise TypeError("%s(): %s address must be tuple, not %s"
                        % (caller, what, type(address).__name__))


def _getsockaddrarg_pair(address, what):
    """The "II:getsockaddrarg" pairs of AF_QIPCRTR and AF_VSOCK."""
    if not isinstance(address, tuple):
        raise TypeError("getsockaddrarg: %s address must be tuple, not %s"
                        % (what, type(address).__name__))
    if len(address) != 2:
        raise TypeError("getsockaddrarg() takes exactly 2 arguments (%d given)" % len(address))
    return _mask(address[0], _U32), _mask(address[1], _U32)


def _utf8(s, message):
    """A str argument as CPython's "s" format takes it."""
    if not isinstance(s, str):
        raise TypeError(message)
    b = s.encode("utf-8")
    if b"\0" in b:
        raise ValueError("embedded null character")
    return b


def _fs_name(name):
    """An interface name as PyUnicode_FSConverter takes it."""
    b = os.fsencode(name)
    if b"\0" in b:
        raise ValueError("embedded null byte")
    return b


def to_c(a, family, address, caller, proto):
    """Fill a (family already set) from a Python address of family."""
    ints = a.ints
    if family == C.AF_NETLINK:
        _need_tuple(address, "AF_NETLINK", caller)
        if len(address) != 2:
            raise TypeError("AF_NETLINK address must be a pair (pid, groups)")
        ints[0] = _mask(address[0], _U32)
        ints[1] = _mask(address[1], _U32)
    elif family == C.AF_QIPCRTR:
        ints[0], ints[1] = _getsockaddrarg_pair(address, "AF_QIPCRTR")
    elif family == C.AF_VSOCK:
        ints[0], ints[1] = _getsockaddrarg_pair(address, "AF_VSOCK")  # (cid, port)
    elif family == C.AF_PACKET:
        _need_tuple(address, "AF_PACKET", caller)
        shape = "AF_PACKET address must be a tuple of two to five elements"
        if not 2 <= len(address) <= 5:
            raise TypeError(shape)
        name = _utf8(address[0], shape)
        out_of_range = "%s(): address argument out of range" % caller
        ints[0] = _c_int(address[1], out_of_range)
        ints[1] = _c_int(address[2], out_of_range) if len(address) > 2 else C.PACKET_HOST
        ints[2] = _c_int(address[3], out_of_range) if len(address) > 3 else 0
        if len(address) > 4:
            from ._buffers import readable
            keep = []
            base, n = readable(address[4], keep)
            if n:
                # More than 8 bytes is an error in libgosock; 9 show it.
                ctypes.memmove(ctypes.addressof(a) + _DATA2_OFF, base, min(n, 9))
                a.len2 = min(n, 9)
            keep.clear()  # release the buffer now: an error may follow
        _set_data(a, name, _DATA_OFF, Addr.data.size - 1, "len")
    elif family == C.AF_TIPC:
        _need_tuple(address, "AF_TIPC", caller)
        if not 4 <= len(address) <= 5:
            raise TypeError("AF_TIPC address must be a tuple (addr_type, v1, v2, v3[, scope])")
        for i in range(4):
            ints[i] = _mask(address[i], _U32)
        a.scope_id = _mask(address[4], _U32) if len(address) > 4 else C.TIPC_CLUSTER_SCOPE
    elif family == C.AF_CAN:
        _can_to_c(a, address, caller, proto)
    elif family == C.AF_ALG:
        _need_tuple(address, "AF_ALG", caller)
        shape = "AF_ALG address must be a tuple (type, name[, feat[, mask]])"
        if not 2 <= len(address) <= 4:
            raise TypeError(shape)
        typ = _utf8(address[0], shape)
        name = _utf8(address[1], shape)
        ints[0] = _mask(address[2], 0xFFFF) if len(address) > 2 else 0
        ints[1] = _mask(address[3], 0xFFFF) if len(address) > 3 else 0
        # Over-long names are errors in libgosock; the first bytes show it.
        _set_data(a, typ, _DATA_OFF, Addr.data.size - 1, "len")
        _set_data(a, name, _DATA2_OFF, Addr.data2.size - 1, "len2")


def _can_to_c(a, address, caller, proto):
    ints = a.ints
    if proto in (C.CAN_RAW, C.CAN_BCM):
        _need_tuple(address, "AF_CAN", caller)
        if len(address) != 1:
            raise TypeError("AF_CAN address must be a tuple (interface, )")
        name = _fs_name(address[0])
    elif proto in (getattr(C, "CAN_ISOTP", None), getattr(C, "CAN_J1939", None)):
        want = 3 if proto == C.CAN_ISOTP else 4
        if not isinstance(address, tuple) or len(address) != want:
            got = len(address) if isinstance(address, tuple) else 1
            raise TypeError("function takes exactly %d arguments (%d given)" % (want, got))
        name = _fs_name(address[0])
        if proto == C.CAN_ISOTP:
            ints[0] = _mask(address[1], 0xFFFFFFFFFFFFFFFF) & _U32  # unsigned long into __u32
            ints[1] = _mask(address[2], 0xFFFFFFFFFFFFFFFF) & _U32
        else:
            name64 = _mask(address[1], 0xFFFFFFFFFFFFFFFF)
            ints[0] = name64 - (1 << 64) if name64 >= 1 << 63 else name64
            ints[1] = _mask(address[2], _U32)
            ints[2] = _mask(address[3], 0xFF)
    else:
        raise OSError("%s(): unsupported CAN protocol" % caller)
    _set_data(a, name, _DATA_OFF, Addr.data.size - 1, "len")


def from_c(a):
    """The Python form of an address of these families, or None when a is
    of another family."""
    family = a.family
    ints = a.ints
    if family in (C.AF_NETLINK, C.AF_QIPCRTR, C.AF_VSOCK):
        return (ints[0], ints[1])
    if family == C.AF_PACKET:
        hw = ctypes.string_at(ctypes.addressof(a) + _DATA2_OFF, a.len2)
        return (a.data.decode("utf-8"), ints[0], ints[1], ints[2], hw)
    if family == C.AF_TIPC:
        return (ints[0], ints[1], ints[2], ints[3], a.scope_id)
    if family == C.AF_CAN:
        name = os.fsdecode(a.data)
        if a.port == getattr(C, "CAN_ISOTP", None):
            return (name, ints[0], ints[1])
        if a.port == getattr(C, "CAN_J1939", None):
            return (name, ints[0] & 0xFFFFFFFFFFFFFFFF, ints[1], ints[2])
        return (name,)
    if family == C.AF_ALG:
        name = ctypes.string_at(ctypes.addressof(a) + _DATA2_OFF, a.len2)
        return (a.data.decode("utf-8"), name.decode("utf-8"), ints[0], ints[1])
    return None
