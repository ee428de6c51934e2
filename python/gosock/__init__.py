"""gosock: Python's socket module, implemented in Go (libgosock).

A drop-in replacement for the standard library's socket module: the same
classes, functions, constants and exceptions, with every operation done by
libgosock through ctypes.

    import gosock as socket          # use it directly, or
    import gosock; gosock.install()  # make it the process's socket module

install() must run before other modules import socket: a module that has
already done "import socket" keeps the module it got.
"""
import array as _array
import io as _io
import os as _os
import sys as _sys
from enum import IntEnum, IntFlag

# socket.py's own imports are names of its namespace too (socket.errno, ...).
import array, errno, io, os, selectors, sys  # noqa: F401,E401,I001

from . import _consts, _errors, _ffi, _lib, _sockobj
from ._consts import *  # noqa: F401,F403 (the constants are the module's API)
from ._errors import error, gaierror, herror, timeout
from ._netdb import *  # noqa: F401,F403
from ._netdb import getaddrinfo as _raw_getaddrinfo
from ._sockobj import SocketType as _LowSocket

__version__ = "%d.%d.%d" % _lib.VERSION
__all__ = ["fromfd", "getfqdn", "create_connection", "create_server",
           "has_dualstack_ipv6", "AddressFamily", "SocketKind", "install"]
__all__.extend(name for name in dir(_consts) if not name.startswith("_"))
__all__.extend(["SocketType", "close", "dup", "error", "gaierror", "herror", "timeout",
                "getdefaulttimeout", "setdefaulttimeout", "socket", "socketpair",
                "send_fds", "recv_fds", "CMSG_LEN", "CMSG_SPACE"])
__all__.extend(_netdb_all)  # noqa: F405

library_path = _ffi.library_path

# The enums are built the way CPython's socket.py builds them, from the
# module's own constants, so membership and member order match.
IntEnum._convert_("AddressFamily", __name__, lambda C: C.isupper() and C.startswith("AF_"))
IntEnum._convert_("SocketKind", __name__, lambda C: C.isupper() and C.startswith("SOCK_"))
IntFlag._convert_("MsgFlag", __name__, lambda C: C.isupper() and C.startswith("MSG_"))
IntFlag._convert_("AddressInfo", __name__, lambda C: C.isupper() and C.startswith("AI_"))

_LOCALHOST = "127.0.0.1"
_LOCALHOST_V6 = "::1"
_blocking_errnos = {EAGAIN, EWOULDBLOCK}  # noqa: F405


def _intenum_converter(value, enum_klass):
    """The enum member for value, or value itself when it has none."""
    try:
        return enum_klass(value)
    except ValueError:
        return value


def getdefaulttimeout():
    """Return the default timeout in seconds (float) for new socket objects,
    or None when new sockets are blocking."""
    return _sockobj.seconds(_sockobj.get_default_timeout())


def setdefaulttimeout(timeout):
    """Set the default timeout in seconds (float) for new socket objects;
    None means blocking."""
    _sockobj.set_default_timeout(_sockobj.parse_timeout(timeout))


