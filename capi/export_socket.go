package main

/*
#include "gosock.h"
*/
import "C"

import (
	"unsafe"

	"github.com/gosock/gosock/core"
)

//export gosockgo_socket
func gosockgo_socket(family, typ, proto C.int, defTimeout C.int64_t, out *C.gosock_info) (ret C.int64_t) {
	defer recoverInto(&ret)
	s, err := core.Open(int(family), int(typ), int(proto), int64(defTimeout))
	if err != nil {
		if s.Fd >= 0 {
			core.Close(s.Fd)
		}
		return status(err)
	}
	infoOut(s, out)
	return C.int64_t(s.Fd)
}

//export gosockgo_fromfd
func gosockgo_fromfd(fd, family, typ, proto C.int, defTimeout C.int64_t, out *C.gosock_info) (ret C.int64_t) {
	defer recoverInto(&ret)
	s, err := core.Adopt(int(fd), int(family), int(typ), int(proto), int64(defTimeout))
	if err != nil {
		return status(err)
	}
	infoOut(s, out)
	return C.int64_t(s.Fd)
}

//export gosockgo_socketpair
func gosockgo_socketpair(family, typ, proto C.int, defTimeout C.int64_t, a, b *C.gosock_info) (ret C.int64_t) {
	defer recoverInto(&ret)
	if a == nil || b == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	sa, sb, err := core.SocketPair(int(family), int(typ), int(proto), int64(defTimeout))
	if err != nil {
		return status(err)
	}
	infoOut(sa, a)
	infoOut(sb, b)
	return 0
}

//export gosockgo_close
func gosockgo_close(fd C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.Close(int(fd)))
}

//export gosockgo_dup
func gosockgo_dup(fd C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	return result(core.Dup(int(fd)))
}

//export gosockgo_settimeout
func gosockgo_settimeout(fd C.int, timeout C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.SetTimeout(int(fd), int64(timeout)))
}

//export gosockgo_get_inheritable
func gosockgo_get_inheritable(fd C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	inh, err := core.Inheritable(int(fd))
	if err != nil {
		return status(err)
	}
	if inh {
		return 1
	}
	return 0
}

//export gosockgo_set_inheritable
func gosockgo_set_inheritable(fd C.int, inheritable C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.SetInheritable(int(fd), inheritable != 0))
}

//export gosockgo_shutdown
func gosockgo_shutdown(fd, how C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.Shutdown(int(fd), int(how)))
}

//export gosockgo_getsockopt_int
func gosockgo_getsockopt_int(fd, level, opt C.int, value *C.int32_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if value == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	v, err := core.GetSockOptInt(int(fd), int(level), int(opt))
	if err != nil {
		return status(err)
	}
	*value = C.int32_t(v)
	return 0
}

//export gosockgo_getsockopt_buf
func gosockgo_getsockopt_buf(fd, level, opt C.int, buf unsafe.Pointer, buflen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if buflen == 0 || buflen > 1024 {
		return result(core.GetSockOptBuf(int(fd), int(level), int(opt), nil))
	}
	p, ok := goBytes(buf, buflen)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return result(core.GetSockOptBuf(int(fd), int(level), int(opt), p))
}

//export gosockgo_setsockopt_int
func gosockgo_setsockopt_int(fd, level, opt, value C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.SetSockOptInt(int(fd), int(level), int(opt), int(value)))
}

//export gosockgo_setsockopt_buf
func gosockgo_setsockopt_buf(fd, level, opt C.int, buf unsafe.Pointer, n C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if uint64(n) > 1<<62 {
		n = 1 << 62 // still "too large" for core, without overflowing int
	}
	var p []byte
	if buf != nil {
		p, _ = goBytes(buf, n)
	}
	return status(core.SetSockOptBuf(int(fd), int(level), int(opt), p, int(n)))
}
