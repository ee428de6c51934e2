// Command capi is libgosock's C ABI: cgo exports that convert C values to
// core's Go values and back. It holds no socket semantics of its own.
//
// The Go exports are named gosockgo_*; the public gosock_* symbols are
// defined in dispatch.c, which routes each call to this copy of the
// library or, in a forked child, to a fresh copy (see dispatch.c).
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../include -O2 -Wall
#include "gosock.h"
*/
import "C"

import (
	"time"
	"unsafe"

	"github.com/gosock/gosock/core"
)

func main() {}

// init makes the Go runtime open its own two descriptors (an epoll and an
// eventfd, both close-on-exec) now, while the library loads. The runtime
// opens them the first time a timer is armed, which its background
// collection work does at an unpredictable moment; a program counting its
// open descriptors would then see two new ones appear in the middle of its
// run, as if it leaked them.
func init() {
	time.AfterFunc(time.Hour, func() {}).Stop()
}

// recoverInto turns a Go panic into GOSOCK_E_PANIC: a panic must never
// unwind into C. It is deferred directly by every export.
func recoverInto(ret *C.int64_t) {
	if recover() != nil {
		*ret = C.int64_t(core.ErrPanic)
	}
}

// result converts a count or descriptor and an error into the ABI's value.
func result(n int, err error) C.int64_t {
	if err != nil {
		return C.int64_t(core.Code(err))
	}
	return C.int64_t(n)
}

func status(err error) C.int64_t { return C.int64_t(core.Code(err)) }

// goBytes views C memory as a Go slice without copying.
func goBytes(p unsafe.Pointer, n C.size_t) ([]byte, bool) {
	if n == 0 {
		return nil, true
	}
	if p == nil || uint64(n) > 1<<62 {
		return nil, false
	}
	return unsafe.Slice((*byte)(p), int(n)), true
}

func infoOut(s core.Info, out *C.gosock_info) {
	if out == nil {
		return
	}
	out.fd = C.int32_t(s.Fd)
	out.family = C.int32_t(s.Family)
	out._type = C.int32_t(s.Type)
	out.proto = C.int32_t(s.Proto)
	out.timeout_ns = C.int64_t(s.Timeout)
}

// addrIn reads a caller's gosock_addr.
func addrIn(a *C.gosock_addr) (core.Addr, bool) {
	if a == nil {
		return core.Addr{}, false
	}
	data := unsafe.Slice((*byte)(unsafe.Pointer(&a.data[0])), len(a.data))
	n := int(a.len)
	if n > len(data) {
		return core.Addr{}, false
	}
	var host string
	if n > 0 {
		host = string(data[:n])
	} else if a.family != C.int32_t(unixAFUnix) {
		// Hosts may come NUL-terminated with len 0.
		for n < len(data) && data[n] != 0 {
			n++
		}
		host = string(data[:n])
	}
	data2 := unsafe.Slice((*byte)(unsafe.Pointer(&a.data2[0])), len(a.data2))
	n2 := min(int(a.len2), len(data2))
	return core.Addr{
		Family:   int(a.family),
		Host:     host,
		Port:     int(a.port),
		FlowInfo: uint32(a.flowinfo),
		ScopeID:  uint32(a.scope_id),
		Ints:     [4]int64{int64(a.ints[0]), int64(a.ints[1]), int64(a.ints[2]), int64(a.ints[3])},
		Data2:    string(data2[:n2]),
	}, true
}

const unixAFUnix = 1

// addrOut fills a caller's gosock_addr (nil: not wanted).
func addrOut(s core.Addr, a *C.gosock_addr) {
	if a == nil {
		return
	}
	a.family = C.int32_t(s.Family)
	a.port = C.uint32_t(s.Port)
	a.flowinfo = C.uint32_t(s.FlowInfo)
	a.scope_id = C.uint32_t(s.ScopeID)
	for i := range s.Ints {
		a.ints[i] = C.int64_t(s.Ints[i])
	}
	data := unsafe.Slice((*byte)(unsafe.Pointer(&a.data[0])), len(a.data))
	n := copy(data, s.Host)
	if n < len(data) {
		data[n] = 0
	}
	a.len = C.uint32_t(n)
	data2 := unsafe.Slice((*byte)(unsafe.Pointer(&a.data2[0])), len(a.data2))
	n2 := copy(data2, s.Data2)
	if n2 < len(data2) {
		data2[n2] = 0
	}
	a.len2 = C.uint32_t(n2)
}
