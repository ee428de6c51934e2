package core

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Ancillary data (control messages) is laid out as glibc's CMSG_* macros do
// on Linux: a header of cmsgHdrLen bytes (cmsg_len as a size_t, then
// cmsg_level and cmsg_type as ints), the data, then padding up to a size_t
// boundary. The sizes follow CPython's rules: every length must fit in
// SocklenLimit, and CMSG_SPACE leaves room for padding on both sides of the
// data.

const (
	cmsgAlignTo = 8 // sizeof(size_t)
	cmsgHdrLen  = unix.SizeofCmsghdr
	// SocklenLimit is the largest ancillary size CPython accepts: INT_MAX.
	SocklenLimit = 0x7fffffff
)

// Status of a walk over received control messages (WalkControl).
const (
	CmsgComplete  = 0  // every item is whole
	CmsgTruncated = 1  // the last item visited has only part of its data
	CmsgMalformed = -1 // a header that does not fit or lies ended the walk
)

// Cmsg is one control message to send: the level, the type and the data
// of a (cmsg_level, cmsg_type, cmsg_data) tuple.
type Cmsg struct {
	Level int
	Type  int
	Data  []byte
}

// MsgInfo is what recvmsg(2) reports besides the byte count.
type MsgInfo struct {
	Flags      int  // msg_flags: MSG_TRUNC, MSG_CTRUNC, MSG_EOR, …
	ControlLen int  // bytes of the control buffer the kernel filled
	Addr       Addr // the sender; Family 0 when the kernel gave none
}

func cmsgAlign(n uint64) uint64 { return (n + cmsgAlignTo - 1) &^ (cmsgAlignTo - 1) }

// cmsgLen is CMSG_LEN(n) when the result stays within SocklenLimit.
func cmsgLen(n uint64) (uint64, bool) {
	if n > SocklenLimit-cmsgHdrLen {
		return 0, false
	}
	return cmsgHdrLen + n, true
}

// cmsgSpace is CMSG_SPACE(n) when the result stays within SocklenLimit.
// Like CPython it checks against CMSG_SPACE(1), to account for padding
// before and after the data.
func cmsgSpace(n uint64) (uint64, bool) {
	if n > SocklenLimit-(cmsgAlign(1)+cmsgHdrLen) {
		return 0, false
	}
	return cmsgAlign(n) + cmsgHdrLen, true
}

// CmsgLen returns CMSG_LEN(n): the cmsg_len of an item with n data bytes.
func CmsgLen(n int64) (int64, error) {
	if n < 0 {
		return 0, own(ErrCmsgLenRange)
	}
	l, ok := cmsgLen(uint64(n))
	if !ok {
		return 0, own(ErrCmsgLenRange)
	}
	return int64(l), nil
}

// CmsgSpace returns CMSG_SPACE(n): the buffer space an item with n data
// bytes takes, padding included.
func CmsgSpace(n int64) (int64, error) {
	if n < 0 {
		return 0, own(ErrCmsgSpaceRange)
	}
	l, ok := cmsgSpace(uint64(n))
	if !ok {
		return 0, own(ErrCmsgSpaceRange)
	}
	return int64(l), nil
}

// BuildControl lays out items as one control buffer for sendmsg(2); no
// items give a nil buffer. An item whose CMSG_SPACE is out of range is
// "ancillary data item too large", a total beyond SocklenLimit "too much
// ancillary data" (both OSError, as in CPython).
func BuildControl(items []Cmsg) ([]byte, error) {
	if len(items) == 0 {
		return nil, nil
	}
	var total uint64
	for _, it := range items {
		space, ok := cmsgSpace(uint64(len(it.Data)))
		if !ok {
			return nil, own(ErrCmsgItemTooLarge)
		}
		total += space
		if total > SocklenLimit {
			return nil, own(ErrCmsgTooMuch)
		}
	}
	buf := make([]byte, total)
	off := uint64(0)
	for _, it := range items {
		l := cmsgHdrLen + uint64(len(it.Data))
		putCmsgHdr(buf[off:], l, it.Level, it.Type)
		copy(buf[off+cmsgHdrLen:], it.Data)
		off += cmsgAlign(l)
	}
	return buf, nil
}

func putCmsgHdr(b []byte, length uint64, level, typ int) {
	binary.NativeEndian.PutUint64(b[0:], length)
	binary.NativeEndian.PutUint32(b[8:], uint32(int32(level)))
	binary.NativeEndian.PutUint32(b[12:], uint32(int32(typ)))
}

