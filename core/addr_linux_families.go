package core

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Addresses of the Linux families beyond inet and unix, in the shape of
// CPython's tuples (Addr's Host, Data2 and Ints, in tuple order):
//
//	AF_NETLINK  (pid, groups)                      Ints[0:2]
//	AF_QIPCRTR  (node, port)                       Ints[0:2]
//	AF_VSOCK    (cid, port)                        Ints[0:2]
//	AF_RDS      (host, port)                       as AF_INET
//	AF_PACKET   (ifname, proto, pkttype, hatype, addr)
//	            Host = ifname, Ints[0:3], Data2 = hardware address
//	AF_TIPC     (addr_type, v1, v2, v3, scope)     Ints[0:4], ScopeID = scope
//	AF_CAN      CAN_RAW, CAN_BCM: (ifname,)
//	            CAN_ISOTP: (ifname, rx_addr, tx_addr)      Ints[0:2]
//	            CAN_J1939: (ifname, name, pgn, addr)       Ints[0:3]
//	            Host = ifname; on output Port = the socket's CAN protocol,
//	            which decides the tuple's shape
//	AF_ALG      (type, name, feat, mask)           Host, Data2, Ints[0:2]
//
// Other families come back as (family, sa_data) and cannot be encoded.

const (
	sizeofSockaddrQrtr = 12 // struct sockaddr_qrtr: family, node, port
	sizeofIfreq        = 40
	algTypeLen         = 14
	algNameLen         = 64
	packetHWAddrMax    = 8
)

var ne = binary.NativeEndian

// ifreq is struct ifreq as SIOCGIFINDEX and SIOCGIFNAME use it.
type ifreq struct {
	name  [unix.IFNAMSIZ]byte
	index int32
	_     [sizeofIfreq - unix.IFNAMSIZ - 4]byte
}

// ifIndex looks name up with SIOCGIFINDEX on fd. Like CPython it uses at
// most IFNAMSIZ-1 bytes of the name.
func ifIndex(fd int, name string) (int32, error) {
	var req ifreq
	copy(req.name[:unix.IFNAMSIZ-1], name)
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCGIFINDEX, uintptr(unsafe.Pointer(&req)))
	if e != 0 {
		return 0, e
	}
	return req.index, nil
}

// ifName is the name of interface index (SIOCGIFNAME on fd), or "" when
// the index is 0 or unknown, as in CPython.
func ifName(fd int, index int32) string {
	if index == 0 || fd < 0 {
		return ""
	}
	req := ifreq{index: index}
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCGIFNAME, uintptr(unsafe.Pointer(&req)))
	if e != 0 {
		return ""
	}
	return cString(req.name[:])
}

// cString is b up to its first NUL.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func hasNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

// canProto is the protocol of CAN socket fd.
func canProto(fd int) (int, error) {
	return GetSockOptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
}

// encodeOtherAddr fills r for the families listed above; fd is the socket
// the address is for (or -1).
func encodeOtherAddr(fd, family int, a *Addr, r *rawSockaddr) error {
	b := r.buf[:]
	switch family {
	case unix.AF_NETLINK:
		clear(b[:unix.SizeofSockaddrNetlink])
		ne.PutUint32(b[4:], uint32(a.Ints[0]))
		ne.PutUint32(b[8:], uint32(a.Ints[1]))
		r.len = unix.SizeofSockaddrNetlink
	case unix.AF_QIPCRTR:
		clear(b[:sizeofSockaddrQrtr])
		ne.PutUint32(b[4:], uint32(a.Ints[0]))
		ne.PutUint32(b[8:], uint32(a.Ints[1]))
		r.len = sizeofSockaddrQrtr
	case unix.AF_VSOCK:
		clear(b[:unix.SizeofSockaddrVM])
		ne.PutUint32(b[4:], uint32(a.Ints[1])) // port
		ne.PutUint32(b[8:], uint32(a.Ints[0])) // cid
		r.len = unix.SizeofSockaddrVM
	case unix.AF_RDS:
		// RDS uses sockaddr_in, family AF_INET included.
		return encodeAddrOn(fd, unix.AF_INET, a, r)
	case unix.AF_PACKET:
		return encodePacket(fd, a, r)
	case unix.AF_TIPC:
		return encodeTIPC(a, r)
	case unix.AF_CAN:
		return encodeCAN(fd, a, r)
	case unix.AF_ALG:
		return encodeALG(a, r)
	default:
		return own(ErrBadFamily)
	}
	ne.PutUint16(b[0:], uint16(family))
	return nil
}

