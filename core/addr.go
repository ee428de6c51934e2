package core

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Addr is a socket address in the shape of CPython's address tuples.
//
//	AF_INET:  (Host, Port)
//	AF_INET6: (Host, Port, FlowInfo, ScopeID)
//	AF_UNIX:  Host holds the path bytes; a leading NUL marks a Linux abstract
//	          name. Unnamed sockets have an empty Host.
//	other families: Host and Data2 hold their string fields, Ints their
//	          integer fields, in the order of CPython's tuple.
//
// Family 0 with everything empty is "no address" (Python's None), as
// returned by recvfrom on a connected stream socket.
type Addr struct {
	Family   int
	Host     string
	Port     int
	FlowInfo uint32
	ScopeID  uint32
	Ints     [4]int64
	Data2    string
}

// rawSockaddr is large enough for every sockaddr the kernel returns.
type rawSockaddr struct {
	buf [unix.SizeofSockaddrAny]byte
	len uint32
}

func (r *rawSockaddr) ptr() unsafe.Pointer { return unsafe.Pointer(&r.buf[0]) }

const (
	sizeofSockaddrUnixPath = 108
	maxPort                = 0xffff
	maxFlowInfo            = 0xfffff
)

// encodeAddr turns a for a socket of the given family into the kernel's
// sockaddr, resolving host names the way CPython's setipaddr does.
func encodeAddr(family int, a *Addr, r *rawSockaddr) error {
	return encodeAddrOn(-1, family, a, r)
}

// encodeAddrOn is encodeAddr for an address used on socket fd, which some
// families need (interface indexes, the CAN protocol); fd may be -1.
func encodeAddrOn(fd, family int, a *Addr, r *rawSockaddr) error {
	switch family {
	case unix.AF_INET:
		// The host first, as CPython's getsockaddrarg: a host that does not
		// resolve reports that even with a bad port.
		ip, _, err := hostToIP(a.Host, unix.AF_INET)
		if err != nil {
			return err
		}
		if a.Port < 0 || a.Port > maxPort {
			return own(ErrPortRange)
		}
		clear(r.buf[:unix.SizeofSockaddrInet4])
		binary.LittleEndian.PutUint16(r.buf[0:], unix.AF_INET)
		binary.BigEndian.PutUint16(r.buf[2:], uint16(a.Port))
		copy(r.buf[4:8], ip[:4])
		r.len = unix.SizeofSockaddrInet4
	case unix.AF_INET6:
		ip, _, err := hostToIP(a.Host, unix.AF_INET6)
		if err != nil {
			return err
		}
		if a.Port < 0 || a.Port > maxPort {
			return own(ErrPortRange)
		}
		if a.FlowInfo > maxFlowInfo {
			return own(ErrFlowinfo)
		}
		clear(r.buf[:unix.SizeofSockaddrInet6])
		binary.LittleEndian.PutUint16(r.buf[0:], unix.AF_INET6)
		binary.BigEndian.PutUint16(r.buf[2:], uint16(a.Port))
		binary.BigEndian.PutUint32(r.buf[4:], a.FlowInfo)
		copy(r.buf[8:24], ip[:])
		// The tuple's scope_id wins over a %zone in the host, as in CPython.
		binary.LittleEndian.PutUint32(r.buf[24:], a.ScopeID)
		r.len = unix.SizeofSockaddrInet6
	case unix.AF_UNIX:
		p := a.Host
		abstract := len(p) > 0 && p[0] == 0
		if len(p) > sizeofSockaddrUnixPath || (!abstract && len(p) == sizeofSockaddrUnixPath) {
			return own(ErrUnixPathLong)
		}
		clear(r.buf[:unix.SizeofSockaddrUnix])
		binary.LittleEndian.PutUint16(r.buf[0:], unix.AF_UNIX)
		copy(r.buf[2:], p)
		r.len = uint32(2 + len(p))
	default:
		return encodeOtherAddr(fd, family, a, r)
	}
	return nil
}

// decodeAddr is the inverse of encodeAddr for what the kernel returns.
func decodeAddr(r *rawSockaddr) Addr {
	a, _ := decodeAddrOn(-1, r)
	return a
}

// decodeAddrOn is decodeAddr for an address that socket fd reported (fd may
// be -1); it fails only for a family's malformed address.
func decodeAddrOn(fd int, r *rawSockaddr) (Addr, error) {
	if r.len < 2 {
		return Addr{}, nil
	}
	family := int(binary.LittleEndian.Uint16(r.buf[0:]))
	switch family {
	case unix.AF_INET:
		if r.len < unix.SizeofSockaddrInet4 {
			break
		}
		return Addr{
			Family: family,
			Host:   formatIPv4(r.buf[4:8]),
			Port:   int(binary.BigEndian.Uint16(r.buf[2:])),
		}, nil
	case unix.AF_INET6:
		if r.len < unix.SizeofSockaddrInet6 {
			break
		}
		return Addr{
			Family:   family,
			Host:     formatIPv6(r.buf[8:24]),
			Port:     int(binary.BigEndian.Uint16(r.buf[2:])),
			FlowInfo: binary.BigEndian.Uint32(r.buf[4:]),
			ScopeID:  binary.LittleEndian.Uint32(r.buf[24:]),
		}, nil
	case unix.AF_UNIX:
		n := int(r.len) - 2
		if n > sizeofSockaddrUnixPath {
			n = sizeofSockaddrUnixPath
		}
		p := r.buf[2 : 2+n]
		if n > 0 && p[0] == 0 {
			return Addr{Family: family, Host: string(p)}, nil
		}
		// A regular path ends at its first NUL.
		for i, c := range p {
			if c == 0 {
				p = p[:i]
				break
			}
		}
		return Addr{Family: family, Host: string(p)}, nil
	}
	return decodeOtherAddr(fd, family, r)
}
