"""The one table of libgosock's foreign functions, bound once at import.

Each entry: name -> (argtypes). Every function returns int64_t: a result
>= 0 or a negative error code (see _errors). After import, this module has
one attribute per function, named without the gosock_ prefix.
"""
import ctypes
from ctypes import POINTER, c_char, c_int, c_int32, c_int64, c_size_t, c_uint32, c_void_p

from . import _lib

ADDR_DATA = 1025
ADDR_DATA2 = 128
NO_DEADLINE = -1


class Addr(ctypes.Structure):
    """gosock_addr: one address of any family (see include/gosock.h)."""
    _fields_ = [
        ("family", c_int32),
        ("port", c_uint32),
        ("flowinfo", c_uint32),
        ("scope_id", c_uint32),
        ("ints", c_int64 * 4),
        ("len", c_uint32),
        ("len2", c_uint32),
        ("data", c_char * ADDR_DATA),
        ("data2", c_char * ADDR_DATA2),
    ]


class Info(ctypes.Structure):
    """gosock_info: what a new socket is."""
    _fields_ = [
        ("fd", c_int32),
        ("family", c_int32),
        ("type", c_int32),
        ("proto", c_int32),
        ("timeout_ns", c_int64),
    ]


class AddrInfo(ctypes.Structure):
    """gosock_addrinfo: one getaddrinfo result."""
    _fields_ = [
        ("family", c_int32),
        ("type", c_int32),
        ("proto", c_int32),
        ("reserved", c_int32),
        ("canonname", c_char * ADDR_DATA),
        ("addr", Addr),
    ]


class Iovec(ctypes.Structure):
    """gosock_iovec: one buffer of a scatter/gather list (struct iovec)."""
    _fields_ = [("base", c_void_p), ("len", c_size_t)]


class Cmsg(ctypes.Structure):
    """gosock_cmsg: one control message (cmsg_level, cmsg_type, cmsg_data)."""
    _fields_ = [("level", c_int32), ("type", c_int32), ("data", c_void_p), ("len", c_size_t)]


class MsgInfo(ctypes.Structure):
    """gosock_msginfo: what recvmsg reports besides the byte count."""
    _fields_ = [
        ("flags", c_int32),
        ("reserved", c_int32),
        ("controllen", ctypes.c_uint64),
        ("addr", Addr),
    ]


class HostEnt(ctypes.Structure):
    """gosock_hostent: gethostbyname_ex/gethostbyaddr's result (one block)."""
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("aliases", POINTER(ctypes.c_char_p)),
        ("addrs", POINTER(ctypes.c_char_p)),
        ("family", c_int32),
        ("naliases", c_int32),
        ("naddrs", c_int32),
        ("reserved", c_int32),
    ]


NI_MAXHOST = 1025
NI_MAXSERV = 32
IF_NAMESIZE = 16
ADDRSTRLEN = 46


class NameInfo(ctypes.Structure):
    """gosock_nameinfo: getnameinfo's host and service."""
    _fields_ = [("host", c_char * NI_MAXHOST), ("serv", c_char * NI_MAXSERV)]


class IfName(ctypes.Structure):
    """gosock_ifname: one network interface."""
    _fields_ = [("index", c_uint32), ("name", c_char * IF_NAMESIZE)]


_addr_p = POINTER(Addr)
_info_p = POINTER(Info)
_iov_p = POINTER(Iovec)
_cmsg_p = POINTER(Cmsg)

