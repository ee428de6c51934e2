package core

import (
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// gaiCall is the memory one getaddrinfo(3) call hands to C: hints, the
// result pointer, the host and service strings, purego's argument list and
// the result being read.
// Frames are pooled because a resolver-bound loop otherwise allocated ~10
// objects a call, and the garbage kept the GC's background sweeper busy for
// ~10 % of the process's CPU (perf, C getaddrinfo loop). Nothing in a frame
// outlives the call.
type gaiCall struct {
	hints addrinfo
	res   *addrinfo
	names [512]byte // node in the first half, service in the second, when they fit
	args  [4]uintptr
	// result holds each result in turn while it is handed over.
	result rawAddrInfo
}

var gaiCalls = sync.Pool{New: func() any { return new(gaiCall) }}

// cstring returns s NUL-terminated, in c.names at off when it fits (nil for
// a nil s), or an error if s holds a NUL (C would cut the string there).
func (c *gaiCall) cstring(s *string, off int) (*byte, error) {
	if s == nil {
		return nil, nil
	}
	if len(*s) >= len(c.names)/2 {
		b, err := cbytes(*s)
		if err != nil {
			return nil, err
		}
		return &b[0], nil
	}
	for i := 0; i < len(*s); i++ {
		if (*s)[i] == 0 {
			return nil, own(ErrHostNUL)
		}
	}
	n := copy(c.names[off:], *s)
	c.names[off+n] = 0
	return &c.names[off], nil
}

// getaddrinfo calls getaddrinfo(3) with c's hints, leaving the list in c.res.
func (c *gaiCall) getaddrinfo(node, service *byte) int32 {
	c.res = nil
	c.args = [4]uintptr{uintptr(unsafe.Pointer(node)), uintptr(unsafe.Pointer(service)),
		uintptr(unsafe.Pointer(&c.hints)), uintptr(unsafe.Pointer(&c.res))}
	r, _, _ := purego.SyscallN(libc.getaddrinfoFn, c.args[:]...)
	return int32(r)
}

// free calls freeaddrinfo(3).
func (c *gaiCall) free(res *addrinfo) {
	c.args[0] = uintptr(unsafe.Pointer(res))
	purego.SyscallN(libc.freeaddrinfoFn, c.args[:1]...)
}
