"""sendmsg(), recvmsg(), recvmsg_into() and sendmsg_afalg(), and the
(the module-level CMSG_LEN() and CMSG_SPACE() live in _convert.py).

Python objects are checked here the way CPython's argument parsing checks
them (iterables of buffers, (level, type, data) items, integer ranges);
the layout of control messages, the system calls, the timeout and the
walk over received ancillary data are libgosock's.

Buffers reach the kernel in place, as gosock_iovec arrays: a bytes object
through its own storage (its data starts bytes.__basicsize__ - 1 bytes
into the object, the offset of ob_sval), a writable buffer through a
ctypes view, any other read-only buffer pinned (see _buffers.py), held
until the call is over. Nothing is copied again when a call is retried
after a signal.

Every buffer export a call takes is released before an exception leaves
it, as in CPython: the exception's traceback keeps the frames (and their
locals) alive, and a bytearray that is still exported cannot be resized.
"""
import sys
import time
import warnings
from ctypes import addressof, byref, c_char, c_int32, create_string_buffer

from . import _addr, _ffi
from . import _consts as C
from ._args import bad_call as _bad_call
from ._buffers import BYTES_DATA as _BYTES_DATA
from ._buffers import readable
from ._args import c_int as _int
from ._args import ssize as _ssize
from ._errors import EINTR, exception

_mono = time.monotonic_ns
# Deadlines are int64 nanoseconds: a timeout this long (146 years) or
# longer waits until the largest one instead of overflowing.
_TNS_CAP = 2**62
_DEADLINE_MAX = 2**63 - 1
_Iovec = _ffi.Iovec
_Cmsg = _ffi.Cmsg
_MsgInfo = _ffi.MsgInfo
_sendmsg = _ffi.sendmsg
_recvmsg = _ffi.recvmsg
_cmsg_parse = _ffi.cmsg_parse

SOCKLEN_T_LIMIT = 0x7FFFFFFF
_INT_MIN, _INT_MAX = -2**31, 2**31 - 1
_CMSG_ROOM = 8  # items parsed in one call; more take a second call
_MISSING = object()
_TRUNCATED_WARNING = "received malformed or improperly-truncated ancillary data"
def _fast(obj, message):
    """PySequence_Fast: a list or tuple as it is, another iterable as a
    list; TypeError(message) when obj cannot be iterated."""
    if obj.__class__ is list or obj.__class__ is tuple:
        return obj
    try:
        it = iter(obj)
    except TypeError:
        obj = None
        raise TypeError(message) from None
    try:
        return list(it)
    except BaseException:
        obj = it = None
        raise


def _writable(obj, keep, message):
    """(address, length) of a buffer for the kernel to fill, as CPython's
    "w*" accepts it (TypeError(message) otherwise); the view that holds
    its export is appended to the list keep."""
    try:
        mv = memoryview(obj)
    except TypeError:
        obj = None
        raise TypeError(message) from None
    if mv.readonly or not mv.c_contiguous:
        mv.release()
        obj = mv = None
        raise TypeError(message)
    n = mv.nbytes
    if n == 0:
        return None, 0
    view = c_char.from_buffer(mv)
    keep.append(view)
    return addressof(view), n


def _iovecs(items, convert, keep, *args):
    """A gosock_iovec array (None when empty) for items, and its length;
    the objects that must stay alive while the kernel uses the buffers are
    appended to the list keep."""
    n = len(items)
    if n == 0:
        return None, 0
    iov = (_Iovec * n)()
    try:
        for i, obj in enumerate(items):
            v = iov[i]
            v.base, v.len = convert(obj, keep, *args)
    except BaseException:
        items = obj = None  # the traceback keeps this frame
        raise
    return iov, n


def _is_sequence(obj):
    t = type(obj)
    return hasattr(t, "__getitem__") and not issubclass(t, dict)


def _cmsgs(items, keep):
    """A gosock_cmsg array for sendmsg()'s (level, type, data) items."""
    n = len(items)
    if n == 0:
        return None, 0
    arr = (_Cmsg * n)()
    try:
        for i, item in enumerate(items):
            if not _is_sequence(item):
                raise TypeError("[sendmsg() ancillary data items]() argument must be 3-item "
                                "sequence, not %s" % type(item).__name__)
            if len(item) != 3:
                raise TypeError("[sendmsg() ancillary data items]() argument must be sequence "
                                "of length 3, not %d" % len(item))
            level = _int(item[0])
            typ = _int(item[1])
            base, size = readable(item[2], keep)
            c = arr[i]
            c.level = level
            c.type = typ
            c.data = base
            c.len = size
    except BaseException:
        items = item = None  # the traceback keeps this frame
        raise
    return arr, n


def _deadline(sock):
    t = sock._tns
    if t <= 0:
        return -1
    return _mono() + t if t < _TNS_CAP else _DEADLINE_MAX