func encodePacket(fd int, a *Addr, r *rawSockaddr) error {
	if hasNUL(a.Host) {
		return own(ErrHostNUL)
	}
	index, err := ifIndex(fd, a.Host)
	if err != nil {
		return err
	}
	if len(a.Data2) > packetHWAddrMax {
		return own(ErrPacketHWAddrLong)
	}
	if a.Ints[0] < 0 || a.Ints[0] > 0xffff {
		return own(ErrPacketProtoRange)
	}
	b := r.buf[:unix.SizeofSockaddrLinklayer]
	clear(b)
	ne.PutUint16(b[0:], unix.AF_PACKET)
	binary.BigEndian.PutUint16(b[2:], uint16(a.Ints[0]))
	ne.PutUint32(b[4:], uint32(index))
	ne.PutUint16(b[8:], uint16(a.Ints[2])) // hatype
	b[10] = byte(a.Ints[1])                // pkttype
	b[11] = byte(len(a.Data2))
	copy(b[12:], a.Data2)
	r.len = unix.SizeofSockaddrLinklayer
	return nil
}

func encodeTIPC(a *Addr, r *rawSockaddr) error {
	b := r.buf[:unix.SizeofSockaddrTIPC]
	clear(b)
	ne.PutUint16(b[0:], unix.AF_TIPC)
	atype := uint32(a.Ints[0])
	v1, v2, v3 := uint32(a.Ints[1]), uint32(a.Ints[2]), uint32(a.Ints[3])
	switch atype {
	case unix.TIPC_ADDR_NAMESEQ:
		ne.PutUint32(b[4:], v1)  // type
		ne.PutUint32(b[8:], v2)  // lower
		ne.PutUint32(b[12:], v3) // upper
	case unix.TIPC_ADDR_NAME:
		ne.PutUint32(b[4:], v1) // type
		ne.PutUint32(b[8:], v2) // instance
	case unix.TIPC_ADDR_ID:
		ne.PutUint32(b[4:], v2) // ref
		ne.PutUint32(b[8:], v1) // node
	default:
		return own(ErrTIPCAddrType)
	}
	b[2] = byte(atype)
	b[3] = byte(a.ScopeID)
	r.len = unix.SizeofSockaddrTIPC
	return nil
}

func encodeCAN(fd int, a *Addr, r *rawSockaddr) error {
	proto, err := canProto(fd)
	if err != nil {
		return err
	}
	return encodeCANProto(fd, proto, a, r)
}

// encodeCANProto lays out a CAN address for protocol proto; fd serves the
// interface lookup.
func encodeCANProto(fd, proto int, a *Addr, r *rawSockaddr) error {
	var err error
	switch proto {
	case unix.CAN_RAW, unix.CAN_BCM, unix.CAN_ISOTP, unix.CAN_J1939:
	default:
		return own(ErrCANProto)
	}
	if hasNUL(a.Host) {
		return own(ErrHostNUL)
	}
	var index int32
	switch {
	case len(a.Host) == 0:
	case len(a.Host) < unix.IFNAMSIZ:
		if index, err = ifIndex(fd, a.Host); err != nil {
			return err
		}
	default:
		return own(ErrCANIfnameLong)
	}
	b := r.buf[:unix.SizeofSockaddrCAN]
	clear(b)
	ne.PutUint16(b[0:], unix.AF_CAN)
	ne.PutUint32(b[4:], uint32(index))
	switch proto {
	case unix.CAN_ISOTP:
		ne.PutUint32(b[8:], uint32(a.Ints[0]))  // rx_id
		ne.PutUint32(b[12:], uint32(a.Ints[1])) // tx_id
	case unix.CAN_J1939:
		ne.PutUint64(b[8:], uint64(a.Ints[0]))  // name
		ne.PutUint32(b[16:], uint32(a.Ints[1])) // pgn
		b[20] = byte(a.Ints[2])                 // addr
	}
	r.len = unix.SizeofSockaddrCAN
	return nil
}

