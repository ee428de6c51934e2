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
from ctypes import (byref, c_char, c_int32, c_int64, c_size_t, c_void_p,
                    create_string_buffer)
from operator import index as _index

from . import _addr, _ffi
from ._args import c_int as _cint
from ._args import c_long as _clong
from ._args import ssize
from . import _consts as C
from ._errors import EINTR, exception
from ._buffers import byte_view as _byte_view
from ._buffers import readable_buffer, writable_buffer
from ._msg import MessageMethods

_mono = time.monotonic_ns
# The hot calls use the bindings without argtypes (see _ffi.FAST_FUNCTIONS):
# ints beyond the C int range go wrapped (c_int64 deadlines, _clen lengths).
_recv = _ffi.recv_fast
_send = _ffi.send_fast
_recvfrom = _ffi.recvfrom_fast
_sendto = _ffi.sendto_fast
_sendall = _ffi.sendall_fast
_accept_fd = _ffi.accept_fd_fast
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
# The largest bytes object: PyBytes_FromStringAndSize refuses more.
_BYTES_MAX = sys.maxsize - 33
# Deadlines are int64 nanoseconds: a timeout this long (146 years) or
# longer waits until the largest one instead of overflowing.
_TNS_CAP = 2**62
_DEADLINE_MAX = 2**63 - 1

_EAGAIN = 11
_AF_INET = C.AF_INET
# flags is _ZERO: true for the int 0 only (CPython caches small ints),
# never for False or 0.0, which take the checked path.
_ZERO = 0

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
        if not -9223372036854775808.0 <= ns < 9223372036854775808.0:  # _PyTime_t
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
    # No "timeout doesn't fit into C timeval" check: CPython makes it only
    # where it has no poll(2).
    return ns


