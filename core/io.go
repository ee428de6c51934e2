package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Recv reads into p (recv(2) with flags) under deadline.
func Recv(fd int, p []byte, flags int, deadline int64) (int, error) {
	return retry(fd, unix.POLLIN, deadline, func() (int, error) {
		n, _, e := unix.Syscall6(unix.SYS_RECVFROM, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags), 0, 0)
		return int(n), errnoErr(e)
	})
}

// RecvFrom reads into p and reports the sender's address.
func RecvFrom(fd int, p []byte, flags int, deadline int64) (int, Addr, error) {
	var r rawSockaddr
	n, err := retry(fd, unix.POLLIN, deadline, func() (int, error) {
		r.len = uint32(len(r.buf))
		n, _, e := unix.Syscall6(unix.SYS_RECVFROM, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags),
			uintptr(r.ptr()), uintptr(unsafe.Pointer(&r.len)))
		return int(n), errnoErr(e)
	})
	if err != nil {
		return 0, Addr{}, err
	}
	a, err := decodeAddrOn(fd, &r)
	if err != nil {
		return 0, Addr{}, err
	}
	return n, a, nil
}

// Send writes from p (send(2) with flags) under deadline.
func Send(fd int, p []byte, flags int, deadline int64) (int, error) {
	return retry(fd, unix.POLLOUT, deadline, func() (int, error) {
		n, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags), 0, 0)
		return int(n), errnoErr(e)
	})
}

// SendTo sends p to addr (for a socket of the given family).
func SendTo(fd, family int, p []byte, flags int, addr *Addr, deadline int64) (int, error) {
	var r rawSockaddr
	if err := encodeAddrOn(fd, family, addr, &r); err != nil {
		return 0, err
	}
	return retry(fd, unix.POLLOUT, deadline, func() (int, error) {
		n, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags),
			uintptr(r.ptr()), uintptr(r.len))
		return int(n), errnoErr(e)
	})
}

// SendAll sends all of p under one deadline for the whole transfer. It
// returns how much was sent. It stops early with EINTR after a short write
// too: a blocking send that was interrupted by a signal after it copied
// some bytes reports the count, not EINTR, and the caller must run its
// signal handlers before going on (CPython checks signals after every
// chunk). The caller resumes from there with the same deadline. As in
// CPython, nothing to send still makes one send call, so that a bad
// descriptor is reported.
func SendAll(fd int, p []byte, flags int, deadline int64) (int, error) {
	if len(p) == 0 {
		_, err := Send(fd, p, flags, deadline)
		return 0, err
	}
	sent := 0
	for sent < len(p) {
		n, err := Send(fd, p[sent:], flags, deadline)
		if err != nil {
			return sent, err
		}
		sent += n
		if sent < len(p) {
			return sent, errEINTR
		}
	}
	return sent, nil
}

// Accept takes a connection from the queue of a listening socket. The new
// descriptor is close-on-exec and blocking.
func Accept(fd int, deadline int64) (int, Addr, error) {
	var r rawSockaddr
	nfd, err := retry(fd, unix.POLLIN, deadline, func() (int, error) {
		r.len = uint32(len(r.buf))
		n, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(r.ptr()), uintptr(unsafe.Pointer(&r.len)),
			unix.SOCK_CLOEXEC, 0, 0)
		return int(n), errnoErr(e)
	})
	if err != nil {
		return -1, Addr{}, err
	}
	a, err := decodeAddrOn(fd, &r)
	if err != nil {
		Close(nfd)
		return -1, Addr{}, err
	}
	return nfd, a, nil
}
