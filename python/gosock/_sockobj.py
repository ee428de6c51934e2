"""The low-level socket object (what CPython's _socket.socket is).

Every call goes to libgosock with the descriptor, flags and deadline it
needs; this object only holds them. Timeouts are kept in nanoseconds:
_tns is -1 in blocking mode (None), 0 in non-blocking mode, > 0 in timeout
mode. A call in timeout mode gets an absolute CLOCK_MONOTONIC deadline, so
that retrying after a signal (EINTR) keeps the time that is left.
"""
import ctypes
import math
import sys
import time
import warnings
from ctypes import addressof, byref, c_char, c_int32, c_int64, c_size_t, create_string_buffer
from operator import index as _index

from . import _addr, _ffi
from . import _consts as C
from ._errors import EINTR, exception
from ._msg import MessageMethods

_mono = time.monotonic_ns
# The hot calls use the bindings without argtypes (see _ffi.FAST_FUNCTIONS):
# ints beyond the C int range go wrapped (c_int64 deadlines, _clen lengths).
_recv = _ffi.recv_fast
_send = _ffi.send_fast
_recvfrom = _ffi.recvfrom_fast
_sendto = _ffi.sendto_fast
_sendall = _ffi.sendall_fast
_accept = _ffi.accept_fast
_getsockname = _ffi.getsockname_fast
_getpeername = _ffi.getpeername_fast
_close = _ffi.close_fast
# "No deadline" for the fast bindings (see _ffi.NO_DEADLINE_FAST).
_NODL = _ffi.NO_DEADLINE_FAST
_Addr = _ffi.Addr
_Info = _ffi.Info
_from_c = _addr.from_c
_to_c = _addr.to_c
_audit = sys.audit
_byref = byref
_from_buffer = c_char.from_buffer

# Receive buffers of _POOL_SIZE bytes are reused: a call takes one (pop)
# and gives it back (append), both atomic under the GIL, so threads and
# signal handlers never share one. 256 KiB covers asyncio's reads
# (max_size): a fresh buffer that size costs more than the system call
# (fresh pages), and the native module pays mmap+mremap+munmap for each
# such recv. At most _POOL_MAX are kept (4 MiB); pages never written to
# (small receives) stay unallocated.
_POOL_SIZE = 262144
_PoolBuf = c_char * _POOL_SIZE
_pool = []
_POOL_MAX = 16
# Address structures (with their byref, ~150 ns to make) and sendall's
# count, pooled the same way. The count is a one-element array, which
# ctypes passes as a pointer without byref().
_apool = []
_Sent = c_size_t * 1
_spool = []

_INT_MIN, _INT_MAX = -2**31, 2**31 - 1
_SSIZE_MAX = sys.maxsize
_EAGAIN = 11

# The module's default timeout in nanoseconds (-1: None); socket.py's
# setdefaulttimeout sets it through set_default_timeout().
_default_tns = -1


def set_default_timeout(tns):
    global _default_tns
    _default_tns = tns


def get_default_timeout():
    return _default_tns


def parse_timeout(value):
    """Seconds (None, int or float) -> nanoseconds (-1 for None), with the
    rounding and errors of CPython's socket_parse_timeout."""
    if value is None:
        return -1
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("Invalid value NaN (not a number)")
        ns = value * 1e9
        if not -9.2e18 < ns < 9.2e18:
            raise OverflowError("timestamp too large to convert to C _PyTime_t")
        ns = math.ceil(ns) if ns > 0 else math.floor(ns)
    else:
        try:
            secs = _index(value)
        except TypeError:
            raise TypeError("'%s' object cannot be interpreted as an integer"
                            % type(value).__name__) from None
        ns = secs * 1_000_000_000
        if not -2**63 <= ns < 2**63:
            raise OverflowError("timestamp too large to convert to C _PyTime_t")
    if ns < 0:
        raise ValueError("Timeout value out of range")
    if (ns + 999_999) // 1_000_000 > _INT_MAX:
        raise OverflowError("timeout doesn't fit into C timeval")
    return ns


