package core

import (
	"math"
	"unsafe"

	"golang.org/x/sys/unix"
)

// maxOptBuf is the largest getsockopt buffer CPython accepts.
const maxOptBuf = 1024

// GetSockOptInt reads an integer option.
func GetSockOptInt(fd, level, opt int) (int, error) {
	var v int32
	l := uint32(4)
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 {
		return 0, e
	}
	return int(v), nil
}

// GetSockOptBuf reads an option into buf (1 to 1024 bytes, as CPython's
// buflen rule) and returns the length the kernel reported.
func GetSockOptBuf(fd, level, opt int, buf []byte) (int, error) {
	if len(buf) <= 0 || len(buf) > maxOptBuf {
		return 0, own(ErrOptlenRange)
	}
	l := uint32(len(buf))
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 {
		return 0, e
	}
	return int(l), nil
}

// SetSockOptInt sets an integer option.
func SetSockOptInt(fd, level, opt, value int) error {
	v := int32(value)
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		uintptr(unsafe.Pointer(&v)), 4, 0)
	return errnoErr(e)
}

// SetSockOptBuf sets an option from raw bytes. A nil buf with optlen > 0 is
// CPython's setsockopt(level, opt, None, optlen): a NULL value pointer.
func SetSockOptBuf(fd, level, opt int, buf []byte, optlen int) error {
	if optlen < 0 || optlen > math.MaxUint32 {
		return unix.EINVAL // socklen_t cannot hold it
	}
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		bufPtr(buf), uintptr(optlen), 0)
	return errnoErr(e)
}
