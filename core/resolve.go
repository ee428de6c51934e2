package core

import (
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// addrinfo mirrors glibc's struct addrinfo on 64-bit Linux.
type addrinfo struct {
	flags     int32
	family    int32
	socktype  int32
	protocol  int32
	addrlen   uint32
	_         [4]byte
	addr      unsafe.Pointer
	canonname unsafe.Pointer
	next      *addrinfo
}

// AddrInfo is one getaddrinfo result.
type AddrInfo struct {
	Family    int
	Type      int
	Proto     int
	CanonName string
	Addr      Addr
}

// eaiSystem is glibc's EAI_SYSTEM: the real error is in errno.
const eaiSystem = -11

// GetAddrInfo calls the C library's getaddrinfo. host and port are nil for
// C's NULL. Errors are GAIError values carrying the EAI code, or the errno
// behind EAI_SYSTEM.
func GetAddrInfo(host, port *string, family, socktype, proto, flags int) ([]AddrInfo, error) {
	if err := loadLibc(); err != nil {
		return nil, GAIError(eaiSystem)
	}
	var node, service *byte
	if host != nil {
		b, err := cbytes(*host)
		if err != nil {
			return nil, err
		}
		node = &b[0]
	}
	if port != nil {
		b, err := cbytes(*port)
		if err != nil {
			return nil, err
		}
		service = &b[0]
	}
	hints := addrinfo{flags: int32(flags), family: int32(family), socktype: int32(socktype), protocol: int32(proto)}
	res, err := callGetaddrinfo(node, service, &hints)
	if err != nil {
		return nil, err
	}
	defer freeaddrinfo(res)
	n := 0
	for ai := res; ai != nil; ai = ai.next {
		n++
	}
	out := make([]AddrInfo, 0, n) // one allocation, not append's doublings
	for ai := res; ai != nil; ai = ai.next {
		var r rawSockaddr
		n := min(int(ai.addrlen), len(r.buf))
		if ai.addr != nil {
			copy(r.buf[:], unsafe.Slice((*byte)(ai.addr), n))
			r.len = uint32(n)
		}
		out = append(out, AddrInfo{
			Family:    int(ai.family),
			Type:      int(ai.socktype),
			Proto:     int(ai.protocol),
			CanonName: cstring(ai.canonname),
			Addr:      decodeAddr(&r),
		})
	}
	return out, nil
}

// hostToIP resolves host for a socket of family af the way CPython's
// setipaddr does: "" is the wildcard, "<broadcast>" INADDR_BROADCAST,
// numeric forms are parsed without a lookup, anything else goes to
// getaddrinfo. For AF_INET only the first 4 bytes of ip are used.
func hostToIP(host string, af int) (ip [16]byte, scope uint32, err error) {
	if host == "" {
		return ip, 0, nil
	}
	if host == "255.255.255.255" || host == "<broadcast>" {
		if af != unix.AF_INET {
			return ip, 0, own(ErrFamilyMismtch)
		}
		copy(ip[:], []byte{255, 255, 255, 255})
		return ip, 0, nil
	}
	if af == unix.AF_INET {
		if v4, ok := ParseIPv4(host); ok {
			copy(ip[:], v4[:])
			return ip, 0, nil
		}
	} else if strings.IndexByte(host, '%') < 0 {
		if v6, ok := ParseIPv6(host); ok {
			return v6, 0, nil
		}
	}
	infos, err := GetAddrInfo(&host, nil, af, 0, 0, 0)
	if err != nil {
		return ip, 0, err
	}
	a := infos[0].Addr
	switch a.Family {
	case unix.AF_INET:
		v4, _ := ParseIPv4(a.Host)
		copy(ip[:], v4[:])
	case unix.AF_INET6:
		ip, _ = ParseIPv6(a.Host)
		scope = a.ScopeID
	default:
		return ip, 0, own(ErrFamilyMismtch)
	}
	return ip, scope, nil
}