def seconds(tns):
    """Nanoseconds (-1: None) -> the float seconds gettimeout() reports,
    converted as CPython's _PyTime_AsSecondsDouble does."""
    if tns < 0:
        return None
    if tns % 1_000_000_000 == 0:
        return float(tns // 1_000_000_000)
    return tns / 1e9


def _cint(v, name="argument"):
    """An int argument as CPython's "i" format converts it."""
    if v.__class__ is not int:
        if isinstance(v, float):
            raise TypeError("'float' object cannot be interpreted as an integer")
        v = _index(v)
    if not _INT_MIN <= v <= _INT_MAX:
        if v > 0:
            raise OverflowError("signed integer is greater than maximum")
        raise OverflowError("signed integer is less than minimum")
    return v


def _clen(n):
    """A length for a fast binding: a plain int while it fits a C int."""
    return n if n <= _INT_MAX else c_size_t(n)


def _i64(v):
    """A 64-bit argument (timeout, deadline) for a fast binding."""
    if v == -1:
        return _NODL
    return v if _INT_MIN <= v <= _INT_MAX else c_int64(v)


def _dlarg(deadline):
    """A deadline for a fast binding."""
    return _NODL if deadline < 0 else c_int64(deadline)


# Converted sendto() destinations: (family, (host, port, ...)) -> Addr, for
# tuples of exactly str and ints (so that 5000.0 or True never hit an entry
# made for 5000). The Addr is only read afterwards (by libgosock, which
# resolves the host on every call as before); ~0.5 µs saved per sendto.
_dest_cache = {}
_DEST_CACHE_MAX = 64


def _sendto_addr(family, address, proto):
    if address.__class__ is tuple and len(address) >= 2 and address[0].__class__ is str:
        # The types first: a lookup would match 5000.0 with an entry for 5000.
        for v in address[1:]:
            if v.__class__ is not int:
                return _to_c(family, address, "sendto", proto)
        key = (family, address)
        a = _dest_cache.get(key)
        if a is not None:
            return a
        a = _to_c(family, address, "sendto", proto)
        if family == C.AF_INET or family == C.AF_INET6:
            if len(_dest_cache) >= _DEST_CACHE_MAX:
                _dest_cache.clear()
            _dest_cache[key] = a
        return a
    return _to_c(family, address, "sendto", proto)


def _new_addr():
    a = _Addr()
    return a, byref(a)


def _size(v, what):
    """A buffer size as CPython's "n" format converts it."""
    if v.__class__ is not int:
        if isinstance(v, float):
            raise TypeError("'float' object cannot be interpreted as an integer")
        v = _index(v)
    if v > _SSIZE_MAX or v < -_SSIZE_MAX - 1:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return v


def readable_buffer(data):
    """(pointer-compatible object, length, keepalive) for data to send,
    without copying bytes; other buffers are viewed in place."""
    if data.__class__ is bytes:
        return data, len(data)
    try:
        mv = memoryview(data)
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'"
                        % type(data).__name__) from None
    if not mv.c_contiguous:
        raise BufferError("memoryview: underlying buffer is not C-contiguous")
    n = mv.nbytes
    if n == 0:
        return None, 0
    if mv.readonly:
        obj = mv.obj
        if obj.__class__ is bytes and mv.nbytes == len(obj):
            return obj, n
        return mv.tobytes(), n
    # byref(c_char.from_buffer()) costs ~250 ns, (c_char * n).from_buffer()
    # ~500 ns (the array type is looked up each time).
    return byref(c_char.from_buffer(mv)), n


def _byte_view(data):
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
            raise BufferError("memoryview: underlying buffer is not C-contiguous")
        n = mv.nbytes
    if n == 0:
        return None, 0
    return byref(c_char.from_buffer(buffer)), n