class socket(_LowSocket):
    """A subclass of the low-level socket adding the I/O methods."""

    __slots__ = ["_io_refs", "_closed"]

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        # The low-level socket takes plain ints; enum members are ints too.
        if fileno is None:
            if family == -1:
                family = AF_INET  # noqa: F405
            if type == -1:
                type = SOCK_STREAM  # noqa: F405
            if proto == -1:
                proto = 0
        self._io_refs = 0
        self._closed = False
        _LowSocket.__init__(self, family, type, proto, fileno)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__name__ == "SSLSocket" and cls.__module__ == "ssl":
            # ssl is being imported with gosock as its socket module: make
            # its SSLContext speak TLS over gosock sockets.
            _tls.attach(_sys.modules["ssl"])

    def __enter__(self):
        return self

    def __exit__(self, *args):
        if not self._closed:
            self.close()

    def __repr__(self):
        closed = getattr(self, "_closed", False)
        s = "<%s.%s%s fd=%i, family=%s, type=%s, proto=%i" % (
            self.__class__.__module__, self.__class__.__qualname__,
            " [closed]" if closed else "", self.fileno(), self.family, self.type, self.proto)
        if not closed:
            try:
                laddr = self.getsockname()
                if laddr:
                    s += ", laddr=%s" % str(laddr)
            except error:
                pass
            try:
                raddr = self.getpeername()
                if raddr:
                    s += ", raddr=%s" % str(raddr)
            except error:
                pass
        return s + ">"

    def __getstate__(self):
        raise TypeError(f"cannot pickle {self.__class__.__name__!r} object")

    def dup(self):
        """Return a new socket object connected to the same system resource."""
        fd = dup(self.fileno())
        try:
            sock = self.__class__(self.family, self.type, self.proto, fileno=fd)
        except BaseException:
            _ffi.close(fd)
            raise
        sock.settimeout(self.gettimeout())
        return sock

    def accept(self):
        """accept() -> (socket object, address info)"""
        # The new socket owns the descriptor from the moment the C call
        # returns (see _accept_into): a signal handler raising anywhere in
        # here cannot leak it. Linux does not pass O_NONBLOCK on to accepted
        # sockets: they are blocking unless there is a default timeout.
        sock = socket.__new__(socket)
        sock._fd = -1
        sock._io_refs = 0
        sock._closed = False
        try:
            addr = self._accept_into(sock)
        except BaseException:
            sock.close()
            raise
        return sock, addr

    def makefile(self, mode="r", buffering=None, *, encoding=None, errors=None, newline=None):
        """Return an I/O stream connected to the socket (see io.open)."""
        if not set(mode) <= {"r", "w", "b"}:
            raise ValueError("invalid mode %r (only r, w, b allowed)" % (mode,))
        writing = "w" in mode
        reading = "r" in mode or not writing
        assert reading or writing
        binary = "b" in mode
        rawmode = ""
        if reading:
            rawmode += "r"
        if writing:
            rawmode += "w"
        raw = SocketIO(self, rawmode)
        self._io_refs += 1
        if buffering is None:
            buffering = -1
        if buffering < 0:
            buffering = _io.DEFAULT_BUFFER_SIZE
        if buffering == 0:
            if not binary:
                raise ValueError("unbuffered streams must be binary")
            return raw
        if reading and writing:
            buffer = _io.BufferedRWPair(raw, raw, buffering)
        elif reading:
            buffer = _io.BufferedReader(raw, buffering)
        else:
            buffer = _io.BufferedWriter(raw, buffering)
        if binary:
            return buffer
        encoding = _io.text_encoding(encoding)
        text = _io.TextIOWrapper(buffer, encoding, errors, newline)
        text.mode = mode
        return text

    def _sendfile_use_sendfile(self, file, offset=0, count=None):
        return _sendfile.use_sendfile(self, file, offset, count)

    def _sendfile_use_send(self, file, offset=0, count=None):
        return _sendfile.use_send(self, file, offset, count)

    def _check_sendfile_params(self, file, offset, count):
        _sendfile.check_params(self, file, offset, count)

    def sendfile(self, file, offset=0, count=None):
        """sendfile(file[, offset[, count]]) -> sent

        Send a file until EOF is reached by using high-performance
        sendfile(2) and return the total number of bytes which were sent.
        *file* must be a regular file object opened in binary mode.
        If sendfile(2) is not usable with the file, send() is used instead.
        *offset* tells from where to start reading the file.
        If specified, *count* is the total number of bytes to transmit
        as opposed to sending the file until EOF is reached.
        File position is updated on return or also in case of error in
        which case file.tell() can be used to figure out the number of
        bytes which were sent.
        The socket must be of SOCK_STREAM type.
        Non-blocking sockets are not supported.
        """
        try:
            return self._sendfile_use_sendfile(file, offset, count)
        except _GiveupOnSendfile:
            return self._sendfile_use_send(file, offset, count)

    def _decref_socketios(self):
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def _real_close(self, _ss=_LowSocket):
        _ss.close(self)

    def close(self):
        self._closed = True
        if self._io_refs <= 0:
            self._real_close()

    def detach(self):
        """Close the socket object without closing the descriptor; return it."""
        self._closed = True
        return super().detach()

    @property
    def family(self):
        """Read-only access to the address family for this socket."""
        return _intenum_converter(super().family, AddressFamily)  # noqa: F405

    @property
    def type(self):
        """Read-only access to the socket type."""
        return _intenum_converter(super().type, SocketKind)  # noqa: F405

    def get_inheritable(self):
        return super().get_inheritable()

    def set_inheritable(self, inheritable):
        super().set_inheritable(inheritable)

    get_inheritable.__doc__ = "Get the inheritable flag of the socket"
    set_inheritable.__doc__ = "Set the inheritable flag of the socket"