def sendmsg(self, *args, **kwargs):
    """sendmsg(buffers[, ancdata[, flags[, address]]]) -> count

    Send normal and ancillary data to the socket, gathering the
    non-ancillary data from a series of buffers and concatenating it into
    a single message. buffers is an iterable of bytes-like objects;
    ancdata an iterable of zero or more (cmsg_level, cmsg_type, cmsg_data)
    tuples, cmsg_data being a bytes-like object. flags has the meaning it
    has for send(). address, when given and not None, is the destination.
    Return the number of bytes of non-ancillary data sent."""
    keep = []  # what holds the buffers (and their exports) during the call
    try:
        n = len(args)
        if kwargs or not 0 < n <= 4:
            raise _bad_call("sendmsg", "sendmsg", 1, 4, args, kwargs)
        buffers = args[0]
        ancdata = args[1] if n > 1 else _MISSING
        flags = _int(args[2]) if n > 2 else 0
        address = args[3] if n > 3 else None
        if address is not None:
            a = _addr.to_c(self._family, address, "sendmsg", self._proto)
            sys.audit("socket.sendmsg", self, address)
            to = byref(a)
        else:
            sys.audit("socket.sendmsg", self, None)
            to = None
        bufs = _fast(buffers, "sendmsg() argument 1 must be an iterable")
        if len(bufs) == 1 and bufs[0].__class__ is bytes and bufs[0]:
            # The common case: one bytes object, read in place.
            b = bufs[0]
            keep.append(b)
            iov, niov = byref(_Iovec(id(b) + _BYTES_DATA, len(b))), 1
        else:
            iov, niov = _iovecs(bufs, readable, keep)
        if ancdata is _MISSING:
            cmsgs, ncmsgs = None, 0
        else:
            cmsgs, ncmsgs = _cmsgs(_fast(ancdata, "sendmsg() argument 2 must be an iterable"), keep)
        deadline = _deadline(self)
        fd = self._fd
        # sendmsg(2) is one call: EINTR means nothing was sent. The same
        # message (iovecs, control data, deadline) is sent again once the
        # signal handlers have run, on the jump back (PEP 475).
        while True:
            r = _sendmsg(fd, iov, niov, cmsgs, ncmsgs, flags, to, deadline)
            if r >= 0:
                return r
            if r != EINTR:
                raise exception(r, "sendmsg")
    except BaseException:
        # Also a signal handler's exception: release the buffers before it
        # leaves, since its traceback keeps this frame.
        keep.clear()
        args = kwargs = buffers = ancdata = address = bufs = b = None
        raise


def _ancdata(control, clen):
    """The (level, type, data) list of received control messages, and
    whether CPython would warn about the last one."""
    items = (_Cmsg * _CMSG_ROOM)()
    status = c_int32()
    n = _cmsg_parse(control, clen, items, _CMSG_ROOM, byref(status))
    if n > _CMSG_ROOM:
        items = (_Cmsg * n)()
        n = _cmsg_parse(control, clen, items, n, byref(status))
    if n < 0:
        raise exception(n)
    base = addressof(control)
    out = []
    for i in range(n):
        it = items[i]
        off = (it.data or base) - base
        out.append((it.level, it.type, control[off:off + it.len]))
    return out, status.value != 0


def _recvmsg_guts(sock, iov, niov, ancbufsize, flags):
    """recvmsg(2) with the EINTR model; returns (count, ancdata, msg_flags,
    address). If anything fails once the call has returned, the
    descriptors that arrived with SCM_RIGHTS are closed, so none is lost."""
    if ancbufsize < 0 or ancbufsize > SOCKLEN_T_LIMIT:
        raise ValueError("invalid ancillary data buffer length")
    control = create_string_buffer(ancbufsize) if ancbufsize else None
    info = _MsgInfo()
    deadline = _deadline(sock)
    fd = sock._fd
    family = sock._family
    try:
        while True:
            r = _recvmsg(fd, family, iov, niov, control, ancbufsize, flags, deadline, byref(info))
            if r >= 0:
                break
            if r != EINTR:
                raise exception(r)
        clen = info.controllen
        ancdata = []
        if clen:
            ancdata, warn = _ancdata(control, clen)
            if warn:
                # Attributed to recvmsg()'s caller, as CPython does.
                warnings.warn(_TRUNCATED_WARNING, RuntimeWarning, stacklevel=3)
        addr = info.addr
        # Connected sockets usually report no address: skip the conversion.
        address = _addr.from_c(addr) if addr.family or addr.len else None
        return r, ancdata, info.flags, address
    except BaseException:
        if info.controllen:
            _ffi.cmsg_close_fds(control, info.controllen)
        raise