func encodeALG(a *Addr, r *rawSockaddr) error {
	if hasNUL(a.Host) || hasNUL(a.Data2) {
		return own(ErrHostNUL)
	}
	if len(a.Host) >= algTypeLen {
		return own(ErrALGTypeLong)
	}
	if len(a.Data2) >= algNameLen {
		return own(ErrALGNameLong)
	}
	b := r.buf[:unix.SizeofSockaddrALG]
	clear(b)
	ne.PutUint16(b[0:], unix.AF_ALG)
	copy(b[2:2+algTypeLen], a.Host)
	ne.PutUint32(b[16:], uint32(uint16(a.Ints[0]))) // feat, an unsigned short in CPython
	ne.PutUint32(b[20:], uint32(uint16(a.Ints[1]))) // mask
	copy(b[24:24+algNameLen], a.Data2)
	r.len = unix.SizeofSockaddrALG
	return nil
}

// decodeOtherAddr converts what the kernel returned for the families listed
// above; others become (family, sa_data).
func decodeOtherAddr(fd, family int, r *rawSockaddr) (Addr, error) {
	b := r.buf[:]
	u32 := func(off int) int64 { return int64(ne.Uint32(b[off:])) }
	switch family {
	case unix.AF_NETLINK, unix.AF_QIPCRTR:
		return Addr{Family: family, Ints: [4]int64{u32(4), u32(8)}}, nil
	case unix.AF_VSOCK:
		return Addr{Family: family, Ints: [4]int64{u32(8), u32(4)}}, nil
	case unix.AF_PACKET:
		halen := min(int(b[11]), len(b)-12)
		return Addr{
			Family: family,
			Host:   ifName(fd, int32(ne.Uint32(b[4:]))),
			Ints:   [4]int64{int64(binary.BigEndian.Uint16(b[2:])), int64(b[10]), int64(ne.Uint16(b[8:]))},
			Data2:  string(b[12 : 12+halen]),
		}, nil
	case unix.AF_TIPC:
		scope := uint32(int32(int8(b[3])))
		a := Addr{Family: family, ScopeID: scope}
		switch b[2] {
		case unix.TIPC_ADDR_NAMESEQ:
			a.Ints = [4]int64{int64(b[2]), u32(4), u32(8), u32(12)}
		case unix.TIPC_ADDR_NAME:
			a.Ints = [4]int64{int64(b[2]), u32(4), u32(8), u32(8)}
		case unix.TIPC_ADDR_ID:
			a.Ints = [4]int64{int64(b[2]), u32(8), u32(4), 0}
		default:
			return Addr{}, own(ErrTIPCBadAddrType)
		}
		return a, nil
	case unix.AF_CAN:
		proto, err := canProto(fd)
		if err != nil {
			proto = unix.CAN_RAW
		}
		a := Addr{Family: family, Host: ifName(fd, int32(ne.Uint32(b[4:]))), Port: proto}
		switch proto {
		case unix.CAN_ISOTP:
			a.Ints = [4]int64{u32(8), u32(12)}
		case unix.CAN_J1939:
			a.Ints = [4]int64{int64(ne.Uint64(b[8:])), u32(16), int64(b[20])}
		}
		return a, nil
	case unix.AF_ALG:
		return Addr{
			Family: family,
			Host:   cString(b[2 : 2+algTypeLen]),
			Data2:  cString(b[24 : 24+algNameLen]),
			Ints:   [4]int64{u32(16), u32(20)},
		}, nil
	}
	// CPython reports unknown families as (family, sa_data): always the
	// 14 bytes of struct sockaddr's data, whatever the length.
	return Addr{Family: family, Host: string(b[2:16])}, nil
}

// AcceptAnon accepts a connection without asking for the peer's address,
// as CPython does on AF_ALG sockets (whose accept fails when asked). The
// new descriptor is close-on-exec and blocking.
func AcceptAnon(fd int, deadline int64) (int, error) {
	return retry(fd, unix.POLLIN, deadline, func() (int, error) {
		n, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), 0, 0, unix.SOCK_CLOEXEC, 0, 0)
		return int(n), errnoErr(e)
	})
}