def seconds(tns):
    """Nanoseconds (-1: None) -> the float seconds gettimeout() reports,
    converted as CPython's _PyTime_AsSecondsDouble does."""
    if tns < 0:
        return None
    if tns % 1_000_000_000 == 0:
        return float(tns // 1_000_000_000)
    return tns / 1e9


def socket_t(v):
    """A descriptor argument as CPython reads it (PyLong_AsSocket_t): a C
    long, then cut to the C int a SOCKET_T is, so that 2**31 becomes
    negative and -2**31 - 1 a large descriptor."""
    if isinstance(v, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    return ((_clong(v) - _INT_MIN) & 0xFFFFFFFF) + _INT_MIN


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


def _deadline_after(t):
    """The absolute deadline of a call starting now under timeout t > 0."""
    return _mono() + t if t < _TNS_CAP else _DEADLINE_MAX


# Converted sendto() destinations: (family, (host, port, ...)) -> Addr, for
# tuples of exactly str and ints (so that 5000.0 or True never hit an entry
# made for 5000). The Addr is only read afterwards (by libgosock, which
# resolves the host on every call as before); ~0.5 µs saved per sendto.
_dest_cache = {}
_DEST_CACHE_MAX = 64


# A socket's last destination found or put in _dest_cache is kept in its
# _dest as (address, entry): a program that sends to one peer passes the
# same tuple object every time, and a tuple of str and ints that is the
# very same object has the same contents, so "is" replaces hashing it
# (~200 ns). One tuple, so that a thread never reads one call's address
# with another's entry.
_NO_DEST = (object(), None)  # matches no address, None included


def _sendto_addr(family, address, proto, sock):
    """(Addr, byref(Addr)) for a sendto() destination."""
    if address.__class__ is tuple and len(address) >= 2 and address[0].__class__ is str:
        # The types first: a lookup would match 5000.0 with an entry for 5000.
        for v in address[1:]:
            if v.__class__ is not int:
                break
        else:
            key = (family, address)
            e = _dest_cache.get(key)
            if e is not None:
                sock._dest = (address, e)
                return e
            a = _to_c(family, address, "sendto", proto)
            e = a, byref(a)
            if family == C.AF_INET or family == C.AF_INET6:
                if len(_dest_cache) >= _DEST_CACHE_MAX:
                    _dest_cache.clear()
                _dest_cache[key] = e
                sock._dest = (address, e)
            return e
    a = _to_c(family, address, "sendto", proto)
    return a, byref(a)


def _new_addr():
    a = _Addr()
    return a, byref(a)


class socket(MessageMethods):
    """socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)"""

    # _dl: in timeout mode, the c_int64 that carries a call's deadline (see
    # the data methods); None otherwise.
    # _dest: the last sendto() destination and its converted form (see
    # _sendto_addr).
    __slots__ = ("_fd", "_family", "_type", "_proto", "_tns", "_timeout", "_dl", "_dest",
                 "__weakref__")

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        family = _cint(family)
        type = _cint(type)
        proto = _cint(proto)
        info = _Info()
        if fileno is None:
            sys.audit("socket.__new__", self, family, type, proto)
            r = _ffi.socket_fast(family, type, proto, _i64(_default_tns), byref(info))
        else:
            fd = socket_t(fileno)
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
        self._dest = _NO_DEST

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
        # CPython reads flag with PyLong_AsLong: an integer, not any object.
        self.settimeout(None if _clong(flag) else 0.0)

    def getblocking(self):
        return self._tns != 0

    def get_inheritable(self):
        r = _ffi.get_inheritable(self._fd)
        if r < 0:
            raise exception(r)
        return bool(r)

    def set_inheritable(self, inheritable):
        # os.set_inheritable, which socket.py calls, takes a C int.
        r = _ffi.set_inheritable(self._fd, 1 if _cint(inheritable) else 0)
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

    def _accept_into(self, sock):
        """Accept a connection into sock, a socket object not opened yet
        (made with __new__), and return the peer's address.

        A signal handler that raises runs right where a C call returns, so
        its result can be lost. gosock_accept_fd also stores the new
        descriptor in an output parameter, and the finally clause hands it
        to sock (no Python call in between, so no handler can run there):
        whatever is raised, the descriptor is owned and gets closed."""
        sock._fd = -1
        sock._family = self._family
        sock._type = self._type
        sock._proto = self._proto
        sock._tns = -1  # Linux: an accepted socket is blocking
        sock._timeout = None
        sock._dl = None
        sock._dest = _NO_DEST
        if self._family == C.AF_ALG:
            # AF_ALG sockets accept only without asking for the peer's
            # address; a fresh (zero) Addr reads as None.
            a = _Addr()
            pa = None
        else:
            a, pa = _apool.pop() if _apool else _new_addr()
        out = c_int32(-1)
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _deadline_after(t)
        else:
            dl = _NODL
        fd = self._fd
        try:
            while True:
                r = _accept_fd(fd, dl, pa, byref(out))
                if r >= 0:
                    break
                if r != EINTR:
                    raise exception(r)
                if t > 0:
                    dl.value = deadline
        finally:
            nfd = out.value
            if nfd >= 0:
                sock._fd = nfd
        try:
            if _default_tns >= 0:
                if _default_tns > 0:
                    sock._dl = c_int64()
                sock._tns = _default_tns
                sock._timeout = seconds(_default_tns)
                r = _ffi.settimeout_fast(nfd, _i64(_default_tns))
                if r < 0:
                    raise exception(r)
            return _from_c(a)
        finally:
            if pa is not None:
                _apool.append((a, pa))

    def _accept(self):
        """_accept() -> (descriptor, address): as CPython's; accept() is
        the leak-proof way (see _accept_into)."""
        holder = socket.__new__(socket)
        holder._fd = -1
        try:
            addr = self._accept_into(holder)
        except BaseException:
            holder.close()
            raise
        return holder.detach(), addr

    def _connect(self, address, caller):
        a = _addr.to_c(self._family, address, caller, self._proto)
        sys.audit("socket.connect", self, address)
        t = self._tns
        deadline = -1 if t <= 0 else _mono() + t if t < _TNS_CAP else _DEADLINE_MAX
        fd = self._fd
        r = _ffi.connect_fast(fd, byref(a), _dlarg(deadline))
        # Every retry goes round the loop: the jump back is where Python
        # runs signal handlers, so a raising handler ends the wait.
        while r == EINTR and t != 0:
            # The kernel goes on connecting: wait for it (PEP 475).
            r = _ffi.connect_wait_fast(fd, _dlarg(deadline))
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
        r = _getsockname(self._fd, pa)
        if r >= 0 and a.family == _AF_INET:
            # _addr.from_c's first case, without its call (~60 ns).
            addr = (a.data.decode("latin-1"), a.port)
            _apool.append((a, pa))
            return addr
        try:
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
    #
    # The common arguments (plain int sizes, bytes, bytearray/memoryview,
    # flags 0) take a short path to the call; everything else is checked as
    # CPython's argument parsing does. Each method is one frame, so a
    # failure can drop every reference to the caller's buffer before
    # raising (asyncio clears a bytearray after a failed send).
    #
    # A deadline travels in the socket's own c_int64 (_dl), set right before
    # the call: creating one costs ~60 ns more. Between the store and the
    # call no other Python code can run (no bytecode there checks for
    # signals or thread switches), and whatever another thread stores there
    # is "now + this socket's timeout" too, computed no earlier than ours. A
    # retry after EINTR stores this call's deadline again.

    def recv(self, bufsize, flags=0):
        # The common call (a plain int size a pooled buffer holds, no
        # flags) in straight-line code: each line here costs 10-30 ns.
        if bufsize.__class__ is int and 0 < bufsize <= _POOL_SIZE and flags is _ZERO:
            buf = _pool.pop() if _pool else _PoolBuf()
            t = self._tns
            if t <= 0:
                r = _recv(self._fd, buf, bufsize, 0, _NODL)
                while r == EINTR:
                    r = _recv(self._fd, buf, bufsize, 0, _NODL)
            else:
                dl = self._dl
                dl.value = deadline = _deadline_after(t)
                r = _recv(self._fd, buf, bufsize, 0, dl)
                while r == EINTR:
                    dl.value = deadline
                    r = _recv(self._fd, buf, bufsize, 0, dl)
            if r >= 0:
                data = buf[:r]
                if len(_pool) < _POOL_MAX:
                    _pool.append(buf)
                return data
            if len(_pool) < _POOL_MAX:
                _pool.append(buf)
            raise exception(r)
        # Everything else, checked as CPython's argument parsing does.
        n = ssize(bufsize)
        if n < 0:
            raise ValueError("negative buffersize in recv")
        if n > _BYTES_MAX:
            raise OverflowError("byte string is too large")
        if flags.__class__ is not int or flags:
            flags = _cint(flags)
        if n == 0:
            return b""  # as CPython: no system call for nothing
        pooled = n <= _POOL_SIZE
        if pooled:
            buf = _pool.pop() if _pool else _PoolBuf()
        else:
            buf = create_string_buffer(n)
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _deadline_after(t)
        else:
            dl = _NODL
        r = _recv(self._fd, buf, n if pooled else _clen(n), flags, dl)
        while r < 0 and r == EINTR:
            if t > 0:
                dl.value = deadline
            r = _recv(self._fd, buf, n if pooled else _clen(n), flags, dl)
        if r >= 0:
            data = buf[:r]
            if pooled and len(_pool) < _POOL_MAX:
                _pool.append(buf)
            return data
        if pooled and len(_pool) < _POOL_MAX:
            _pool.append(buf)
        raise exception(r)

    def recv_into(self, buffer, nbytes=0, flags=0):
        n = nbytes
        cls = buffer.__class__
        view = None
        if (n.__class__ is int and flags.__class__ is int and not flags
                and (cls is bytearray or cls is memoryview)):
            size = len(buffer) if cls is bytearray else buffer.nbytes
            if 0 < size <= _INT_MAX and 0 <= n <= size:
                try:
                    view = _byref(_from_buffer(buffer))
                except TypeError:
                    pass  # read-only or not contiguous: said below
                else:
                    if n == 0:
                        n = size
        if view is None:
            if n.__class__ is not int or not 0 <= n <= _SSIZE_MAX:
                n = ssize(nbytes)
                if n < 0:
                    raise ValueError("negative buffersize in recv_into")
            if flags.__class__ is not int or flags:
                flags = _cint(flags)
            view, size = writable_buffer(buffer, "recv_into")
            if n == 0:
                n = size
                if n == 0:
                    return 0  # as CPython: no system call for nothing
            elif n > size:
                view = buffer = None  # release the buffer export before raising
                raise ValueError("buffer too small for requested bytes")
            n = _clen(n)
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _deadline_after(t)
        else:
            dl = _NODL
        r = _recv(self._fd, view, n, flags, dl)
        while r < 0:
            if r != EINTR:
                view = buffer = None  # release the buffer export before raising
                raise exception(r)
            if t > 0:
                dl.value = deadline
            r = _recv(self._fd, view, n, flags, dl)
        return r

    def recvfrom(self, bufsize, flags=0):
        if bufsize.__class__ is int and 0 < bufsize <= _POOL_SIZE and flags is _ZERO:
            # The common call, as in recv.
            buf = _pool.pop() if _pool else _PoolBuf()
            a, pa = _apool.pop() if _apool else _new_addr()
            t = self._tns
            if t <= 0:
                r = _recvfrom(self._fd, buf, bufsize, 0, _NODL, pa)
                while r == EINTR:
                    r = _recvfrom(self._fd, buf, bufsize, 0, _NODL, pa)
            else:
                dl = self._dl
                dl.value = deadline = _deadline_after(t)
                r = _recvfrom(self._fd, buf, bufsize, 0, dl, pa)
                while r == EINTR:
                    dl.value = deadline
                    r = _recvfrom(self._fd, buf, bufsize, 0, dl, pa)
            if r >= 0:
                data = buf[:r]
                if len(_pool) < _POOL_MAX:
                    _pool.append(buf)
                if a.family == _AF_INET:
                    # _addr.from_c's first case, without its call (~60 ns).
                    addr = (a.data.decode("latin-1"), a.port)
                    _apool.append((a, pa))
                    return data, addr
                try:
                    return data, _from_c(a)
                finally:
                    _apool.append((a, pa))
            if len(_pool) < _POOL_MAX:
                _pool.append(buf)
            _apool.append((a, pa))
            raise exception(r)
        n = bufsize
        if n.__class__ is not int or not 0 <= n <= _POOL_SIZE:
            n = ssize(bufsize)
            if n < 0:
                raise ValueError("negative buffersize in recvfrom")
            if n > _BYTES_MAX:
                raise OverflowError("byte string is too large")
        if flags.__class__ is not int or flags:
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
            dl.value = deadline = _deadline_after(t)
        else:
            dl = _NODL
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
        try:
            if r < 0:
                raise exception(r)
            return data, _from_c(a)
        finally:
            _apool.append((a, pa))

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        n = ssize(nbytes)
        if n < 0:
            raise ValueError("negative buffersize in recvfrom_into")
        if flags.__class__ is not int or flags:
            flags = _cint(flags)
        view, size = writable_buffer(buffer, "recvfrom_into")
        if n == 0:
            n = size
        elif n > size:
            raise ValueError("nbytes is greater than the length of the buffer")
        a = _Addr()
        t = self._tns
        deadline = -1 if t <= 0 else _deadline_after(t)
        fd = self._fd
        while True:
            r = _recvfrom(fd, view, _clen(n), flags, _dlarg(deadline), byref(a))
            if r >= 0:
                return r, _from_c(a)
            if r != EINTR:
                view = buffer = None  # release the buffer export before raising
                raise exception(r)

    def send(self, data, flags=0):
        if data.__class__ is bytes and flags is _ZERO:
            # The common call: bytes go in place, without a buffer export.
            n = len(data)
            if n <= _INT_MAX:
                t = self._tns
                if t <= 0:
                    r = _send(self._fd, data, n, 0, _NODL)
                    while r == EINTR:
                        r = _send(self._fd, data, n, 0, _NODL)
                else:
                    dl = self._dl
                    dl.value = deadline = _deadline_after(t)
                    r = _send(self._fd, data, n, 0, dl)
                    while r == EINTR:
                        dl.value = deadline
                        r = _send(self._fd, data, n, 0, dl)
                if r >= 0:
                    return r
                raise exception(r)
        if data.__class__ is bytes and flags.__class__ is int and not flags:
            ptr, n = data, len(data)
        else:
            ptr, n = readable_buffer(data)
            if flags.__class__ is not int or flags:
                flags = _cint(flags)
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _deadline_after(t)
        else:
            dl = _NODL
        nn = n if n <= _INT_MAX else c_size_t(n)
        r = _send(self._fd, ptr, nn, flags, dl)
        while r < 0:
            if r != EINTR:
                ptr = data = None  # release the buffer export before raising
                raise exception(r)
            if t > 0:
                dl.value = deadline
            r = _send(self._fd, ptr, nn, flags, dl)
        return r

    def sendall(self, data, flags=0):
        t = self._tns
        if data.__class__ is bytes and flags.__class__ is int and not flags:
            n = len(data)
            if 0 < n <= _INT_MAX:
                if t > 0:
                    dl = self._dl
                    dl.value = deadline = _deadline_after(t)
                else:
                    dl, deadline = _NODL, -1
                # One send(2) nearly always takes it all (a blocking stream
                # socket waits for room); after a short count or EINTR the
                # code below goes on with the same deadline, the signal
                # handlers having run as the call returned.
                r = _send(self._fd, data, n, 0, dl)
                if r == n:
                    return None
                if r < 0 and r != EINTR:
                    raise exception(r)
                done = r if r > 0 else 0
            else:
                deadline, done = None, 0
        else:
            deadline, done = None, 0
        ptr, n = readable_buffer(data)
        if flags.__class__ is not int or flags:
            flags = _cint(flags)
        if deadline is None:
            deadline = -1 if t <= 0 else _deadline_after(t)
        fd = self._fd
        sent = _spool.pop() if _spool else _Sent()
        sent[0] = 0
        left = n - done
        if done == 0:
            rest = ptr
        elif ptr.__class__ is bytes:
            # Point into ptr (kept alive here) rather than slice a copy.
            rest = c_void_p(ctypes.cast(ptr, c_void_p).value + done)
        else:
            rest, _ = readable_buffer(_byte_view(data)[done:])
        while True:
            r = _sendall(fd, rest, _clen(left), flags, _dlarg(deadline), sent)
            if r >= 0:
                _spool.append(sent)
                return None
            if r != EINTR:
                ptr = rest = data = None  # release the buffer exports before raising
                _spool.append(sent)
                raise exception(r)
            # Resume after the handler ran (on the jump back), with the same
            # overall deadline.
            done = n - left + sent[0]
            left = n - done
            if ptr.__class__ is bytes:
                # Point into ptr (kept alive here): slicing would copy the
                # rest after every short write, quadratic for big data.
                rest = c_void_p(ctypes.cast(ptr, c_void_p).value + done)
            else:
                rest, _ = readable_buffer(_byte_view(data)[done:])

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
        try:
            if flags.__class__ is not int or flags:
                flags = _cint(flags)
            last = self._dest
            if last[0] is address:
                a, pa = last[1]
            else:
                a, pa = _sendto_addr(self._family, address, self._proto, self)
            _audit("socket.sendto", self, address)
        except BaseException:
            ptr = data = None  # release the buffer export before raising
            raise
        t = self._tns
        if t > 0:
            dl = self._dl
            dl.value = deadline = _deadline_after(t)
        else:
            dl = _NODL
        nn = n if n <= _INT_MAX else c_size_t(n)
        r = _sendto(self._fd, ptr, nn, flags, pa, dl)
        while r < 0:
            if r != EINTR:
                ptr = data = None  # release the buffer export before raising
                raise exception(r, "sendto")
            if t > 0:
                dl.value = deadline
            r = _sendto(self._fd, ptr, nn, flags, pa, dl)
        return r

    # --- options --------------------------------------------------------

    def getsockopt(self, level, optname, buflen=0):
        level = _cint(level)
        optname = _cint(optname)
        if buflen.__class__ is not int or buflen:
            buflen = _cint(buflen)
        if buflen == 0:
            v = c_int32()
            r = _ffi.getsockopt_int_fast(self._fd, level, optname, byref(v))
            if r < 0:
                raise exception(r)
            return v.value
        if buflen < 0 or buflen > 1024:
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
            # "I": masked to 32 bits, not range-checked
            optlen = _index(optlen) & _UINT_MAX
            r = _ffi.setsockopt_buf(self._fd, level, optname, None, optlen)
        elif isinstance(value, int) and _INT_MIN <= value <= _INT_MAX:
            r = _ffi.setsockopt_int_fast(self._fd, level, optname, value)
        elif isinstance(value, int):
            # CPython's "i" parse fails, then its bytes parse reports this.
            raise TypeError("a bytes-like object is required, not '%s'" % type(value).__name__)
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
