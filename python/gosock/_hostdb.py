"""Host names, host entries, name info, services and protocols.

Each function converts its arguments as CPython's does (and raises the same
audit events), then calls libgosock, which does the lookup through the C
library without holding the GIL (ctypes releases it for the call).
"""
import ctypes
import os
import sys
from ctypes import byref

from . import _ffi
from operator import index as _index

from ._convert import argtype, c_int, c_str
from ._errors import exception as _exception

_HostEntP = ctypes.POINTER(_ffi.HostEnt)
_Name = ctypes.c_char * 256
_I64_MIN, _I64_MAX = -2**63, 2**63 - 1


def _encoded_host(host, func):
    """CPython's "et" converter with the idna codec: str is encoded, bytes
    and bytearray are taken as they are; C cannot take a NUL."""
    if isinstance(host, str):
        b = host.encode("idna")
    elif isinstance(host, (bytes, bytearray)):
        b = bytes(host)
    else:
        raise TypeError("%s() argument 1 must be str, bytes or bytearray, not %s"
                        % (func, argtype(host)))
    if 0 in b:
        raise TypeError("%s() argument 1 must be encoded string without null bytes, not %s"
                        % (func, type(host).__name__))
    return b


def _fs_name(obj):
    """PyUnicode_FSConverter: str, bytes or a path, as bytes without NUL."""
    b = os.fsencode(obj)
    if 0 in b:
        raise ValueError("embedded null byte")
    return b


def gethostname():
    """gethostname() -> string

    Return the current host name."""
    sys.audit("socket.gethostname")
    out = _Name()
    r = _ffi.gethostname(out, len(out))
    if r < 0:
        raise _exception(r)
    return os.fsdecode(out.value)


def sethostname(name, /):
    """sethostname(name)

    Sets the hostname to name."""
    if isinstance(name, bytes):
        b = name  # bytes go as they are, NULs included, as in CPython
    else:
        try:
            b = _fs_name(name)
        except TypeError:
            raise TypeError("expected str, bytes or os.PathLike object, not %s"
                            % type(name).__name__) from None
    sys.audit("socket.sethostname", b)
    r = _ffi.sethostname(b, len(b))
    if r < 0:
        raise _exception(r)


def gethostbyname(hostname, /):
    """gethostbyname(host) -> address

    Return the IP address (a string of the form '255.255.255.255') for a
    host."""
    b = _encoded_host(hostname, "gethostbyname")
    sys.audit("socket.gethostbyname", hostname)
    out = ctypes.create_string_buffer(_ffi.ADDRSTRLEN)
    r = _ffi.gethostbyname(b, out, _ffi.ADDRSTRLEN)
    if r < 0:
        raise _exception(r)
    return out.value.decode("ascii")


def _hostent(call, b):
    res = _HostEntP()
    r = call(b, byref(res))
    if r < 0:
        raise _exception(r)
    try:
        h = res.contents
        # CPython decodes these strictly as UTF-8.
        aliases = [h.aliases[i].decode("utf-8") for i in range(h.naliases)]
        addrs = [h.addrs[i].decode("ascii") for i in range(h.naddrs)]
        return (h.name.decode("utf-8"), aliases, addrs)
    finally:
        _ffi.free(res)


def gethostbyname_ex(hostname, /):
    """gethostbyname_ex(host) -> (name, aliaslist, addresslist)

    Return the true host name, a list of aliases, and a list of IP addresses,
    for a host.  The host argument is a string giving a host name or IP
    number."""
    b = _encoded_host(hostname, "gethostbyname_ex")
    sys.audit("socket.gethostbyname", hostname)
    return _hostent(_ffi.gethostbyname_ex, b)


def gethostbyaddr(ip_address, /):
    """gethostbyaddr(host) -> (name, aliaslist, addresslist)

    Return the true host name, a list of aliases, and a list of IP addresses,
    for a host.  The host argument is a string giving a host name or IP
    number."""
    b = _encoded_host(ip_address, "gethostbyaddr")
    sys.audit("socket.gethostbyaddr", ip_address)
    return _hostent(_ffi.gethostbyaddr, b)


def _illegal_sockaddr():
    return TypeError("getnameinfo(): illegal sockaddr argument")


def getnameinfo(sockaddr, flags, /):
    """getnameinfo(sockaddr, flags) --> (host, port)

    Get host and port for a sockaddr."""
    flags = c_int(flags)
    if not isinstance(sockaddr, tuple):
        # The traceback keeps this frame: it must not keep the argument
        # alive too (CPython's C function holds no reference to it).
        del sockaddr
        raise TypeError("getnameinfo() argument 1 must be a tuple")
    n = len(sockaddr)
    if not 2 <= n <= 4 or not isinstance(sockaddr[0], str):
        raise _illegal_sockaddr()
    host = sockaddr[0].encode()
    if 0 in host:
        raise ValueError("embedded null character")
    port = c_int(sockaddr[1])
    # flowinfo and scope_id are C unsigned ints taken modulo 2**32 ("I").
    flowinfo = _index(sockaddr[2]) & 0xFFFFFFFF if n > 2 else 0
    scope_id = _index(sockaddr[3]) & 0xFFFFFFFF if n > 3 else 0
    if flowinfo > 0xFFFFF:
        raise OverflowError("getnameinfo(): flowinfo must be 0-1048575.")
    sys.audit("socket.getnameinfo", sockaddr)
    out = _ffi.NameInfo()
    r = _ffi.getnameinfo(host, port, flowinfo, scope_id, n, flags, byref(out))
    if r < 0:
        raise _exception(r)
    return (out.host.decode("utf-8"), out.serv.decode("utf-8"))


_NOPROTO = object()  # the protocol name was left out (C's NULL)


def getservbyname(servicename, protocolname=_NOPROTO, /):
    """getservbyname(servicename[, protocolname]) -> integer

    Return a port number from a service name and protocol name.
    The optional protocol name, if given, should be 'tcp' or 'udp',
    otherwise any protocol will match."""
    name = c_str(servicename, "getservbyname", 1)
    if protocolname is _NOPROTO:
        protocolname = proto = None
    else:
        proto = c_str(protocolname, "getservbyname", 2)
    sys.audit("socket.getservbyname", servicename, protocolname)
    r = _ffi.getservbyname(name, proto)
    if r < 0:
        raise _exception(r)
    return r


def getservbyport(port, protocolname=_NOPROTO, /):
    """getservbyport(port[, protocolname]) -> string

    Return the service name from a port number and protocol name.
    The optional protocol name, if given, should be 'tcp' or 'udp',
    otherwise any protocol will match."""
    port = c_int(port)
    if protocolname is _NOPROTO:
        protocolname = proto = None
    else:
        proto = c_str(protocolname, "getservbyport", 2)
    if not 0 <= port <= 0xFFFF:
        raise OverflowError("getservbyport: port must be 0-65535.")
    sys.audit("socket.getservbyport", port, protocolname)
    out = _Name()
    r = _ffi.getservbyport(port, proto, out, len(out))
    if r >= len(out):
        out = ctypes.create_string_buffer(r + 1)
        r = _ffi.getservbyport(port, proto, out, len(out))
    if r < 0:
        raise _exception(r)
    return out.value.decode("utf-8")


def getprotobyname(name, /):
    """getprotobyname(name) -> integer

    Return the protocol number for the named protocol.  (Rarely used.)"""
    r = _ffi.getprotobyname(c_str(name, "getprotobyname", 1))
    if r < 0:
        raise _exception(r)
    return r


__all__ = ["gethostname", "sethostname", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
           "getnameinfo", "getservbyname", "getservbyport", "getprotobyname"]