SocketType = _LowSocket


def close(fd):
    """Close a socket file descriptor."""
    r = _ffi.close(_sockobj.socket_t(fd))
    if r < 0:
        raise _errors.exception(r)


def dup(fd):
    """Duplicate a socket file descriptor (close-on-exec)."""
    r = _ffi.dup(_sockobj.socket_t(fd))
    if r < 0:
        raise _errors.exception(r)
    return r


def send_fds(sock, buffers, fds, flags=0, address=None):
    """ send_fds(sock, buffers, fds[, flags[, address]]) -> integer

    Send the list of file descriptors fds over an AF_UNIX socket.
    """
    # As in CPython 3.11's socket.py, flags and address are not passed on.
    return sock.sendmsg(buffers, [(SOL_SOCKET, SCM_RIGHTS,  # noqa: F405
                                   _array.array("i", fds))])


def recv_fds(sock, bufsize, maxfds, flags=0):
    """ recv_fds(sock, bufsize, maxfds[, flags]) -> (data, list of file
    descriptors, msg_flags, address)

    Receive up to maxfds file descriptors returning the message
    data and a list of file descriptors.
    """
    # As in CPython 3.11's socket.py, flags is not passed on.
    fds = _array.array("i")
    msg, ancdata, flags, addr = sock.recvmsg(bufsize, CMSG_LEN(maxfds * fds.itemsize))
    try:
        for cmsg_level, cmsg_type, cmsg_data in ancdata:
            if cmsg_level == SOL_SOCKET and cmsg_type == SCM_RIGHTS:  # noqa: F405
                # Append data, ignoring any truncated integers at the end.
                fds.frombytes(cmsg_data[:len(cmsg_data) - (len(cmsg_data) % fds.itemsize)])
        return msg, list(fds), flags, addr
    except BaseException:
        _close_received_fds(ancdata)
        raise


def _close_received_fds(ancdata):
    """Close the descriptors of SCM_RIGHTS items that could not be handed
    to the caller."""
    for cmsg_level, cmsg_type, cmsg_data in ancdata:
        if cmsg_level == SOL_SOCKET and cmsg_type == SCM_RIGHTS:  # noqa: F405
            n = len(cmsg_data) - len(cmsg_data) % 4
            for fd in _array.array("i", cmsg_data[:n]):
                _ffi.close(fd)


def fromfd(fd, family, type, proto=0):
    """Create a socket object from a duplicate of the given descriptor."""
    nfd = dup(fd)
    try:
        return socket(family, type, proto, nfd)
    except BaseException:
        _ffi.close(nfd)  # CPython leaks it here
        raise


