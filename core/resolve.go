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
	var out []AddrInfo
	err := eachAddrInfo(host, port, family, socktype, proto, flags, func(n int, r *rawAddrInfo) {
		if out == nil {
			out = make([]AddrInfo, 0, n)
		}
		out = append(out, AddrInfo{Family: r.family, Type: r.socktype, Proto: r.proto, CanonName: r.canon,
			Addr: decodeAddr(&r.addr)})
	})
	return out, err
}

// rawAddrInfo is one getaddrinfo result with its address still a sockaddr.
type rawAddrInfo struct {
	family, socktype, proto int
	canon                   string
	addr                    rawSockaddr
}

// getaddrinfoRaw returns getaddrinfo's results with their sockaddrs.
func getaddrinfoRaw(host, port *string, family, socktype, proto, flags int) ([]rawAddrInfo, error) {
	var out []rawAddrInfo
	err := eachAddrInfo(host, port, family, socktype, proto, flags, func(n int, r *rawAddrInfo) {
		if out == nil {
			out = make([]rawAddrInfo, 0, n)
		}
		out = append(out, *r)
	})
	return out, err
}

// eachAddrInfo is the one place getaddrinfo(3) results are copied out of C
// memory: it calls each with the number of results and every result in
// order (r is reused between calls).
func eachAddrInfo(host, port *string, family, socktype, proto, flags int, each func(n int, r *rawAddrInfo)) error {
	c := gaiCalls.Get().(*gaiCall)
	defer gaiCalls.Put(c)
	node, err := c.cstring(host, 0)
	if err != nil {
		return err
	}
	service, err := c.cstring(port, len(c.names)/2)
	if err != nil {
		return err
	}
	c.hints = addrinfo{flags: int32(flags), family: int32(family), socktype: int32(socktype), protocol: int32(proto)}
	res, err := callGetaddrinfo(c, node, service)
	if err != nil {
		return err
	}
	defer c.free(res)
	n := 0
	for ai := res; ai != nil; ai = ai.next {
		n++
	}
	r := &c.result
	for ai := res; ai != nil; ai = ai.next {
		*r = rawAddrInfo{family: int(ai.family), socktype: int(ai.socktype), proto: int(ai.protocol),
			canon: cstring(ai.canonname)}
		if ai.addr != nil {
			k := min(int(ai.addrlen), len(r.addr.buf))
			copy(r.addr.buf[:], unsafe.Slice((*byte)(ai.addr), k))
			r.addr.len = uint32(k)
		}
		each(n, r)
	}
	return nil
}

// hostToIP resolves host for a socket of family af the way CPython's
// setipaddr does (see setIPAddr). For AF_INET only the first 4 bytes of ip
// are used; scope is the zone getaddrinfo found for an IPv6 name.
func hostToIP(host string, af int) (ip [16]byte, scope uint32, err error) {
	a, err := setIPAddr(host, af)
	return a.IP, a.ScopeID, err
}
