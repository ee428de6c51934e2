package main

/*
#include "gosock.h"
*/
import "C"

import (
	"unsafe"

	"github.com/gosock/gosock/core"
)

// Byte order and the inet_* conversions.

func value(v int64, err error) C.int64_t {
	if err != nil {
		return C.int64_t(core.Code(err))
	}
	return C.int64_t(v)
}

// stringOut writes s NUL-terminated into out (truncated to outlen-1 bytes)
// and returns its full length, like snprintf.
func stringOut(s string, out *C.char, outlen C.size_t) C.int64_t {
	if dst, ok := goBytes(unsafe.Pointer(out), outlen); ok && len(dst) > 0 {
		n := copy(dst[:len(dst)-1], s)
		dst[n] = 0
	}
	return C.int64_t(len(s))
}

func textResult(s string, err error, out *C.char, outlen C.size_t) C.int64_t {
	if err != nil {
		return status(err)
	}
	return stringOut(s, out, outlen)
}

// ipNumber reads 4 packed bytes as a number, first byte most significant.
func ipNumber(b []byte) C.int64_t {
	return C.int64_t(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
}

//export gosockgo_htons
func gosockgo_htons(x C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return value(core.Htons(int64(x)))
}

//export gosockgo_ntohs
func gosockgo_ntohs(x C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return value(core.Ntohs(int64(x)))
}

//export gosockgo_htonl
func gosockgo_htonl(x C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return value(core.Htonl(int64(x)))
}

//export gosockgo_ntohl
func gosockgo_ntohl(x C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return value(core.Ntohl(int64(x)))
}

//export gosockgo_inet_aton
func gosockgo_inet_aton(ip *C.char) (ret C.int64_t) {
	defer recoverInto(&ret)
	if ip == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	b, err := core.InetAton(C.GoString(ip))
	if err != nil {
		return status(err)
	}
	return ipNumber(b[:])
}

//export gosockgo_inet_ntoa
func gosockgo_inet_ntoa(packed unsafe.Pointer, n C.size_t, out *C.char, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	b, ok := goBytes(packed, n)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	s, err := core.InetNtoa(b)
	return textResult(s, err, out, outlen)
}

//export gosockgo_inet_pton
func gosockgo_inet_pton(af C.int64_t, ip *C.char, out unsafe.Pointer, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if ip == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	b, err := core.InetPton(int64(af), C.GoString(ip))
	if err != nil {
		return status(err)
	}
	dst, ok := goBytes(out, outlen)
	if !ok || len(dst) < len(b) {
		return C.int64_t(core.ErrBufTooSmall)
	}
	return C.int64_t(copy(dst, b))
}

//export gosockgo_inet_pton4
func gosockgo_inet_pton4(ip *C.char) (ret C.int64_t) {
	defer recoverInto(&ret)
	if ip == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	b, err := core.InetPton(core.AF_INET, C.GoString(ip))
	if err != nil {
		return status(err)
	}
	return ipNumber(b)
}

//export gosockgo_inet_ntop
func gosockgo_inet_ntop(af C.int64_t, packed unsafe.Pointer, n C.size_t, out *C.char, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	b, ok := goBytes(packed, n)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	s, err := core.InetNtop(int64(af), b)
	return textResult(s, err, out, outlen)
}
