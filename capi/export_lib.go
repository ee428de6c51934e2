package main

/*
#include "gosock.h"
*/
import "C"

import (
	"runtime"
	"runtime/debug"
	"unsafe"

	"github.com/gosock/gosock/core"
)

//export gosockgo_monotonic_ns
func gosockgo_monotonic_ns() (ret C.int64_t) {
	defer recoverInto(&ret)
	return C.int64_t(core.Monotonic())
}

//export gosockgo_deadline
func gosockgo_deadline(timeout C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return C.int64_t(core.DeadlineAfter(int64(timeout)))
}

//export gosockgo_error_kind
func gosockgo_error_kind(code C.int64_t, num *C.int32_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	kind, n := core.Classify(int64(code))
	if num != nil {
		*num = C.int32_t(n)
	}
	return C.int64_t(kind)
}

//export gosockgo_strerror
func gosockgo_strerror(code C.int64_t, buf unsafe.Pointer, buflen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	msg := core.Message(int64(code))
	if out, ok := goBytes(buf, buflen); ok && len(out) > 0 {
		n := copy(out[:len(out)-1], msg)
		out[n] = 0
	}
	return C.int64_t(len(msg))
}

// gosockgo_debug_gc runs a full Go garbage collection and returns how many
// have completed in this copy of the runtime. For tests: a forked child
// proves with it that its runtime collects (see dispatch.c).
//
//export gosockgo_debug_gc
func gosockgo_debug_gc() (ret C.int64_t) {
	defer recoverInto(&ret)
	runtime.GC()
	var s debug.GCStats
	debug.ReadGCStats(&s)
	return C.int64_t(s.NumGC)
}
