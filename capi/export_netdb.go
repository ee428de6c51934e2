package main

/*
#include <stdlib.h>
#include "gosock.h"
*/
import "C"

import (
	"unsafe"

	"github.com/gosock/gosock/core"
)

// optString reads an optional C string (NULL is Go's nil).
func optString(p *C.char) *string {
	if p == nil {
		return nil
	}
	s := C.GoString(p)
	return &s
}

// cArray allocates n zeroed C structs of type T with malloc: the caller
// releases the memory with gosock_free.
func cArray[T any](n int) []T {
	var zero T
	p := C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof(zero)))
	if p == nil {
		panic("out of C memory")
	}
	return unsafe.Slice((*T)(p), n)
}

func copyCString(dst []C.char, s string) {
	b := unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), len(dst))
	n := copy(b[:len(b)-1], s)
	b[n] = 0
}

//export gosockgo_getaddrinfo
func gosockgo_getaddrinfo(host, port *C.char, family, typ, proto, flags C.int, out **C.gosock_addrinfo) (ret C.int64_t) {
	defer recoverInto(&ret)
	if out == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	*out = nil
	infos, err := core.GetAddrInfo(optString(host), optString(port), int(family), int(typ), int(proto), int(flags))
	if err != nil {
		return status(err)
	}
	if len(infos) == 0 {
		return 0
	}
	arr := cArray[C.gosock_addrinfo](len(infos))
	for i, ai := range infos {
		arr[i].family = C.int32_t(ai.Family)
		arr[i]._type = C.int32_t(ai.Type)
		arr[i].proto = C.int32_t(ai.Proto)
		copyCString(arr[i].canonname[:], ai.CanonName)
		addrOut(ai.Addr, &arr[i].addr)
	}
	*out = &arr[0]
	return C.int64_t(len(infos))
}

//export gosockgo_free
func gosockgo_free(p unsafe.Pointer) (ret C.int64_t) {
	defer recoverInto(&ret)
	C.free(p)
	return 0
}
