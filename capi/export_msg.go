package main

/*
#include "gosock.h"
*/
import "C"

import (
	"math"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gosock/gosock/core"
)

// iovIn views the caller's iovec array in place: gosock_iovec has the
// layout of struct iovec, so the kernel reads the caller's buffers directly.
func iovIn(iov *C.gosock_iovec, n C.size_t) ([]unix.Iovec, C.int64_t) {
	if n == 0 {
		return nil, 0
	}
	if iov == nil {
		return nil, C.int64_t(core.ErrNullPointer)
	}
	if uint64(n) > math.MaxInt32 {
		return nil, -C.int64_t(unix.EMSGSIZE) // more than IOV_MAX in any case
	}
	return unsafe.Slice((*unix.Iovec)(unsafe.Pointer(iov)), int(n)), 0
}

// cmsgsIn views the caller's control messages; their data stays in place
// until core copies it into the control buffer.
func cmsgsIn(c *C.gosock_cmsg, n C.size_t) ([]core.Cmsg, C.int64_t) {
	if n == 0 {
		return nil, 0
	}
	if c == nil || uint64(n) > math.MaxInt32 {
		return nil, C.int64_t(core.ErrNullPointer)
	}
	in := unsafe.Slice(c, int(n))
	items := make([]core.Cmsg, len(in))
	for i := range in {
		size := uint64(in[i].len)
		if size > 0 && in[i].data == nil {
			return nil, C.int64_t(core.ErrNullPointer)
		}
		if size > core.SocklenLimit {
			// Too large to send in any case; core only looks at the length.
			size = core.SocklenLimit + 1
		}
		items[i] = core.Cmsg{Level: int(in[i].level), Type: int(in[i]._type)}
		if size > 0 {
			items[i].Data = unsafe.Slice((*byte)(in[i].data), int(size))
		}
	}
	return items, 0
}

//export gosockgo_cmsg_len
func gosockgo_cmsg_len(n C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	l, err := core.CmsgLen(int64(n))
	return result(int(l), err)
}

//export gosockgo_cmsg_space
func gosockgo_cmsg_space(n C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	l, err := core.CmsgSpace(int64(n))
	return result(int(l), err)
}

//export gosockgo_sendmsg
func gosockgo_sendmsg(fd C.int, iov *C.gosock_iovec, iovcnt C.size_t, cmsgs *C.gosock_cmsg, ncmsgs C.size_t,
	flags C.int, to *C.gosock_addr, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	vec, bad := iovIn(iov, iovcnt)
	if bad != 0 {
		return bad
	}
	items, bad := cmsgsIn(cmsgs, ncmsgs)
	if bad != 0 {
		return bad
	}
	var dest *core.Addr
	family := 0
	if to != nil {
		a, ok := addrIn(to)
		if !ok {
			return C.int64_t(core.ErrNullPointer)
		}
		dest, family = &a, a.Family
	}
	return result(core.SendMsg(int(fd), family, vec, items, int(flags), dest, int64(deadline)))
}

//export gosockgo_recvmsg
func gosockgo_recvmsg(fd, family C.int, iov *C.gosock_iovec, iovcnt C.size_t, control unsafe.Pointer, controllen C.size_t,
	flags C.int, deadline C.int64_t, info *C.gosock_msginfo) (ret C.int64_t) {
	defer recoverInto(&ret)
	if info == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	info.flags = 0
	info.controllen = 0
	vec, bad := iovIn(iov, iovcnt)
	if bad != 0 {
		return bad
	}
	if uint64(controllen) > core.SocklenLimit {
		return C.int64_t(core.ErrAncBufLen)
	}
	ctl, ok := goBytes(control, controllen)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	n, mi, err := core.RecvMsg(int(fd), int(family), vec, ctl, int(flags), int64(deadline))
	if err != nil {
		return status(err)
	}
	addrOut(mi.Addr, &info.addr)
	info.flags = C.int32_t(mi.Flags)
	info.controllen = C.uint64_t(mi.ControlLen)
	return C.int64_t(n)
}

//export gosockgo_cmsg_parse
func gosockgo_cmsg_parse(control unsafe.Pointer, controllen C.size_t, items *C.gosock_cmsg, maxitems C.size_t,
	walkStatus *C.int32_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if uint64(controllen) > core.SocklenLimit || (maxitems > 0 && items == nil) {
		return C.int64_t(core.ErrNullPointer)
	}
	ctl, ok := goBytes(control, controllen)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	var out []C.gosock_cmsg
	if maxitems > 0 {
		out = unsafe.Slice(items, int(min(uint64(maxitems), math.MaxInt32)))
	}
	count := 0
	st := core.WalkControl(ctl, func(level, typ int32, off, n int) {
		if count < len(out) {
			out[count] = C.gosock_cmsg{level: C.int32_t(level), _type: C.int32_t(typ),
				data: unsafe.Add(control, off), len: C.size_t(n)}
		}
		count++
	})
	if walkStatus != nil {
		*walkStatus = C.int32_t(st)
	}
	return C.int64_t(count)
}

//export gosockgo_cmsg_close_fds
func gosockgo_cmsg_close_fds(control unsafe.Pointer, controllen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if uint64(controllen) > core.SocklenLimit {
		return C.int64_t(core.ErrNullPointer)
	}
	ctl, ok := goBytes(control, controllen)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	core.CloseControlFds(ctl)
	return 0
}

//export gosockgo_sendmsg_afalg
func gosockgo_sendmsg_afalg(fd, family C.int, iov *C.gosock_iovec, iovcnt C.size_t, op C.int,
	iv unsafe.Pointer, ivlen C.size_t, hasIV C.int, assoclen C.int64_t, flags C.int, deadline C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if op < 0 {
		return C.int64_t(core.ErrAFALGOp)
	}
	vec, bad := iovIn(iov, iovcnt)
	if bad != 0 {
		return bad
	}
	if uint64(ivlen) > core.SocklenLimit {
		return C.int64_t(core.ErrCmsgItemTooLarge)
	}
	ivb, ok := goBytes(iv, ivlen)
	if !ok {
		return C.int64_t(core.ErrNullPointer)
	}
	return result(core.SendMsgAFALG(int(fd), int(family), vec, uint32(op), ivb, hasIV != 0, int64(assoclen),
		int(flags), int64(deadline)))
}

//export gosockgo_sendfile
func gosockgo_sendfile(sock, file C.int, offset, count, timeout C.int64_t, sent *C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	if sent == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	*sent = 0
	n, err := core.SendFile(int(sock), int(file), int64(offset), int64(count), int64(timeout))
	*sent = C.int64_t(n)
	return status(err)
}
