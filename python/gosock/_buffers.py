"""Python buffers handed to libgosock in place, as CPython's "y*" (to read
from) and "w*" (to fill) argument formats take them.

A bytes object goes as itself (ctypes passes its storage) or by address
(its data starts bytes.__basicsize__ - 1 bytes into the object, at
ob_sval); a writable buffer through a ctypes view, which holds its export;
any other read-only buffer (a slice of a memoryview of bytes, a read-only
mmap) is pinned with PyObject_GetBuffer, as CPython does, and released when
the object holding the pin goes. Only small read-only buffers are copied:
below PIN_MIN a copy costs less than the pin (~0.6 µs).

Whatever holds an export must be dropped before an exception leaves the
call that took it: the traceback keeps the frames alive, and an exported
bytearray cannot be resized.
"""
from ctypes import (PYFUNCTYPE, POINTER, Structure, addressof, byref, c_char, c_int, c_ssize_t,
                    c_void_p, py_object, pythonapi)

BYTES_DATA = bytes.__basicsize__ - 1
PIN_MIN = 8192
_PyBUF_SIMPLE = 0


class _Pin(Structure):
    """A Py_buffer (Include/pybuffer.h) filled by PyObject_GetBuffer(). The
    export is released (PyBuffer_Release does nothing the second time)
    when the object goes."""

    _fields_ = [("buf", c_void_p), ("obj", c_void_p), ("len", c_ssize_t),
                ("itemsize", c_ssize_t), ("readonly", c_int), ("ndim", c_int),
                ("format", c_void_p), ("shape", c_void_p), ("strides", c_void_p),
                ("suboffsets", c_void_p), ("internal", c_void_p)]

    def __del__(self):
        _buffer_release(self)


# Own prototypes (PYFUNCTYPE: the GIL held, a Python error raised): setting
# argtypes on pythonapi's shared function objects would change them for
# everyone.
_get_buffer = PYFUNCTYPE(c_int, py_object, POINTER(_Pin), c_int)(("PyObject_GetBuffer", pythonapi))
_buffer_release = PYFUNCTYPE(None, POINTER(_Pin))(("PyBuffer_Release", pythonapi))


def _contiguous(obj):
    """memoryview(obj), or CPython's errors for what "y*" refuses."""
    try:
        mv = memoryview(obj)
    except TypeError:
        message = "a bytes-like object is required, not '%s'" % type(obj).__name__
        obj = None
        raise TypeError(message) from None
    if not mv.c_contiguous:
        mv.release()
        obj = mv = None
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    return mv


def _readonly(mv, n, keep):
    """The address of read-only view mv's n bytes; what keeps them there is
    appended to keep."""
    base = mv.obj
    if base.__class__ is bytes and n == len(base):
        keep.append(base)  # a view of a whole bytes object: its storage
        return id(base) + BYTES_DATA
    if n < PIN_MIN:
        b = mv.tobytes()
        keep.append(b)
        return id(b) + BYTES_DATA
    pin = _pin(mv)
    keep.append(pin)
    return pin.buf


def _pin(mv):
    pin = _Pin()
    _get_buffer(mv, pin, _PyBUF_SIMPLE)
    return pin


def readable(obj, keep):
    """(address, length) of a bytes-like object for the kernel to read;
    what must stay alive (and exported) while the kernel reads is appended
    to the list keep."""
    if obj.__class__ is bytes:
        n = len(obj)
        if not n:
            return None, 0
        keep.append(obj)
        return id(obj) + BYTES_DATA, n
    try:
        mv = _contiguous(obj)
    except BaseException:
        obj = None  # the traceback keeps this frame, obj may be a view
        raise
    n = mv.nbytes
    if n == 0:
        return None, 0
    if not mv.readonly:
        view = c_char.from_buffer(mv)  # holds the export; no array type to look up
        keep.append(view)
        return addressof(view), n
    return _readonly(mv, n, keep), n


def readable_buffer(data):
    """(argument for a char * parameter, length) for data to send: the
    argument holds whatever keeps the bytes in place."""
    if data.__class__ is bytes:
        return data, len(data)
    mv = _contiguous(data)
    n = mv.nbytes
    if n == 0:
        return None, 0
    if not mv.readonly:
        # byref(c_char.from_buffer()) costs ~250 ns, (c_char * n).from_buffer()
        # ~500 ns (the array type is looked up each time).
        return byref(c_char.from_buffer(mv)), n
    base = mv.obj
    if base.__class__ is bytes and n == len(base):
        return base, n
    if n < PIN_MIN:
        return mv.tobytes(), n
    pin = _pin(mv)
    p = c_char.from_address(pin.buf)
    p._pin = pin  # byref() keeps p, p keeps the pin
    return byref(p), n


def byte_view(data):
    """A one-dimensional byte view of a (C-contiguous) buffer."""
    mv = memoryview(data)
    if mv.format != "B" or mv.ndim != 1:
        mv = mv.cast("B")
    return mv


def writable_buffer(buffer, caller):
    """(pointer to buffer's memory, its length) for data to receive into;
    the pointer object holds the buffer export until it is dropped."""
    if buffer.__class__ is bytearray:
        n = len(buffer)
    else:
        try:
            mv = memoryview(buffer)
        except TypeError:
            raise TypeError("%s() argument 1 must be read-write bytes-like object, not %s"
                            % (caller, type(buffer).__name__)) from None
        if mv.readonly:
            raise TypeError("%s() argument 1 must be read-write bytes-like object, not %s"
                            % (caller, type(buffer).__name__))
        if not mv.c_contiguous:
            # CPython's "w*" format: a TypeError, not the buffer's own error
            raise TypeError("%s() argument 1 must be contiguous buffer, not %s"
                            % (caller, type(buffer).__name__))
        n = mv.nbytes
    if n == 0:
        return None, 0
    return byref(c_char.from_buffer(buffer)), n
