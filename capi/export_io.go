package main

/*
#include "gosock.h"
*/
import "C"

import (
	"unsafe"

	"github.com/gosock/gosock/core"
)

//export gosockgo_bind
func gosockgo_bind(fd C.int, addr *C.gosock_addr) (ret C.int64_t) {
	defer recoverInto(&ret)
	a, ok := addrIn(addr)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return status(core.Bind(int(fd), a.Family, &a))
}

//export gosockgo_listen
func gosockgo_listen(fd, backlog C.int) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.Listen(int(fd), int(backlog)))
}

//export gosockgo_accept
func gosockgo_accept(fd C.int, deadline C.int64_t, from *C.gosock_addr) (ret C.int64_t) {
	defer recoverInto(&ret)
	if from == nil {
		// No address wanted: none is asked of the kernel (AF_ALG needs that).
		return result(core.AcceptAnon(int(fd), int64(deadline)))
	}
	nfd, a, err := core.Accept(int(fd), int64(deadline))
	if err != nil {
		return status(err)
	}
	addrOut(a, from)
	return C.int64_t(nfd)
}

//export gosockgo_accept_fd
func gosockgo_accept_fd(fd C.int, deadline C.int64_t, from *C.gosock_addr, newfd *C.int32_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if newfd == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	*newfd = -1
	nfd, a, err := core.Accept(int(fd), int64(deadline))
	if err != nil {
		return status(err)
	}
	addrOut(a, from)
	*newfd = C.int32_t(nfd)
	return C.int64_t(nfd)
}

//export gosockgo_connect
func gosockgo_connect(fd C.int, addr *C.gosock_addr, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	a, ok := addrIn(addr)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return status(core.Connect(int(fd), a.Family, &a, int64(deadline)))
}

//export gosockgo_connect_wait
func gosockgo_connect_wait(fd C.int, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	return status(core.ConnectWait(int(fd), int64(deadline)))
}

//export gosockgo_getsockname
func gosockgo_getsockname(fd C.int, out *C.gosock_addr) (ret C.int64_t) {
	defer recoverInto(&ret)
	a, err := core.SockName(int(fd))
	if err != nil {
		return status(err)
	}
	addrOut(a, out)
	return 0
}

//export gosockgo_getpeername
func gosockgo_getpeername(fd C.int, out *C.gosock_addr) (ret C.int64_t) {
	defer recoverInto(&ret)
	a, err := core.PeerName(int(fd))
	if err != nil {
		return status(err)
	}
	addrOut(a, out)
	return 0
}

//export gosockgo_recv
func gosockgo_recv(fd C.int, buf unsafe.Pointer, n C.size_t, flags C.int, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	p, ok := goBytes(buf, n)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return result(core.Recv(int(fd), p, int(flags), int64(deadline)))
}

//export gosockgo_recvfrom
func gosockgo_recvfrom(fd C.int, buf unsafe.Pointer, n C.size_t, flags C.int, deadline C.int64_t, from *C.gosock_addr) (ret C.int64_t) {
	defer recoverInto(&ret)
	p, ok := goBytes(buf, n)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	m, a, err := core.RecvFrom(int(fd), p, int(flags), int64(deadline))
	if err != nil {
		return status(err)
	}
	addrOut(a, from)
	return C.int64_t(m)
}

//export gosockgo_send
func gosockgo_send(fd C.int, buf unsafe.Pointer, n C.size_t, flags C.int, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	p, ok := goBytes(buf, n)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return result(core.Send(int(fd), p, int(flags), int64(deadline)))
}

//export gosockgo_sendto
func gosockgo_sendto(fd C.int, buf unsafe.Pointer, n C.size_t, flags C.int, to *C.gosock_addr, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	p, ok := goBytes(buf, n)
	a, aok := addrIn(to)
	if !ok || !aok {
		return C.int64_t(core.ErrNullPointer)
	}
	return result(core.SendTo(int(fd), a.Family, p, int(flags), &a, int64(deadline)))
}

//export gosockgo_sendall
func gosockgo_sendall(fd C.int, buf unsafe.Pointer, n C.size_t, flags C.int, deadline C.int64_t, sent *C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	p, ok := goBytes(buf, n)
	if !ok || sent == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	m, err := core.SendAll(int(fd), p, int(flags), int64(deadline))
	*sent = C.size_t(m)
	return status(err)
}