FUNCTIONS = {
    "monotonic_ns": (),
    "deadline": (c_int64,),
    "debug_gc": (),
    "error_kind": (c_int64, POINTER(c_int32)),
    "strerror": (c_int64, c_void_p, c_size_t),
    "socket": (c_int, c_int, c_int, c_int64, _info_p),
    "fromfd": (c_int, c_int, c_int, c_int, c_int64, _info_p),
    "socketpair": (c_int, c_int, c_int, c_int64, _info_p, _info_p),
    "close": (c_int,),
    "dup": (c_int,),
    "settimeout": (c_int, c_int64),
    "get_inheritable": (c_int,),
    "set_inheritable": (c_int, c_int),
    "bind": (c_int, _addr_p),
    "listen": (c_int, c_int),
    "accept": (c_int, c_int64, _addr_p),
    "accept_fd": (c_int, c_int64, _addr_p, POINTER(c_int32)),
    "connect": (c_int, _addr_p, c_int64),
    "connect_wait": (c_int, c_int64),
    "getsockname": (c_int, _addr_p),
    "getpeername": (c_int, _addr_p),
    "shutdown": (c_int, c_int),
    "recv": (c_int, c_void_p, c_size_t, c_int, c_int64),
    "recvfrom": (c_int, c_void_p, c_size_t, c_int, c_int64, _addr_p),
    "send": (c_int, c_void_p, c_size_t, c_int, c_int64),
    "sendto": (c_int, c_void_p, c_size_t, c_int, _addr_p, c_int64),
    "sendall": (c_int, c_void_p, c_size_t, c_int, c_int64, POINTER(c_size_t)),
    "getsockopt_int": (c_int, c_int, c_int, POINTER(c_int32)),
    "getsockopt_buf": (c_int, c_int, c_int, c_void_p, c_size_t),
    "setsockopt_int": (c_int, c_int, c_int, c_int),
    "setsockopt_buf": (c_int, c_int, c_int, c_void_p, c_size_t),
    "getaddrinfo": (ctypes.c_char_p, ctypes.c_char_p, c_int, c_int, c_int, c_int,
                    POINTER(POINTER(AddrInfo))),
    "cmsg_len": (c_int64,),
    "cmsg_space": (c_int64,),
    "sendmsg": (c_int, _iov_p, c_size_t, _cmsg_p, c_size_t, c_int, _addr_p, c_int64),
    "recvmsg": (c_int, c_int, _iov_p, c_size_t, c_void_p, c_size_t, c_int, c_int64,
                POINTER(MsgInfo)),
    "cmsg_parse": (c_void_p, c_size_t, _cmsg_p, c_size_t, POINTER(c_int32)),
    "cmsg_close_fds": (c_void_p, c_size_t),
    "sendmsg_afalg": (c_int, c_int, _iov_p, c_size_t, c_int, c_void_p, c_size_t, c_int, c_int64,
                      c_int, c_int64),
    "sendfile": (c_int, c_int, c_int64, c_int64, c_int64, POINTER(c_int64)),
    "free": (c_void_p,),
    # module-level functions (_convert, _hostdb, _ifnames)
    "htons": (c_int64,),
    "ntohs": (c_int64,),
    "htonl": (c_int64,),
    "ntohl": (c_int64,),
    "inet_aton": (ctypes.c_char_p,),
    "inet_ntoa": (c_void_p, c_size_t, c_void_p, c_size_t),
    "inet_pton": (c_int64, ctypes.c_char_p, c_void_p, c_size_t),
    "inet_pton4": (ctypes.c_char_p,),
    "inet_ntop": (c_int64, c_void_p, c_size_t, c_void_p, c_size_t),
    "gethostname": (c_void_p, c_size_t),
    "sethostname": (c_void_p, c_size_t),
    "gethostbyname": (ctypes.c_char_p, c_void_p, c_size_t),
    "gethostbyname_ex": (ctypes.c_char_p, POINTER(POINTER(HostEnt))),
    "gethostbyaddr": (ctypes.c_char_p, POINTER(POINTER(HostEnt))),
    "getnameinfo": (ctypes.c_char_p, c_int64, c_uint32, c_uint32, c_int, c_int64,
                    POINTER(NameInfo)),
    "getservbyname": (ctypes.c_char_p, ctypes.c_char_p),
    "getservbyport": (c_int64, ctypes.c_char_p, c_void_p, c_size_t),
    "getprotobyname": (ctypes.c_char_p,),
    "if_nameindex": (POINTER(POINTER(IfName)),),
    "if_nametoindex": (ctypes.c_char_p,),
    "if_indextoname": (c_uint32, c_void_p, c_size_t),
}

# Hot functions bound a second time as <name>_fast without argtypes: ctypes
# then converts each argument by its own type (no from_param round), which
# saves 300-500 ns a call. Python ints go as C ints, which libffi widens
# with their sign to the 64-bit parameters the library takes, so a caller
# must keep every int within -2**31 .. 2**31-1 and wrap larger ones itself
# (c_int64 for deadlines, c_size_t for lengths); buffers go as ctypes
# objects or bytes, pointers as byref(). _check_fast() verifies the
# widening at import, and falls back to the checked bindings if it fails.
FAST_FUNCTIONS = ("htons", "ntohs", "htonl", "ntohl", "cmsg_len", "cmsg_space",
                  "deadline", "recv", "send", "recvfrom", "sendto", "sendall", "accept",
                  "accept_fd", "getsockname", "getpeername", "socket", "fromfd", "close",
                  "settimeout", "bind", "listen", "connect", "connect_wait", "shutdown",
                  "getsockopt_int", "setsockopt_int", "inet_pton4", "getaddrinfo", "free")

# Of those, the ones that can never block (pure conversions, and system
# calls that return at once) are bound through a PyDLL handle: ctypes then
# keeps the GIL across the call instead of releasing and taking it again,
# which saves 25-50 ns a call. Nothing a call into libgosock waits for
# needs the GIL (it runs no Python code), so holding it cannot deadlock.
HELD_FUNCTIONS = ("htons", "ntohs", "htonl", "ntohl", "cmsg_len", "cmsg_space",
                  "inet_pton4", "getsockname", "getpeername")

lib, library_path = _lib.load()


def _bind_all():
    g = globals()
    for name, argtypes in FUNCTIONS.items():
        f = getattr(lib, "gosock_" + name)
        f.restype = c_int64
        f.argtypes = argtypes
        g[name] = f
    held = ctypes.PyDLL(library_path, handle=lib._handle)
    for name in FAST_FUNCTIONS:
        # A new function object, argtypes left unset.
        f = (held if name in HELD_FUNCTIONS else lib)["gosock_" + name]
        f.restype = c_int64
        g[name + "_fast"] = f
    if not _check_fast():
        for name in FAST_FUNCTIONS:
            g[name + "_fast"] = g[name]
    elif deadline_fast(0xFFFFFFFB) == NO_DEADLINE:
        # ctypes converts an int without argtypes with PyLong_AsUnsignedLong
        # first and only on failure (an exception made and cleared: ~40 ns)
        # with PyLong_AsLong, then passes it as a C int; so 0xFFFFFFFF
        # reaches a 64-bit parameter as -1, at less cost than -1 itself.
        g["NO_DEADLINE_FAST"] = 0xFFFFFFFF


# What the hot calls pass for "no deadline" (-1, or its cheaper spelling).
NO_DEADLINE_FAST = NO_DEADLINE


def _check_fast():
    """True if a negative C int reaches a 64-bit parameter intact."""
    return deadline_fast(-5) == NO_DEADLINE and htons_fast(-1) == htons(-1)


_bind_all()
