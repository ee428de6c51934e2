package core

import (
	"unsafe"
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
	raws, err := getaddrinfoRaw(host, port, family, socktype, proto, flags)
	if err != nil {
		return nil, err
	}
	out := make([]AddrInfo, len(raws))
	for i := range raws {
		r := &raws[i]
		out[i] = AddrInfo{Family: r.family, Type: r.socktype, Proto: r.proto, CanonName: r.canon,
			Addr: decodeAddr(&r.addr)}
	}
	return out, nil
}

// rawAddrInfo is one getaddrinfo result with its address still a sockaddr.
type rawAddrInfo struct {
	family, socktype, proto int
	canon                   string
	addr                    rawSockaddr
}

// getaddrinfoRaw is the one place getaddrinfo(3) results are copied out of
// C memory.
func getaddrinfoRaw(host, port *string, family, socktype, proto, flags int) ([]rawAddrInfo, error) {
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
	out := make([]rawAddrInfo, 0, n) // one allocation, not append's doublings
	for ai := res; ai != nil; ai = ai.next {
		r := rawAddrInfo{family: int(ai.family), socktype: int(ai.socktype), proto: int(ai.protocol),
			canon: cstring(ai.canonname)}
		if ai.addr != nil {
			n := min(int(ai.addrlen), len(r.addr.buf))
			copy(r.addr.buf[:], unsafe.Slice((*byte)(ai.addr), n))
			r.addr.len = uint32(n)
		}
		out = append(out, r)
	}
	return out, nil
}

// hostToIP resolves host for a socket of family af the way CPython's
// setipaddr does (see setIPAddr). For AF_INET only the first 4 bytes of ip
// are used; scope is the zone getaddrinfo found for an IPv6 name.
func hostToIP(host string, af int) (ip [16]byte, scope uint32, err error) {
	a, err := setIPAddr(host, af)
	return a.IP, a.ScopeID, err
}
