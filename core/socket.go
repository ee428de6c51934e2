package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Info describes a socket: everything a call needs comes from here, and
// Go keeps none of it between calls. Timeout is in nanoseconds: -1 for
// blocking mode (Python's None), 0 for non-blocking, >0 for timeout mode.
type Info struct {
	Fd      int
	Family  int
	Type    int
	Proto   int
	Timeout int64
}

// typeFlags are accepted in a socket type but are not part of it.
const typeFlags = unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC

// Open creates a socket the way CPython's socket() does: family, type and
// proto of -1 take the defaults (AF_INET, SOCK_STREAM, 0); the descriptor
// is close-on-exec (PEP 446); the timeout is 0 when SOCK_NONBLOCK was asked
// for, otherwise defaultTimeout (the module's default).
func Open(family, typ, proto int, defaultTimeout int64) (Info, error) {
	if family == -1 {
		family = unix.AF_INET
	}
	if typ == -1 {
		typ = unix.SOCK_STREAM
	}
	if proto == -1 {
		proto = 0
	}
	fd, _, e := unix.Syscall(unix.SYS_SOCKET, uintptr(family), uintptr(typ|unix.SOCK_CLOEXEC), uintptr(proto))
	if e != 0 {
		return Info{Fd: -1}, e
	}
	return initInfo(int(fd), family, typ, proto, defaultTimeout)
}

// Adopt wraps an existing descriptor (socket(fileno=fd)). Family, type and
// proto of -1 are read from the kernel; the descriptor must be a socket.
func Adopt(fd, family, typ, proto int, defaultTimeout int64) (Info, error) {
	if fd < 0 {
		return Info{Fd: -1}, own(ErrNegativeFd)
	}
	var r rawSockaddr
	r.len = uint32(len(r.buf))
	_, _, e := unix.Syscall(unix.SYS_GETSOCKNAME, uintptr(fd), uintptr(r.ptr()), uintptr(unsafe.Pointer(&r.len)))
	if e == unix.EBADF || e == unix.ENOTSOCK {
		return Info{Fd: -1}, e
	}
	if e == 0 && family == -1 {
		family = int(r.buf[0]) | int(r.buf[1])<<8
	}
	var err error
	if typ == -1 {
		if typ, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE); err != nil {
			return Info{Fd: -1}, err
		}
	}
	if proto == -1 {
		if proto, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL); err != nil {
			return Info{Fd: -1}, err
		}
	}
	return initInfo(fd, family, typ, proto, defaultTimeout)
}

func initInfo(fd, family, typ, proto int, defaultTimeout int64) (Info, error) {
	s := Info{Fd: fd, Family: family, Type: typ &^ typeFlags, Proto: proto, Timeout: defaultTimeout}
	if typ&unix.SOCK_NONBLOCK != 0 {
		s.Timeout = 0
	} else if defaultTimeout >= 0 {
		if err := SetBlocking(fd, false); err != nil {
			return s, err
		}
	}
	return s, nil
}

// SocketPair creates a connected pair (family AF_UNIX when -1, type
// SOCK_STREAM when -1), both close-on-exec, timeouts as Open.
func SocketPair(family, typ, proto int, defaultTimeout int64) (Info, Info, error) {
	if family == -1 {
		family = unix.AF_UNIX
	}
	if typ == -1 {
		typ = unix.SOCK_STREAM
	}
	if proto == -1 {
		proto = 0
	}
	var fds [2]int32
	_, _, e := unix.Syscall6(unix.SYS_SOCKETPAIR, uintptr(family), uintptr(typ|unix.SOCK_CLOEXEC),
		uintptr(proto), uintptr(unsafe.Pointer(&fds[0])), 0, 0)
	if e != 0 {
		return Info{Fd: -1}, Info{Fd: -1}, e
	}
	a, err := initInfo(int(fds[0]), family, typ, proto, defaultTimeout)
	if err == nil {
		var b Info
		if b, err = initInfo(int(fds[1]), family, typ, proto, defaultTimeout); err == nil {
			return a, b, nil
		}
	}
	unix.Close(int(fds[0]))
	unix.Close(int(fds[1]))
	return Info{Fd: -1}, Info{Fd: -1}, err
}

// Close closes fd. ECONNRESET is not an error here, as in CPython: the
// descriptor is released either way.
func Close(fd int) error {
	_, _, e := unix.Syscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
	if e != 0 && e != unix.ECONNRESET {
		return e
	}
	return nil
}

// Dup duplicates fd into a new close-on-exec descriptor.
func Dup(fd int) (int, error) {
	nfd, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if e != 0 {
		return -1, e
	}
	return int(nfd), nil
}

// SetBlocking switches O_NONBLOCK off (blocking) or on.
func SetBlocking(fd int, blocking bool) error {
	return setFlag(fd, unix.F_GETFL, unix.F_SETFL, unix.O_NONBLOCK, !blocking)
}

// setFlag sets or clears one bit of fd's status (F_GETFL/F_SETFL) or
// descriptor (F_GETFD/F_SETFD) flags, skipping the write when it is set
// already.
func setFlag(fd int, get, set uintptr, bit uintptr, on bool) error {
	flags, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), get, 0)
	if e != 0 {
		return e
	}
	nflags := flags &^ bit
	if on {
		nflags = flags | bit
	}
	if nflags == flags {
		return nil
	}
	_, _, e = unix.Syscall(unix.SYS_FCNTL, uintptr(fd), set, nflags)
	return errnoErr(e)
}

// SetTimeout puts fd in the mode a timeout asks for: blocking for a
// negative timeout, O_NONBLOCK otherwise.
func SetTimeout(fd int, timeout int64) error {
	return SetBlocking(fd, timeout < 0)
}

// Inheritable reports whether fd survives exec (FD_CLOEXEC clear).
func Inheritable(fd int) (bool, error) {
	flags, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFD, 0)
	if e != 0 {
		return false, e
	}
	return flags&unix.FD_CLOEXEC == 0, nil
}

// SetInheritable sets or clears FD_CLOEXEC.
func SetInheritable(fd int, inheritable bool) error {
	return setFlag(fd, unix.F_GETFD, unix.F_SETFD, unix.FD_CLOEXEC, !inheritable)
}

// Shutdown disables further sends and/or receives (SHUT_RD/WR/RDWR).
func Shutdown(fd, how int) error {
	_, _, e := unix.Syscall(unix.SYS_SHUTDOWN, uintptr(fd), uintptr(how), 0)
	return errnoErr(e)
}