def socketpair(family=None, type=SOCK_STREAM, proto=0):  # noqa: F405
    """Return a pair of connected socket objects (AF_UNIX by default)."""
    if family is None:
        family = AF_UNIX  # noqa: F405
    family = _sockobj._cint(family)
    type = _sockobj._cint(type)
    proto = _sockobj._cint(proto)
    a, b = _ffi.Info(), _ffi.Info()
    r = _ffi.socketpair(family, type, proto, _sockobj.get_default_timeout(),
                        _sockobj.byref(a), _sockobj.byref(b))
    if r < 0:
        raise _errors.exception(r)
    try:
        sa = socket(family, type, proto, a.fd)
    except BaseException:
        _ffi.close(a.fd)
        _ffi.close(b.fd)
        raise
    try:
        sb = socket(family, type, proto, b.fd)
    except BaseException:
        sa.close()
        _ffi.close(b.fd)
        raise
    return sa, sb


socketpair.__doc__ = """socketpair([family[, type[, proto]]]) -> (socket object, socket object)
Create a pair of socket objects from the sockets returned by the platform
socketpair() function."""


class SocketIO(_io.RawIOBase):
    """Raw I/O implementation for stream sockets (what makefile builds on).

    A timeout leaves the stream in an unknown state: reading from it again
    raises OSError."""

    def __init__(self, sock, mode):
        if mode not in ("r", "w", "rw", "rb", "wb", "rwb"):
            raise ValueError("invalid mode: %r" % mode)
        _io.RawIOBase.__init__(self)
        self._sock = sock
        if "b" not in mode:
            mode += "b"
        self._mode = mode
        self._reading = "r" in mode
        self._writing = "w" in mode
        self._timeout_occurred = False

    def readinto(self, b):
        self._checkClosed()
        self._checkReadable()
        if self._timeout_occurred:
            raise OSError("cannot read from timed out object")
        while True:
            try:
                return self._sock.recv_into(b)
            except timeout:
                self._timeout_occurred = True
                raise
            except error as e:
                if e.errno in _blocking_errnos:
                    return None
                raise

    def write(self, b):
        self._checkClosed()
        self._checkWritable()
        try:
            return self._sock.send(b)
        except error as e:
            if e.errno in _blocking_errnos:
                return None
            raise

    def readable(self):
        if self.closed:
            raise ValueError("I/O operation on closed socket.")
        return self._reading

    def writable(self):
        if self.closed:
            raise ValueError("I/O operation on closed socket.")
        return self._writing

    def seekable(self):
        if self.closed:
            raise ValueError("I/O operation on closed socket.")
        return super().seekable()

    def fileno(self):
        self._checkClosed()
        return self._sock.fileno()

    @property
    def name(self):
        if not self.closed:
            return self.fileno()
        return -1

    @property
    def mode(self):
        return self._mode

    def close(self):
        if self.closed:
            return
        _io.RawIOBase.close(self)
        self._sock._decref_socketios()
        self._sock = None


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """Resolve host and port into a list of 5-tuples
    (family, type, proto, canonname, sockaddr)."""
    out = []
    for af, kind, pr, canon, sa in _raw_getaddrinfo(host, port, family, type, proto, flags):
        out.append((_intenum_converter(af, AddressFamily),  # noqa: F405
                    _intenum_converter(kind, SocketKind), pr, canon, sa))  # noqa: F405
    return out


def getfqdn(name=""):
    """Get a fully qualified domain name from name (default: this host)."""
    name = name.strip()
    if not name or name in ("0.0.0.0", "::"):
        name = gethostname()  # noqa: F405
    try:
        hostname, aliases, ipaddrs = gethostbyaddr(name)  # noqa: F405
    except error:
        pass
    else:
        aliases.insert(0, hostname)
        for name in aliases:
            if "." in name:
                break
        else:
            name = hostname
    return name


_GLOBAL_DEFAULT_TIMEOUT = object()