// WalkControl visits the control messages of a received control buffer
// (control holds exactly the bytes the kernel filled) the way CPython's
// recvmsg does with CMSG_FIRSTHDR/CMSG_NXTHDR: fn gets each item's level,
// type, and the offset and length of its data within control. An item
// whose data runs past the buffer is visited with what is there and ends
// the walk with CmsgTruncated; a header that is cut off or whose cmsg_len
// is too small ends it with CmsgMalformed, unvisited. CPython warns
// ("received malformed or improperly-truncated ancillary data") in both
// cases.
func WalkControl(control []byte, fn func(level, typ int32, off, n int)) int {
	clen := uint64(len(control))
	if clen < cmsgHdrLen {
		return CmsgComplete
	}
	off := uint64(0)
	for {
		if off+cmsgHdrLen > clen {
			return CmsgMalformed
		}
		l := binary.NativeEndian.Uint64(control[off:])
		if l < cmsgHdrLen {
			return CmsgMalformed
		}
		level := int32(binary.NativeEndian.Uint32(control[off+8:]))
		typ := int32(binary.NativeEndian.Uint32(control[off+12:]))
		n := l - cmsgHdrLen
		space := clen - off - cmsgHdrLen
		status := CmsgComplete
		if space < n {
			n, status = space, CmsgTruncated
		}
		fn(level, typ, int(off+cmsgHdrLen), int(n))
		if status != CmsgComplete {
			return status
		}
		// CMSG_NXTHDR: the next header must fit after this item's padding.
		rest := clen - off
		need := cmsgHdrLen + (cmsgAlign(l) - l)
		if rest < need || rest-need < l {
			return CmsgComplete
		}
		off += cmsgAlign(l)
	}
}

// CloseControlFds closes every descriptor that SCM_RIGHTS items of a
// received control buffer carry, as CPython does when recvmsg fails after
// the system call, so that no descriptor leaks.
func CloseControlFds(control []byte) {
	WalkControl(control, func(level, typ int32, off, n int) {
		if level != unix.SOL_SOCKET || typ != unix.SCM_RIGHTS {
			return
		}
		for i := 0; i+4 <= n; i += 4 {
			fd := int32(binary.NativeEndian.Uint32(control[off+i:]))
			Close(int(fd))
		}
	})
}

// Iovecs views Go buffers as an iovec array for SendMsg and RecvMsg.
func Iovecs(bufs [][]byte) []unix.Iovec {
	iov := make([]unix.Iovec, len(bufs))
	for i, b := range bufs {
		if len(b) > 0 {
			iov[i].Base = &b[0]
			iov[i].SetLen(len(b))
		}
	}
	return iov
}

// sockaddrLen is the address buffer CPython's recvmsg offers the kernel
// for a socket of the given family (getsockaddrlen); families it does not
// know are an error there.
func sockaddrLen(family int) (uint32, bool) {
	switch family {
	case unix.AF_UNIX:
		return unix.SizeofSockaddrUnix, true
	case unix.AF_NETLINK:
		return unix.SizeofSockaddrNetlink, true
	case unix.AF_QIPCRTR:
		return sizeofSockaddrQrtr, true
	case unix.AF_VSOCK:
		return unix.SizeofSockaddrVM, true
	case unix.AF_INET, unix.AF_RDS:
		return unix.SizeofSockaddrInet4, true
	case unix.AF_INET6:
		return unix.SizeofSockaddrInet6, true
	case unix.AF_PACKET:
		return unix.SizeofSockaddrLinklayer, true
	case unix.AF_TIPC:
		return unix.SizeofSockaddrTIPC, true
	case unix.AF_CAN:
		return unix.SizeofSockaddrCAN, true
	case unix.AF_ALG:
		return unix.SizeofSockaddrALG, true
	}
	return 0, false
}

func setMsgBuffers(msg *unix.Msghdr, iov []unix.Iovec, control []byte) {
	if len(iov) > 0 {
		msg.Iov = &iov[0]
		msg.SetIovlen(len(iov))
	}
	if len(control) > 0 {
		msg.Control = &control[0]
		msg.SetControllen(len(control))
	}
}

// SendMsg sends the data of iov and the control messages items with
// sendmsg(2) under deadline. to (nil: none) is the destination, for a
// socket of the given family. The address is checked before the control
// messages, as in CPython.
func SendMsg(fd, family int, iov []unix.Iovec, items []Cmsg, flags int, to *Addr, deadline int64) (int, error) {
	var r rawSockaddr
	if to != nil {
		if err := encodeAddrOn(fd, family, to, &r); err != nil {
			return 0, err
		}
	}
	control, err := BuildControl(items)
	if err != nil {
		return 0, err
	}
	return sendMsg(fd, iov, control, flags, &r, deadline)
}

