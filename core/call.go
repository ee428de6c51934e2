package core

import (
	"math"
	"unsafe"

	"golang.org/x/sys/unix"
)

// nanotime is the runtime's CLOCK_MONOTONIC reading through the vDSO (the
// clock behind time.monotonic_ns()). unix.ClockGettime is a real system
// call: ~0.5 µs on this project's VM, once per wait in timeout mode.
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

// The timeout model.
//
// A deadline is an absolute CLOCK_MONOTONIC time in nanoseconds (the clock
// behind Python's time.monotonic_ns()), or NoDeadline. Every operation first
// tries the system call. With NoDeadline its result is final: a blocking
// descriptor blocks in the kernel, a non-blocking one reports EAGAIN. With a
// deadline (the descriptor is then O_NONBLOCK), EAGAIN leads to poll(2) until
// the descriptor is ready or the deadline passes (ErrTimeout), then the call
// is tried again.
//
// EINTR is never retried here: it is returned so that the caller (Python)
// can run its signal handlers, and the caller then repeats the call with the
// same deadline, which is what PEP 475 asks for.

// NoDeadline means "no timeout": the call's outcome is the kernel's.
const NoDeadline int64 = -1

// Monotonic returns CLOCK_MONOTONIC in nanoseconds.
func Monotonic() int64 {
	return nanotime()
}

// DeadlineAfter turns a timeout in nanoseconds into a deadline; a negative
// timeout means none. A timeout too long to add to the clock gives the
// farthest deadline there is, never an overflow into "none".
func DeadlineAfter(timeout int64) int64 {
	if timeout < 0 {
		return NoDeadline
	}
	now := Monotonic()
	if timeout > math.MaxInt64-now {
		return math.MaxInt64
	}
	return now + timeout
}

// wait blocks until fd has one of events or the deadline passes.
func wait(fd int, events int16, deadline int64) error {
	left := deadline - Monotonic()
	if left < 0 {
		left = 0
	}
	fds := [1]unix.PollFd{{Fd: int32(fd), Events: events}}
	ts := unix.NsecToTimespec(left)
	n, _, e := unix.Syscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&fds[0])), 1,
		uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
	if e != 0 {
		return e
	}
	if n == 0 {
		return ErrTimeout
	}
	return nil
}

// retry runs op, and while it reports EAGAIN under a deadline, waits for
// events and runs it again.
func retry(fd int, events int16, deadline int64, op func() (int, error)) (int, error) {
	for {
		n, err := op()
		if err != unix.EAGAIN || deadline < 0 {
			return n, err
		}
		if err = wait(fd, events, deadline); err != nil {
			return 0, err
		}
	}
}

// errnoErr avoids boxing the most common errno values on hot paths.
func errnoErr(e unix.Errno) error {
	switch e {
	case 0:
		return nil
	case unix.EAGAIN:
		return errEAGAIN
	case unix.EINTR:
		return errEINTR
	}
	return e
}

var (
	errEAGAIN error = unix.EAGAIN
	errEINTR  error = unix.EINTR
)

func bufPtr(p []byte) uintptr {
	if len(p) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(&p[0]))
}
