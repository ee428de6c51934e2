package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Bind assigns addr to fd (a socket of the given family).
func Bind(fd, family int, addr *Addr) error {
	var r rawSockaddr
	if err := encodeAddrOn(fd, family, addr, &r); err != nil {
		return err
	}
	_, _, e := unix.Syscall(unix.SYS_BIND, uintptr(fd), uintptr(r.ptr()), uintptr(r.len))
	return errnoErr(e)
}

// DefaultBacklog is what listen() uses when no backlog is given, as in
// CPython: SOMAXCONN capped at 128.
const DefaultBacklog = min(unix.SOMAXCONN, 128)

// Listen marks fd as accepting connections; a negative backlog counts as 0.
func Listen(fd, backlog int) error {
	if backlog < 0 {
		backlog = 0
	}
	_, _, e := unix.Syscall(unix.SYS_LISTEN, uintptr(fd), uintptr(backlog), 0)
	return errnoErr(e)
}

// Connect connects fd to addr. Under a deadline (fd non-blocking), an
// in-progress connection is waited for and its outcome read from SO_ERROR.
// On EINTR the connection goes on in the kernel: the caller then calls
// ConnectWait, never Connect again (PEP 475).
func Connect(fd, family int, addr *Addr, deadline int64) error {
	var r rawSockaddr
	if err := encodeAddrOn(fd, family, addr, &r); err != nil {
		return err
	}
	_, _, e := unix.Syscall(unix.SYS_CONNECT, uintptr(fd), uintptr(r.ptr()), uintptr(r.len))
	if e == unix.EINPROGRESS && deadline >= 0 {
		return ConnectWait(fd, deadline)
	}
	return errnoErr(e)
}

// ConnectWait waits until a connection started by Connect completes and
// returns its outcome. With NoDeadline it waits as long as it takes.
func ConnectWait(fd int, deadline int64) error {
	for {
		var err error
		if deadline < 0 {
			err = waitForever(fd, unix.POLLOUT)
		} else {
			err = wait(fd, unix.POLLOUT, deadline)
		}
		if err != nil {
			return err
		}
		soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return err
		}
		if soerr != int(unix.EINTR) {
			return errnoErr(unix.Errno(soerr))
		}
	}
}

func waitForever(fd int, events int16) error {
	fds := [1]unix.PollFd{{Fd: int32(fd), Events: events}}
	_, _, e := unix.Syscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&fds[0])), 1, 0, 0, 0, 0)
	return errnoErr(e)
}

// SockName returns the address fd is bound to.
func SockName(fd int) (Addr, error) {
	return nameCall(unix.SYS_GETSOCKNAME, fd)
}

// PeerName returns the address of fd's peer.
func PeerName(fd int) (Addr, error) {
	return nameCall(unix.SYS_GETPEERNAME, fd)
}

func nameCall(trap uintptr, fd int) (Addr, error) {
	var r rawSockaddr
	r.len = uint32(len(r.buf))
	_, _, e := unix.Syscall(trap, uintptr(fd), uintptr(r.ptr()), uintptr(unsafe.Pointer(&r.len)))
	if e != 0 {
		return Addr{}, e
	}
	return decodeAddrOn(fd, &r)
}