// sendMsg makes the sendmsg(2) call; r.len 0 means no address.
func sendMsg(fd int, iov []unix.Iovec, control []byte, flags int, r *rawSockaddr, deadline int64) (int, error) {
	msg := new(unix.Msghdr)
	if r.len > 0 {
		msg.Name = &r.buf[0]
		msg.Namelen = r.len
	}
	setMsgBuffers(msg, iov, control)
	return retry(fd, unix.POLLOUT, deadline, func() (int, error) {
		n, _, e := unix.Syscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(unsafe.Pointer(msg)), uintptr(flags))
		return int(n), errnoErr(e)
	})
}

// RecvMsg receives into the buffers of iov and the control buffer with
// recvmsg(2) under deadline, for a socket of the given family. It returns
// the byte count and what else the kernel reported; the control messages
// are control[:info.ControlLen] (see WalkControl). If the sender's address
// cannot be converted, the descriptors the message carried are closed.
func RecvMsg(fd, family int, iov []unix.Iovec, control []byte, flags int, deadline int64) (int, MsgInfo, error) {
	alen, ok := sockaddrLen(family)
	if !ok {
		return 0, MsgInfo{}, own(ErrSockaddrLenFamily)
	}
	r := new(rawSockaddr)
	msg := new(unix.Msghdr)
	n, err := retry(fd, unix.POLLIN, deadline, func() (int, error) {
		msg.Name = &r.buf[0]
		msg.Namelen = alen
		setMsgBuffers(msg, iov, control)
		n, _, e := unix.Syscall(unix.SYS_RECVMSG, uintptr(fd), uintptr(unsafe.Pointer(msg)), uintptr(flags))
		return int(n), errnoErr(e)
	})
	if err != nil {
		return 0, MsgInfo{}, err
	}
	info := MsgInfo{Flags: int(msg.Flags), ControlLen: int(min(msg.Controllen, uint64(len(control))))}
	r.len = min(msg.Namelen, alen)
	if info.Addr, err = decodeAddrOn(fd, r); err != nil {
		CloseControlFds(control[:info.ControlLen])
		return 0, MsgInfo{}, err
	}
	return n, info, nil
}

// AF_ALG operation messages (linux/if_alg.h).
const afalgIVHdr = 4 // struct af_alg_iv: __u32 ivlen, then the IV

// SendMsgAFALG is CPython's sendmsg_afalg: sendmsg(2) on an AF_ALG
// operation socket with control messages setting the operation (op), the
// IV (when hasIV) and the AEAD associated data length (when assoclen >=
// 0). The layout matches CPython's, including an IV item whose cmsg_len is
// its CMSG_SPACE.
func SendMsgAFALG(fd, family int, iov []unix.Iovec, op uint32, iv []byte, hasIV bool, assoclen int64, flags int, deadline int64) (int, error) {
	if family != unix.AF_ALG {
		return 0, own(ErrAlgOnly)
	}
	control, err := afalgControl(op, iv, hasIV, assoclen)
	if err != nil {
		return 0, err
	}
	var r rawSockaddr
	return sendMsg(fd, iov, control, flags, &r, deadline)
}

// afalgControl lays out the control messages of SendMsgAFALG.
func afalgControl(op uint32, iv []byte, hasIV bool, assoclen int64) ([]byte, error) {
	opSpace, _ := cmsgSpace(4)
	total := opSpace
	var ivSpace uint64
	if hasIV {
		var ok bool
		if ivSpace, ok = cmsgSpace(afalgIVHdr + uint64(len(iv))); !ok {
			return nil, own(ErrCmsgItemTooLarge)
		}
		total += ivSpace
	}
	if assoclen >= 0 {
		total += opSpace
	}
	control := make([]byte, total)
	putCmsgHdr(control, cmsgHdrLen+4, unix.SOL_ALG, unix.ALG_SET_OP)
	binary.NativeEndian.PutUint32(control[cmsgHdrLen:], op)
	off := opSpace
	if hasIV {
		putCmsgHdr(control[off:], ivSpace, unix.SOL_ALG, unix.ALG_SET_IV)
		binary.NativeEndian.PutUint32(control[off+cmsgHdrLen:], uint32(len(iv)))
		copy(control[off+cmsgHdrLen+afalgIVHdr:], iv)
		off += ivSpace
	}
	if assoclen >= 0 {
		putCmsgHdr(control[off:], cmsgHdrLen+4, unix.SOL_ALG, unix.ALG_SET_AEAD_ASSOCLEN)
		binary.NativeEndian.PutUint32(control[off+cmsgHdrLen:], uint32(assoclen))
	}
	return control, nil
}
