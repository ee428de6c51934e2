"""TLS on gosock sockets: what ssl.SSLContext.wrap_socket does with them.

The ssl module's C layer drives OpenSSL only over its own native socket
type. When ssl is imported with gosock as the socket module, ssl.SSLSocket
subclasses gosock's socket and attach() (run then, from
socket.__init_subclass__) replaces SSLContext._wrap_socket, the one call
through which ssl.SSLSocket creates its OpenSSL connection (wrap_socket,
connect, accept). For a gosock socket it returns a TLSConnection: an SSL
object on two memory BIOs whose ciphertext this module moves through
libgosock. TLSConnection has the interface ssl.SSLSocket expects of its
_sslobj, so ssl.SSLSocket itself (recv, sendall, makefile, unwrap,
getpeercert, ...) runs unchanged. Native sockets keep the original path.

Semantics follow _ssl.c over a socket BIO:
- The timeout is the socket's, read at each operation; a handshake, read,
  write or shutdown gets one deadline and raises TimeoutError("The read
  operation timed out") and so on when it passes.
- A non-blocking socket raises SSLWantReadError / SSLWantWriteError. A
  write that raised SSLWantWriteError must be retried with the same data
  (as with OpenSSL): its records are kept and sent by the retry.
- Ciphertext is read from the kernel one TLS record at a time and never
  beyond the record being decoded, so select()/poll() on the descriptor
  tell whether data is waiting exactly as with a native SSL socket, and
  unwrap() leaves whatever follows the peer's close_notify in the socket.
"""
import errno
import threading
import time
import weakref
from ctypes import byref, c_int64, c_size_t, create_string_buffer

from . import _ffi
from ._errors import EINTR, TIMEOUT, exception
from ._sockobj import _DEADLINE_MAX, _TNS_CAP, _clen
from ._sockobj import socket as _LowSocket

_mono = time.monotonic_ns
# The bindings without argtypes (see _ffi.FAST_FUNCTIONS): deadlines go as
# c_int64, lengths through _clen.
_recv = _ffi.recv_fast
_send = _ffi.send_fast
_sendall = _ffi.sendall_fast
_EAGAIN = -errno.EAGAIN

_HEADER = 5  # TLS record header: type, version (2), length (2)
_CHUNK = 16384 + 2048  # the largest record body TLS 1.2 allows

# Filled by attach() from the ssl module being imported.
_ssl = None


def attach(ssl):
    """Make ssl's SSLContext wrap gosock sockets with TLSConnection.

    ssl is the ssl module, possibly still being imported (SSLContext and
    the _ssl names must exist). Idempotent."""
    global _ssl
    ctx_class = ssl.SSLContext
    if getattr(ctx_class._wrap_socket, "_gosock", False):
        return
    _ssl = ssl
    native_wrap = ssl._SSLContext._wrap_socket

    def _wrap_socket(self, sock, server_side, server_hostname=None, *, owner=None,
                     session=None):
        if isinstance(sock, _LowSocket):
            return TLSConnection(self, sock, server_side, server_hostname, owner, session)
        return native_wrap(self, sock, server_side, server_hostname, owner=owner,
                           session=session)

    _wrap_socket._gosock = True
    _wrap_socket.__doc__ = native_wrap.__doc__
    ctx_class._wrap_socket = _wrap_socket


def _ssl_error(cls, code, message):
    """An ssl exception as _ssl.c makes them (library and reason set)."""
    e = cls(code, message)
    e.library = None
    e.reason = None
    return e


