"""Turning libgosock's error codes into the exceptions CPython raises."""
import ctypes
import errno as _errno

from . import _ffi

KIND_OSERROR = 1
KIND_TIMEOUT = 2
KIND_GAIERROR = 3
KIND_HERROR = 4
KIND_VALUE = 5
KIND_TYPE = 6
KIND_OVERFLOW = 7
KIND_INTERNAL = 8

EINTR = -_errno.EINTR
TIMEOUT = -10001

error = OSError
timeout = TimeoutError


class herror(OSError):
    pass


class gaierror(OSError):
    pass


herror.__module__ = gaierror.__module__ = "socket"

_details = {}  # code -> (kind, number, message)


def details(code):
    d = _details.get(code)
    if d is None:
        num = ctypes.c_int32()
        kind = _ffi.error_kind(code, ctypes.byref(num))
        size = _ffi.strerror(code, None, 0)
        buf = ctypes.create_string_buffer(size + 1)
        _ffi.strerror(code, buf, size + 1)
        d = (kind, num.value, buf.value.decode("utf-8", "replace"))
        _details[code] = d
    return d


def exception(code, caller=None):
    """The exception for a negative code. caller names the method, for the
    messages CPython prefixes with it ("bind(): port must be 0-65535.")."""
    kind, num, msg = details(code)
    if kind == KIND_OSERROR:
        return OSError(num, msg) if num else OSError(msg)
    if kind == KIND_TIMEOUT:
        return TimeoutError(msg)
    if kind == KIND_GAIERROR:
        return gaierror(num, msg)
    if kind == KIND_HERROR:
        return herror(num, msg)
    if caller and kind == KIND_OVERFLOW:
        msg = "%s(): %s" % (caller, msg)
    if kind == KIND_VALUE:
        return ValueError(msg)
    if kind == KIND_TYPE:
        return TypeError(msg)
    if kind == KIND_OVERFLOW:
        return OverflowError(msg)
    return SystemError(msg)