class socket(MessageMethods):
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)"""

    # _dl: in timeout mode, the c_int64 that carries a call's deadline (see
    # _deadline); None otherwise.
    __slots__ = ("_fd", "_family", "_type", "_proto", "_tns", "_timeout", "_dl", "__weakref__")

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        family = _cint(family)
        type = _cint(type)
        proto = _cint(proto)
        info = _Info()
        if fileno is None:
            sys.audit("socket.__new__", self, family, type, proto)
            r = _ffi.socket_fast(family, type, proto, _i64(_default_tns), byref(info))
        else:
            if isinstance(fileno, float):
                raise TypeError("'float' object cannot be interpreted as an integer")
            fd = _index(fileno)
            if fd > _INT_MAX:
                raise OverflowError("fd is greater than maximum")
            if fd < 0:
                raise ValueError("negative file descriptor")
            r = _ffi.fromfd_fast(fd, family, type, proto, _i64(_default_tns), byref(info))
        if r < 0:
            self._fd = -1
            raise exception(r)
        self._fd = info.fd
        self._family = info.family
        self._type = info.type
        self._proto = info.proto
        self._tns = info.timeout_ns
        self._timeout = seconds(info.timeout_ns)
        self._dl = c_int64() if info.timeout_ns > 0 else None

    # --- attributes -----------------------------------------------------

    @property
    def family(self):
        """the socket family"""
        return self._family

    @property
    def type(self):
        """the socket type"""
        return self._type

    @property
    def proto(self):
        """the socket protocol"""
        return self._proto

    @property
    def timeout(self):
        """the socket timeout"""
        return self.gettimeout()

    def fileno(self):
        return self._fd

    def __repr__(self):
        return "<socket object, fd=%d, family=%d, type=%d, proto=%d>" % (
            self._fd, self._family, self._type, self._proto)

    def __del__(self):
        fd = getattr(self, "_fd", -1)
        if fd != -1:
            # Warn first, while the socket still works: the warning shows
            # its repr, and a logger may call its methods.
            try:
                warnings.warn("unclosed %r" % (self,), ResourceWarning, stacklevel=2, source=self)
            except Exception:
                pass
            self._fd = -1
            _close(fd)

    # --- lifetime -------------------------------------------------------

    def close(self):
        fd = self._fd
        if fd != -1:
            self._fd = -1
            r = _close(fd)
            if r < 0:
                raise exception(r)

    def detach(self):
        fd = self._fd
        self._fd = -1
        return fd

    def dup(self):
        r = _ffi.dup(self._fd)
        if r < 0:
            raise exception(r)
        try:
            return socket(self._family, self._type, self._proto, r)
        except BaseException:
            _ffi.close(r)
            raise

    # --- modes ----------------------------------------------------------

    def gettimeout(self):
        return self._timeout

    def settimeout(self, value):
        tns = parse_timeout(value)
        if tns > 0 and self._dl is None:
            self._dl = c_int64()
        self._tns = tns
        self._timeout = seconds(tns)
        r = _ffi.settimeout_fast(self._fd, _i64(tns))
        if r < 0:
            raise exception(r)

    def setblocking(self, flag):
        self.settimeout(None if flag else 0.0)

    def getblocking(self):
        return self._tns != 0

    def get_inheritable(self):
        r = _ffi.get_inheritable(self._fd)
        if r < 0:
            raise exception(r)
        return bool(r)

    def set_inheritable(self, inheritable):
        r = _ffi.set_inheritable(self._fd, 1 if inheritable else 0)
        if r < 0:
            raise exception(r)

    # --- addresses and connections ----------------------------------------

    def bind(self, address):
        a = _addr.to_c(self._family, address, "bind", self._proto)
        sys.audit("socket.bind", self, address)
        r = _ffi.bind_fast(self._fd, byref(a))
        if r < 0:
            raise exception(r, "bind")

    def listen(self, backlog=min(C.SOMAXCONN, 128)):
        r = _ffi.listen_fast(self._fd, _cint(backlog))
        if r < 0:
            raise exception(r)

    def _accept(self):
        if self._family == C.AF_ALG:
            # AF_ALG sockets accept only without asking for the peer's
            # address; a fresh (zero) Addr reads as None.
            a = _Addr()
            pa = None
        else:
            a, pa = _apool.pop() if _apool else _new_addr()
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _mono() + t
        else:
            dl, deadline = _NODL, -1
        fd = self._fd
        while True:
            r = _accept(fd, dl, pa)
            if r >= 0:
                break
            if r != EINTR:
                if pa is not None:
                    _apool.append((a, pa))
                raise exception(r)
            if t > 0:
                dl.value = deadline
        # A signal handler raising from here on must not lose the new fd.
        try:
            return r, _from_c(a)
        except BaseException:
            _ffi.close(r)
            raise
        finally:
            if pa is not None:
                _apool.append((a, pa))

    def _connect(self, address, caller):
        a = _addr.to_c(self._family, address, caller, self._proto)
        sys.audit("socket.connect", self, address)
        t = self._tns
        deadline = -1 if t <= 0 else _mono() + t
        fd = self._fd
        r = _ffi.connect_fast(fd, byref(a), _i64(deadline))
        # Every retry goes round the loop: the jump back is where Python
        # runs signal handlers, so a raising handler ends the wait.
        while r == EINTR and t != 0:
            # The kernel goes on connecting: wait for it (PEP 475).
            r = _ffi.connect_wait_fast(fd, _i64(deadline))
        return r

    def connect(self, address):
        r = self._connect(address, "connect")
        if r < 0:
            raise exception(r, "connect")

    def connect_ex(self, address):
        r = self._connect(address, "connect_ex")
        if r >= 0:
            return 0
        if -4096 < r:
            return -r
        if r == -10001:
            return _EAGAIN  # CPython reports a timeout as EWOULDBLOCK here
        raise exception(r, "connect_ex")

    def getsockname(self):
        a, pa = _apool.pop() if _apool else _new_addr()
        try:
            r = _getsockname(self._fd, pa)
            if r < 0:
                raise exception(r)
            return _from_c(a)
        finally:
            _apool.append((a, pa))

    def getpeername(self):
        a, pa = _apool.pop() if _apool else _new_addr()
        try:
            r = _getpeername(self._fd, pa)
            if r < 0:
                raise exception(r)
            return _from_c(a)
        finally:
            _apool.append((a, pa))

    def shutdown(self, how):
        r = _ffi.shutdown_fast(self._fd, _cint(how))
        if r < 0:
            raise exception(r)

    # --- data -----------------------------------------------------------

    # The data methods have a fast path for the common arguments (plain
    # ints, bytes, bytearray/memoryview, flags 0) that makes the call with
    # as few Python operations as possible; everything else, and every
    # retry after a signal (EINTR), takes the general code below it.
    #
    # A deadline travels in the socket's own c_int64 (_dl), set right
    # before the call: creating one costs ~60 ns more. Between the store and
    # the call no other Python code can run (no bytecode there checks for
    # signals or thread switches), and whatever another thread stores there
    # is "now + this socket's timeout" too, computed no earlier than ours.

    def recv(self, bufsize, flags=0):
        if (bufsize.__class__ is int and 0 <= bufsize <= _POOL_SIZE
                and flags.__class__ is int and not flags):
            buf = _pool.pop() if _pool else _PoolBuf()
            t = self._tns
            if t > 0:
                dl = self._dl
                dl.value = deadline = _mono() + t
            else:
                dl, deadline = _NODL, -1
            r = _recv(self._fd, buf, bufsize, 0, dl)
            if r >= 0:
                data = buf[:r]
                if len(_pool) < _POOL_MAX:
                    _pool.append(buf)
                return data
            if len(_pool) < _POOL_MAX:
                _pool.append(buf)
            if r != EINTR:
                raise exception(r)
        else:
            deadline = None
        return self._recv_general(bufsize, flags, deadline)

    def _recv_general(self, bufsize, flags, deadline):
        n = _size(bufsize, "recv")
        if n < 0:
            raise ValueError("negative buffersize in recv")
        if flags:
            flags = _cint(flags)
        pooled = n <= _POOL_SIZE
        if pooled:
            buf = _pool.pop() if _pool else _PoolBuf()
        else:
            buf = create_string_buffer(n)
        if deadline is None:
            deadline = self._deadline()
        fd = self._fd
        nn = _clen(n)
        while True:
            r = _recv(fd, buf, nn, flags, _dlarg(deadline))
            if r >= 0:
                data = buf[:r]
                break
            if r != EINTR:
                break
        if pooled and len(_pool) < _POOL_MAX:
            _pool.append(buf)
        if r < 0:
            raise exception(r)
        return data

    def _deadline(self):
        """The absolute deadline of a call starting now (-1: none)."""
        t = self._tns
        return -1 if t <= 0 else _mono() + t

    def recv_into(self, buffer, nbytes=0, flags=0):
        cls = buffer.__class__
        if (nbytes.__class__ is int and flags.__class__ is int and not flags
                and (cls is bytearray or cls is memoryview)):
            size = len(buffer) if cls is bytearray else buffer.nbytes
            if 0 < size <= _INT_MAX and 0 <= nbytes <= size:
                try:
                    view = _byref(_from_buffer(buffer))
                except TypeError:
                    pass  # read-only or not contiguous: the general code says so
                else:
                    t = self._tns
                    if t > 0:
                        dl = self._dl
                        dl.value = deadline = _mono() + t
                    else:
                        dl, deadline = _NODL, -1
                    r = _recv(self._fd, view, nbytes or size, 0, dl)
                    if r >= 0:
                        return r
                    view = None  # release the buffer export before raising
                    if r != EINTR:
                        raise exception(r)
                    return self._recv_into_general(buffer, nbytes, flags, deadline)
        return self._recv_into_general(buffer, nbytes, flags, None)

    def _recv_into_general(self, buffer, nbytes, flags, deadline):
        n = nbytes
        if n.__class__ is not int or n < 0:
            n = _size(nbytes, "recv_into")
            if n < 0:
                raise ValueError("negative buffersize in recv_into")
        if flags:
            flags = _cint(flags)
        view, size = writable_buffer(buffer, "recv_into")
        if n == 0:
            n = size
        elif n > size:
            raise ValueError("buffer too small for requested bytes")
        if deadline is None:
            deadline = self._deadline()
        fd = self._fd
        nn = _clen(n)
        while True:
            r = _recv(fd, view, nn, flags, _dlarg(deadline))
            if r >= 0:
                return r
            if r != EINTR:
                view = None  # release the buffer export before raising
                raise exception(r)

    def recvfrom(self, bufsize, flags=0):
        n = bufsize
        if n.__class__ is not int or not 0 <= n <= _POOL_SIZE:
            n = _size(bufsize, "recvfrom")
            if n < 0:
                raise ValueError("negative buffersize in recvfrom")
        if flags:
            flags = _cint(flags)
        pooled = n <= _POOL_SIZE
        if pooled:
            buf = _pool.pop() if _pool else _PoolBuf()
        else:
            buf = create_string_buffer(n)
        a, pa = _apool.pop() if _apool else _new_addr()
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _mono() + t
        else:
            dl, deadline = _NODL, -1
        fd = self._fd
        nn = n if pooled else _clen(n)
        while True:
            r = _recvfrom(fd, buf, nn, flags, dl, pa)
            if r >= 0:
                data = buf[:r]
                break
            if r != EINTR:
                break
            if t > 0:
                dl.value = deadline
        if pooled and len(_pool) < _POOL_MAX:
            _pool.append(buf)
        if r < 0:
            _apool.append((a, pa))
            raise exception(r)
        try:
            return data, _from_c(a)
        finally:
            _apool.append((a, pa))

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        n = _size(nbytes, "recvfrom_into")
        if n < 0:
            raise ValueError("negative buffersize in recvfrom_into")
        if flags:
            flags = _cint(flags)
        view, size = writable_buffer(buffer, "recvfrom_into")
        if n == 0:
            n = size
        elif n > size:
            raise ValueError("nbytes is greater than the length of the buffer")
        a = _Addr()
        deadline = self._deadline()
        fd = self._fd
        while True:
            r = _recvfrom(fd, view, _clen(n), flags, _dlarg(deadline), byref(a))
            if r >= 0:
                return r, _from_c(a)
            if r != EINTR:
                view = None  # release the buffer export before raising
                raise exception(r)

    def send(self, data, flags=0):
        if data.__class__ is bytes and flags.__class__ is int and not flags:
            n = len(data)
            if n <= _INT_MAX:
                t = self._tns
                if t > 0:
                    dl = self._dl
                    dl.value = deadline = _mono() + t
                else:
                    dl, deadline = _NODL, -1
                r = _send(self._fd, data, n, 0, dl)
                if r >= 0:
                    return r
                if r != EINTR:
                    raise exception(r)
                return self._send_general(data, flags, deadline)
        return self._send_general(data, flags, None)

    def _send_general(self, data, flags, deadline):
        ptr, n = readable_buffer(data)
        if flags:
            flags = _cint(flags)
        if deadline is None:
            deadline = self._deadline()
        fd = self._fd
        while True:
            r = _send(fd, ptr, _clen(n), flags, _dlarg(deadline))
            if r >= 0:
                return r
            if r != EINTR:
                ptr = None  # release the buffer export before raising
                raise exception(r)

    def sendall(self, data, flags=0):
        if data.__class__ is bytes and flags.__class__ is int and not flags:
            n = len(data)
            if 0 < n <= _INT_MAX:
                t = self._tns
                if t > 0:
                    dl = self._dl
                    dl.value = deadline = _mono() + t
                else:
                    dl, deadline = _NODL, -1
                # One send(2) nearly always takes it all (a blocking stream
                # socket waits for room); a short count or EINTR continues
                # below with the same deadline, after the signal handlers
                # ran (Python runs them as the call returns).
                r = _send(self._fd, data, n, 0, dl)
                if r == n:
                    return None
                if r >= 0:
                    return self._sendall_general(data[r:], 0, deadline)
                if r != EINTR:
                    raise exception(r)
                return self._sendall_general(data, 0, deadline)
        return self._sendall_general(data, flags, None)

    def _sendall_general(self, data, flags, deadline):
        ptr, n = readable_buffer(data)
        if flags:
            flags = _cint(flags)
        if deadline is None:
            deadline = self._deadline()
        dl = _dlarg(deadline)
        sent = _spool.pop() if _spool else _Sent()
        r = _sendall(self._fd, ptr, n if n <= _INT_MAX else c_size_t(n), flags, dl, sent)
        if r >= 0:
            _spool.append(sent)
            return None
        fd = self._fd
        rest, left = ptr, n
        while True:
            if r != EINTR:
                ptr = rest = None  # release the buffer exports before raising
                _spool.append(sent)
                raise exception(r)
            # Resume after the handler ran (on the jump back), with the same
            # overall deadline.
            done = n - left + sent[0]
            left = n - done
            if ptr.__class__ is bytes:
                rest = ptr[done:]
            else:
                rest, _ = readable_buffer(_byte_view(data)[done:])
            r = _sendall(fd, rest, _clen(left), flags, _dlarg(deadline), sent)
            if r >= 0:
                _spool.append(sent)
                return None

    def sendto(self, data, *args):
        """sendto(data[, flags], address) -> count"""
        if len(args) == 1:
            flags, address = 0, args[0]
        elif len(args) == 2:
            flags, address = args
        else:
            raise TypeError("sendto() takes 2 or 3 arguments (%d given)" % (len(args) + 1))
        if data.__class__ is bytes:
            ptr, n = data, len(data)
        else:
            ptr, n = readable_buffer(data)
        if flags:
            flags = _cint(flags)
        a = _sendto_addr(self._family, address, self._proto)
        _audit("socket.sendto", self, address)
        deadline = self._deadline()
        fd = self._fd
        while True:
            r = _sendto(fd, ptr, _clen(n), flags, byref(a), _dlarg(deadline))
            if r >= 0:
                return r
            if r != EINTR:
                ptr = None  # release the buffer export before raising
                raise exception(r, "sendto")

    # --- options --------------------------------------------------------

    def getsockopt(self, level, optname, buflen=None):
        level = _cint(level)
        optname = _cint(optname)
        if buflen is None:
            v = c_int32()
            r = _ffi.getsockopt_int_fast(self._fd, level, optname, byref(v))
            if r < 0:
                raise exception(r)
            return v.value
        buflen = _cint(buflen)
        if buflen <= 0 or buflen > 1024:
            raise OSError("getsockopt buflen out of range")
        buf = create_string_buffer(buflen)
        r = _ffi.getsockopt_buf(self._fd, level, optname, buf, buflen)
        if r < 0:
            raise exception(r)
        return buf.raw[:r]

    def setsockopt(self, level, optname, value, optlen=None):
        level = _cint(level)
        optname = _cint(optname)
        if optlen is not None:
            if value is not None:
                raise TypeError("setsockopt() takes exactly 3 arguments (4 given)")
            optlen = _index(optlen)
            if not 0 <= optlen <= _UINT_MAX:
                raise OverflowError("Python int too large to convert to C unsigned long")
            r = _ffi.setsockopt_buf(self._fd, level, optname, None, optlen)
        elif isinstance(value, int):
            r = _ffi.setsockopt_int_fast(self._fd, level, optname, _cint(value))
        else:
            if value is None:
                raise TypeError("setsockopt() takes exactly 4 arguments (3 given)")
            try:
                ptr, n = readable_buffer(value)
            except TypeError:
                raise TypeError("a bytes-like object is required, not '%s'"
                                % type(value).__name__) from None
            r = _ffi.setsockopt_buf(self._fd, level, optname, ptr, n)
        if r < 0:
            ptr = None
            raise exception(r)


_UINT_MAX = 2**32 - 1
SocketType = socket
