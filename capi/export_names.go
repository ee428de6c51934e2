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

// Host names, host entries, name info, services and protocols.

//export gosockgo_gethostname
func gosockgo_gethostname(out *C.char, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	name, err := core.GetHostname()
	return textResult(name, err, out, outlen)
}

//export gosockgo_sethostname
func gosockgo_sethostname(name unsafe.Pointer, n C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	b, ok := goBytes(name, n)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return status(core.SetHostname(b))
}

//export gosockgo_gethostbyname
func gosockgo_gethostbyname(host *C.char, out *C.char, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if host == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	addr, err := core.GetHostByName(C.GoString(host))
	return textResult(addr, err, out, outlen)
}

// hostentOut copies h into one calloc'ed block: the struct, the two
// NULL-terminated pointer arrays, then the strings.
func hostentOut(h core.HostEnt) *C.gosock_hostent {
	const ptr = unsafe.Sizeof(uintptr(0))
	head := unsafe.Sizeof(C.gosock_hostent{})
	slots := uintptr(len(h.Aliases) + 1 + len(h.Addrs) + 1)
	size := head + slots*ptr + uintptr(len(h.Name)+1)
	for _, s := range h.Aliases {
		size += uintptr(len(s) + 1)
	}
	for _, s := range h.Addrs {
		size += uintptr(len(s) + 1)
	}
	base := C.calloc(1, C.size_t(size))
	if base == nil {
		panic("out of C memory")
	}
	block := unsafe.Slice((*byte)(base), size)
	text := head + slots*ptr // next free byte for strings
	put := func(s string) *C.char {
		p := (*C.char)(unsafe.Pointer(&block[text]))
		copy(block[text:], s) // the NUL is calloc's
		text += uintptr(len(s) + 1)
		return p
	}
	ptrs := unsafe.Slice((**C.char)(unsafe.Add(base, head)), slots)
	out := (*C.gosock_hostent)(base)
	out.name = put(h.Name)
	out.aliases = &ptrs[0]
	for i, s := range h.Aliases {
		ptrs[i] = put(s)
	}
	addrs := ptrs[len(h.Aliases)+1:]
	out.addrs = &addrs[0]
	for i, s := range h.Addrs {
		addrs[i] = put(s)
	}
	out.family = C.int32_t(h.Family)
	out.naliases = C.int32_t(len(h.Aliases))
	out.naddrs = C.int32_t(len(h.Addrs))
	return out
}

func hostentResult(host *C.char, out **C.gosock_hostent, lookup func(string) (core.HostEnt, error)) C.int64_t {
	if host == nil || out == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	*out = nil
	h, err := lookup(C.GoString(host))
	if err != nil {
		return status(err)
	}
	*out = hostentOut(h)
	return 0
}

//export gosockgo_gethostbyname_ex
func gosockgo_gethostbyname_ex(host *C.char, out **C.gosock_hostent) (ret C.int64_t) {
	defer recoverInto(&ret)
	return hostentResult(host, out, core.GetHostByNameEx)
}

//export gosockgo_gethostbyaddr
func gosockgo_gethostbyaddr(host *C.char, out **C.gosock_hostent) (ret C.int64_t) {
	defer recoverInto(&ret)
	return hostentResult(host, out, core.GetHostByAddr)
}

//export gosockgo_getnameinfo
func gosockgo_getnameinfo(host *C.char, port C.int64_t, flowinfo, scopeID C.uint32_t, nfields C.int,
	flags C.int64_t, out *C.gosock_nameinfo) (ret C.int64_t) {
	defer recoverInto(&ret)
	if host == nil || out == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	h, s, err := core.GetNameInfo(C.GoString(host), int64(port), uint32(flowinfo), uint32(scopeID),
		int(nfields), int64(flags))
	if err != nil {
		return status(err)
	}
	stringOut(h, &out.host[0], C.size_t(len(out.host)))
	stringOut(s, &out.serv[0], C.size_t(len(out.serv)))
	return 0
}

//export gosockgo_getservbyname
func gosockgo_getservbyname(name, proto *C.char) (ret C.int64_t) {
	defer recoverInto(&ret)
	if name == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	port, err := core.GetServByName(C.GoString(name), optString(proto))
	return result(port, err)
}

//export gosockgo_getservbyport
func gosockgo_getservbyport(port C.int64_t, proto *C.char, out *C.char, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	name, err := core.GetServByPort(int64(port), optString(proto))
	return textResult(name, err, out, outlen)
}

//export gosockgo_getprotobyname
func gosockgo_getprotobyname(name *C.char) (ret C.int64_t) {
	defer recoverInto(&ret)
	if name == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	return result(core.GetProtoByName(C.GoString(name)))
}