def recvmsg(self, *args, **kwargs):
    """recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)

    Receive normal data (up to bufsize bytes) and ancillary data from the
    socket. ancbufsize sets the size in bytes of the buffer for ancillary
    data (default 0: none is received); CMSG_SPACE() and CMSG_LEN() compute
    suitable sizes, and items that do not fit may be truncated or
    discarded. flags has the meaning it has for recv().

    ancdata is a list of (cmsg_level, cmsg_type, cmsg_data) tuples. If
    recvmsg() raises an exception after the system call returns, it first
    closes any file descriptors received through SCM_RIGHTS."""
    n = len(args)
    if kwargs or not 0 < n <= 3:
        raise _bad_call("socket.recvmsg", "recvmsg", 1, 3, args, kwargs)
    bufsize = _ssize(args[0])
    ancbufsize = _ssize(args[1]) if n > 1 else 0
    flags = _int(args[2]) if n > 2 else 0
    if bufsize < 0:
        raise ValueError("negative buffer size in recvmsg()")
    buf = create_string_buffer(bufsize)
    iov = _Iovec(addressof(buf) if bufsize else None, bufsize)
    n, ancdata, msg_flags, address = _recvmsg_guts(self, byref(iov), 1, ancbufsize, flags)
    return (buf.raw if n == bufsize else buf[:n]), ancdata, msg_flags, address


_INTO_ITEMS = ("recvmsg_into() argument 1 must be an iterable of single-segment "
               "read-write buffers")


def recvmsg_into(self, *args, **kwargs):
    """recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address)

    Receive normal data and ancillary data from the socket, scattering the
    non-ancillary data into a series of writable buffers (filled in turn
    until the data or the buffers run out). ancbufsize and flags are as for
    recvmsg(); nbytes is the total number of bytes written into the
    buffers."""
    keep = []  # what holds the buffers (and their exports) during the call
    try:
        n = len(args)
        if kwargs or not 0 < n <= 3:
            raise _bad_call("socket.recvmsg_into", "recvmsg_into", 1, 3, args, kwargs)
        buffers = args[0]
        ancbufsize = _ssize(args[1]) if n > 1 else 0
        flags = _int(args[2]) if n > 2 else 0
        bufs = _fast(buffers, "recvmsg_into() argument 1 must be an iterable")
        if len(bufs) == 1 and bufs[0].__class__ is bytearray and bufs[0]:
            # The common case: one bytearray, filled in place.
            b = bufs[0]
            keep.append(c_char.from_buffer(b))
            iov, niov = byref(_Iovec(addressof(keep[0]), len(b))), 1
        else:
            iov, niov = _iovecs(bufs, _writable, keep, _INTO_ITEMS)
        return _recvmsg_guts(self, iov, niov, ancbufsize, flags)
    except BaseException:
        keep.clear()  # the traceback keeps this frame
        args = kwargs = buffers = bufs = b = None
        raise


def sendmsg_afalg(self, msg=_MISSING, *, op=_MISSING, iv=_MISSING, assoclen=_MISSING, flags=0):
    """sendmsg_afalg([msg], *, op[, iv[, assoclen[, flags=MSG_MORE]]])

    Set operation mode, IV and length of associated data for an AF_ALG
    operation socket."""
    if self._family != C.AF_ALG:
        raise OSError("algset is only supported for AF_ALG")
    keep = []  # what holds the buffers (and their exports) during the call
    try:
        if op is not _MISSING and not isinstance(op, int):
            raise TypeError("sendmsg_afalg() argument 'op' must be int, not %s"
                            % type(op).__name__)
        hasiv = iv is not _MISSING
        ivaddr, ivlen = readable(iv, keep) if hasiv else (None, 0)
        if assoclen is not _MISSING and not isinstance(assoclen, int):
            raise TypeError("sendmsg_afalg() argument 'assoclen' must be int, not %s"
                            % type(assoclen).__name__)
        flags = _int(flags)
        opv = op if op is not _MISSING and _INT_MIN <= op <= _INT_MAX else -1
        if opv < 0:
            raise TypeError("Invalid or missing argument 'op'")
        assoc = -1
        if assoclen is not _MISSING:
            if not _INT_MIN <= assoclen <= _INT_MAX:
                raise OverflowError("Python int too large to convert to C int")
            if assoclen < 0:
                raise TypeError("assoclen must be positive")
            assoc = assoclen
        iov, niov = None, 0
        if msg is not _MISSING:
            iov, niov = _iovecs(_fast(msg, "sendmsg() argument 1 must be an iterable"),
                                readable, keep)
        deadline = _deadline(self)
        while True:  # one sendmsg(2), sent again after EINTR (see sendmsg)
            r = _ffi.sendmsg_afalg(self._fd, self._family, iov, niov, opv, ivaddr, ivlen,
                                   1 if hasiv else 0, assoc, flags, deadline)
            if r >= 0:
                return r
            if r != EINTR:
                raise exception(r)
    except BaseException:
        keep.clear()  # the traceback keeps this frame
        msg = iv = None
        raise


class MessageMethods:
    """The message methods of the low-level socket (mixed into it)."""

    __slots__ = ()
    sendmsg = sendmsg
    recvmsg = recvmsg
    recvmsg_into = recvmsg_into
    sendmsg_afalg = sendmsg_afalg