class TLSConnection:
    """One TLS connection over a gosock socket (ssl.SSLSocket's _sslobj).

    Not made directly: SSLContext._wrap_socket returns it."""

    __slots__ = ("_obj", "_in", "_out", "_sockref", "_buf", "_wbuf", "_accepted",
                 "_header", "_left", "_rlock", "_wlock")

    def __init__(self, context, sock, server_side, server_hostname, owner, session):
        ssl = _ssl
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._obj = ssl._SSLContext._wrap_bio(
            context, self._in, self._out, server_side, server_hostname,
            owner=owner, session=session)
        self._sockref = weakref.ref(sock)
        self._buf = None       # receive buffer, made at the first read
        self._wbuf = b""       # ciphertext made but not yet sent
        self._accepted = None  # bytes a write took whose records are in _wbuf
        self._header = b""     # the part of the next record header read so far
        self._left = 0         # bytes of the current record still in the kernel
        self._rlock = threading.Lock()
        self._wlock = threading.Lock()

    # --- what ssl.SSLSocket reads from its _sslobj ---------------------------

    @property
    def context(self):
        return self._obj.context

    @context.setter
    def context(self, ctx):
        self._obj.context = ctx

    @property
    def session(self):
        return self._obj.session

    @session.setter
    def session(self, session):
        self._obj.session = session

    @property
    def session_reused(self):
        return self._obj.session_reused

    @property
    def server_side(self):
        return self._obj.server_side

    @property
    def server_hostname(self):
        return self._obj.server_hostname

    @property
    def owner(self):
        return self._obj.owner

    @owner.setter
    def owner(self, value):
        self._obj.owner = value

    def getpeercert(self, binary_form=False):
        return self._obj.getpeercert(binary_form)

    def selected_alpn_protocol(self):
        return self._obj.selected_alpn_protocol()

    def cipher(self):
        return self._obj.cipher()

    def shared_ciphers(self):
        return self._obj.shared_ciphers()

    def compression(self):
        return self._obj.compression()

    def version(self):
        return self._obj.version()

    def pending(self):
        return self._obj.pending()

    def get_channel_binding(self, cb_type="tls-unique"):
        return self._obj.get_channel_binding(cb_type)

    def get_verified_chain(self):
        return self._obj.get_verified_chain()

    def get_unverified_chain(self):
        return self._obj.get_unverified_chain()

    def verify_client_post_handshake(self):
        return self._obj.verify_client_post_handshake()

    # --- operations that move bytes --------------------------------------

    def do_handshake(self):
        self._run("handshake", self._obj.do_handshake, ())

    def read(self, len=1024, buffer=None):
        if buffer is None:
            return self._run("read", self._obj.read, (len,))
        return self._run("read", self._obj.read, (len, buffer))

    def write(self, data):
        accepted = self._accepted
        if accepted is not None:
            # The retry of a write that raised SSLWantWriteError: its
            # records are made already; finish sending them.
            sock, t, deadline = self._prepare()
            self._send_pending(sock, t, deadline, "write", True)
            self._accepted = None
            return accepted
        return self._run("write", self._obj.write, (data,))

    def shutdown(self):
        # The peer's records are read one at a time here too: what follows
        # its close_notify stays in the socket for the plain-text user.
        self._run(None, self._obj.shutdown, ())
        return self._sockref()

    # --- the pump --------------------------------------------------------

    def _prepare(self):
        sock = self._sockref()
        if sock is None:
            raise _ssl_error(_ssl.SSLError, 0, "Underlying socket connection gone")
        if sock._fd == -1:
            raise _ssl_error(_ssl.SSLError, 0, "Underlying socket has been closed.")
        t = sock._tns
        if t <= 0:
            return sock, t, -1
        return sock, t, c_int64(_mono() + t if t < _TNS_CAP else _DEADLINE_MAX)

    def _run(self, what, fn, args):
        """fn(*args) on the SSL object, feeding it from the socket until it
        stops asking, and sending what it made."""
        sock, t, deadline = self._prepare()
        if self._wbuf:
            # Records an earlier call left unsent (non-blocking mode) go first.
            self._send_pending(sock, t, deadline, what, what != "read")
        want_read = _ssl.SSLWantReadError
        while True:
            try:
                result = fn(*args)
            except want_read:
                # Whatever the SSL object made (a handshake flight, a
                # close_notify) must reach the peer before it can answer.
                self._send_pending(sock, t, deadline, what, True)
                if not self._fill(sock, t, deadline, what):
                    raise
                continue
            except _ssl.SSLError:
                # A fatal error made an alert: tell the peer, best effort.
                self._send_alert(sock)
                raise
            if self._out.pending or self._wbuf:
                if what == "write" and t == 0:
                    self._accepted = result
                    self._send_pending(sock, t, deadline, what, True)
                    self._accepted = None
                elif what == "handshake" and self._obj.server_side and \
                        self._obj.version() == "TLSv1.3":
                    self._send_tickets(sock, t, deadline)
                else:
                    self._send_pending(sock, t, deadline, what, what != "read")
            return result

    def _send_tickets(self, sock, t, deadline):
        """Send the last flight of a TLS 1.3 server handshake: only session
        tickets. Like OpenSSL, a peer that has already gone is no error."""
        try:
            self._send_pending(sock, t, deadline, "handshake", True)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send_pending(self, sock, t, deadline, what, must):
        """Send the SSL object's output. Blocking and timeout modes send it
        all (or raise TimeoutError); in non-blocking mode what the kernel
        does not take is kept, and with must, SSLWantWriteError is raised."""
        with self._wlock:
            out = self._out
            if out.pending:
                data = self._wbuf + out.read() if self._wbuf else out.read()
            else:
                data = self._wbuf
            if not data:
                return
            n = len(data)
            fd = sock._fd
            if t != 0:
                sent = c_size_t()
                done = 0
                r = _sendall(fd, data, _clen(n), 0, deadline, byref(sent))
                while r == EINTR:
                    done += sent.value
                    r = _sendall(fd, data[done:], _clen(n - done), 0, deadline, byref(sent))
                if r < 0:
                    self._wbuf = b""
                    self._raise(r, what or "write")
                self._wbuf = b""
                return
            while True:
                r = _send(fd, data, _clen(n), 0, -1)
                if r != EINTR:
                    break
            if r == n:
                self._wbuf = b""
                return
            if r < 0 and r != _EAGAIN:
                self._wbuf = b""
                raise exception(r)
            self._wbuf = data[r:] if r > 0 else data
        if must:
            raise _ssl_error(_ssl.SSLWantWriteError, _ssl.SSL_ERROR_WANT_WRITE,
                             "The operation did not complete (write)")

    def _send_alert(self, sock):
        """Send the SSL object's output without waiting, ignoring errors."""
        with self._wlock:
            data = self._wbuf + self._out.read()
            self._wbuf = b""
            if data and sock._fd != -1:
                _send(sock._fd, data, _clen(len(data)), 0, -1)

    def _fill(self, sock, t, deadline, what):
        """Read ciphertext from the socket into the SSL object, up to the end
        of the current record. False: non-blocking mode and nothing there."""
        with self._rlock:
            left = self._left
            if left:
                want = left if left < _CHUNK else _CHUNK
            else:
                want = _HEADER - len(self._header)
            buf = self._buf
            if buf is None:
                buf = self._buf = create_string_buffer(_CHUNK)
            fd = sock._fd
            while True:
                r = _recv(fd, buf, want, 0, deadline)
                if r >= 0:
                    break
                if r == _EAGAIN and t == 0:
                    return False
                if r != EINTR:
                    self._raise(r, what or "read")
            if r == 0:
                self._in.write_eof()
                return True
            data = buf[:r]
            self._in.write(data)
            if left:
                self._left = left - r
            else:
                header = self._header + data
                if len(header) == _HEADER:
                    self._header = b""
                    self._left = int.from_bytes(header[3:5], "big")
                else:
                    self._header = header
            return True

    @staticmethod
    def _raise(code, what):
        """what: the operation ("handshake", "read", "write"), named in the
        timeout message as _ssl.c does."""
        if code == TIMEOUT:
            raise TimeoutError("The %s operation timed out" % what)
        raise exception(code)

