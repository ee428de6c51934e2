"""socket.sendfile(): the zero-copy sendfile(2) path and the send() loop.

As in CPython's socket.py: sendfile() tries _sendfile_use_sendfile() and
falls back on _sendfile_use_send() when that gives up (_GiveupOnSendfile):
the file has no descriptor, fstat() fails, or sendfile(2) fails before
sending anything (a file it cannot read, such as a directory). The
sendfile(2) loop, its timeout and the non-blocking rule are libgosock's
(gosock_sendfile); the file position is moved here afterwards.
"""
import io
import os
from ctypes import byref, c_int64
from operator import index as _index

from . import _consts as C
from . import _ffi
from ._errors import EINTR, KIND_OSERROR, details, exception

_SEND_CHUNK = 8192
_INT_MIN, _INT_MAX = -2**31, 2**31 - 1
_OFF_MIN, _OFF_MAX = -2**63, 2**63 - 1


class _GiveupOnSendfile(Exception):
    pass


_GiveupOnSendfile.__module__ = "socket"


def check_params(sock, file, offset, count):
    if "b" not in getattr(file, "mode", "b"):
        raise ValueError("file should be opened in binary mode")
    if not sock.type & C.SOCK_STREAM:
        raise ValueError("only SOCK_STREAM type sockets are supported")
    if count is not None:
        if not isinstance(count, int):
            raise TypeError("count must be a positive integer (got {!r})".format(count))
        if count <= 0:
            raise ValueError("count must be a positive integer (got {!r})".format(count))


def _fd(fileno):
    """file.fileno()'s result as os.fstat() takes it."""
    if isinstance(fileno, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    fd = _index(fileno)
    if not _INT_MIN <= fd <= _INT_MAX:
        raise OverflowError("Python int too large to convert to C int")
    return fd


def _offset(offset):
    """offset as os.sendfile() takes it (an off_t)."""
    offset = _index(offset)
    if not _OFF_MIN <= offset <= _OFF_MAX:
        raise OverflowError("Python int too large to convert to C long")
    return offset


def use_sendfile(sock, file, offset=0, count=None):
    """Send file with sendfile(2); raise _GiveupOnSendfile where CPython
    does, for sendfile() to fall back on use_send()."""
    check_params(sock, file, offset, count)
    try:
        fileno = file.fileno()
    except (AttributeError, io.UnsupportedOperation) as err:
        raise _GiveupOnSendfile(err)  # not a regular file
    fd = _fd(fileno)
    # As socket.py: an empty file sends nothing, whatever offset says.
    try:
        fsize = os.fstat(fd).st_size
    except OSError as err:
        raise _GiveupOnSendfile(err)  # not a regular file
    if not fsize:
        return 0
    offset = _offset(offset)
    if count is not None and count > _OFF_MAX:  # os.sendfile's Py_ssize_t
        raise OverflowError("Python int too large to convert to C ssize_t")
    total = 0
    sent = c_int64()
    try:
        while True:
            left = count - total if count else 0
            r = _ffi.sendfile(sock.fileno(), fd, offset, left, sock._tns, byref(sent))
            total += sent.value
            offset += sent.value
            if r >= 0 or (count and total >= count):
                return total
            if r == EINTR:
                continue  # the signal handlers have run: resume (PEP 475)
            err = exception(r)
            if total == 0 and details(r)[0] == KIND_OSERROR:
                # sendfile(2) cannot serve this file (or fstat failed):
                # plain send() will.
                raise _GiveupOnSendfile(err)
            raise err
    finally:
        if total > 0 and hasattr(file, "seek"):
            file.seek(offset)


def use_send(sock, file, offset=0, count=None):
    """Send file with the send() loop, as CPython's _sendfile_use_send."""
    check_params(sock, file, offset, count)
    if sock.gettimeout() == 0:
        raise ValueError("non-blocking sockets are not supported")
    if offset:
        file.seek(offset)
    blocksize = min(count, _SEND_CHUNK) if count else _SEND_CHUNK
    total_sent = 0
    file_read = file.read
    sock_send = sock.send
    try:
        while True:
            if count:
                blocksize = min(count - total_sent, blocksize)
                if blocksize <= 0:
                    break
            data = memoryview(file_read(blocksize))
            if not data:
                break  # EOF
            while True:
                try:
                    sent = sock_send(data)
                except BlockingIOError:
                    continue
                else:
                    total_sent += sent
                    if sent < len(data):
                        data = data[sent:]
                    else:
                        break
        return total_sent
    finally:
        if total_sent > 0 and hasattr(file, "seek"):
            file.seek(offset + total_sent)