def create_connection(address, timeout=_GLOBAL_DEFAULT_TIMEOUT, source_address=None, *,
                      all_errors=False):
    """Connect to address (host, port), trying each address getaddrinfo
    returns; return the socket. timeout, when given, is set on the socket
    before connecting. all_errors: raise an ExceptionGroup of every
    attempt's error instead of only the last one."""
    host, port = address
    exceptions = []
    for res in getaddrinfo(host, port, 0, SOCK_STREAM):  # noqa: F405
        af, socktype, proto, canonname, sa = res
        sock = None
        try:
            sock = socket(af, socktype, proto)
            if timeout is not _GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sa)
            exceptions.clear()
            return sock
        except error as exc:
            if not all_errors:
                exceptions.clear()
            exceptions.append(exc)
            if sock is not None:
                sock.close()
        except BaseException:
            # A bad timeout or source address, KeyboardInterrupt: CPython
            # leaves the socket to the garbage collector; close it now.
            if sock is not None:
                sock.close()
            raise
    if exceptions:
        try:
            if not all_errors:
                raise exceptions[0]
            raise ExceptionGroup("create_connection failed", exceptions)
        finally:
            exceptions.clear()
    raise error("getaddrinfo returns an empty list")


def has_dualstack_ipv6():
    """True if the platform supports a socket that accepts both IPv4 and
    IPv6 connections (IPV6_V6ONLY off)."""
    if not has_ipv6 or not hasattr(_consts, "IPPROTO_IPV6") or not hasattr(_consts, "IPV6_V6ONLY"):  # noqa: F405
        return False
    try:
        with socket(AF_INET6, SOCK_STREAM) as sock:  # noqa: F405
            sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)  # noqa: F405
            return True
    except error:
        return False


def create_server(address, *, family=AF_INET, backlog=None, reuse_port=False,  # noqa: F405
                  dualstack_ipv6=False):
    """Create a TCP socket bound to address (host, port), listening.
    dualstack_ipv6 with family AF_INET6 accepts IPv4 too."""
    if reuse_port and not hasattr(_consts, "SO_REUSEPORT"):
        raise ValueError("SO_REUSEPORT not supported on this platform")
    if dualstack_ipv6:
        if not has_dualstack_ipv6():
            raise ValueError("dualstack_ipv6 not supported on this platform")
        if family != AF_INET6:  # noqa: F405
            raise ValueError("dualstack_ipv6 requires AF_INET6 family")
    sock = socket(family, SOCK_STREAM)  # noqa: F405
    try:
        # Let a restarted server bind its port while old connections linger
        # in TIME_WAIT.
        if _os.name not in ("nt", "cygwin") and hasattr(_consts, "SO_REUSEADDR"):
            try:
                sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)  # noqa: F405
            except error:
                pass
        if reuse_port:
            sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)  # noqa: F405
        if has_ipv6 and family == AF_INET6:  # noqa: F405
            if dualstack_ipv6:
                sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)  # noqa: F405
            elif hasattr(_consts, "IPV6_V6ONLY") and hasattr(_consts, "IPPROTO_IPV6"):
                sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1)  # noqa: F405
        try:
            sock.bind(address)
        except error as err:
            msg = "%s (while attempting to bind on address %r)" % (err.strerror, address)
            raise error(err.errno, msg) from None
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
        return sock
    except BaseException:
        sock.close()
        raise


def install():
    """Make gosock the process's socket module (sys.modules["socket"]).

    Call it before anything imports socket: modules that already imported
    the standard socket module keep using it. This holds for ssl too: ssl
    imported after install() wraps gosock sockets in TLS through libgosock
    (see _tls); ssl imported before keeps its native sockets."""
    mod = _sys.modules[__name__]
    _sys.modules["socket"] = mod
    ssl = _sys.modules.get("ssl")
    if ssl is not None and issubclass(getattr(ssl, "SSLSocket", object), socket):
        _tls.attach(ssl)
    return mod


from . import _sendfile, _tls  # noqa: E402 (need socket defined above)
from ._sendfile import _GiveupOnSendfile  # noqa: E402
