package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// lookupRaw calls getaddrinfo and returns the raw sockaddrs, in order.
func lookupRaw(node, service *string, family, socktype, flags int) ([]rawSockaddr, error) {
	if loadLibc() != nil || loadNetdb() != nil {
		return nil, errNoLibc
	}
	infos, err := getaddrinfoRaw(node, service, family, socktype, 0, flags)
	if err != nil {
		return nil, err
	}
	out := make([]rawSockaddr, len(infos))
	for i := range infos {
		out[i] = infos[i].addr
	}
	return out, nil
}

// family of a raw sockaddr (host byte order on Linux).
func (r *rawSockaddr) family() int {
	if r.len < 2 {
		return unix.AF_UNSPEC
	}
	return int(*(*uint16)(unsafe.Pointer(&r.buf[0])))
}

// ipBytes returns the address bytes of an AF_INET or AF_INET6 sockaddr.
func (r *rawSockaddr) ipBytes() []byte {
	switch r.family() {
	case unix.AF_INET:
		return r.buf[4:8]
	case unix.AF_INET6:
		return r.buf[8:24]
	}
	return nil
}

// callGetaddrinfo calls getaddrinfo(3); the caller frees the result. As in
// CPython, EAI_SYSTEM becomes the errno it stands for (an OSError).
func callGetaddrinfo(c *gaiCall, node, service *byte) (*addrinfo, error) {
	if loadLibc() != nil || loadNetdb() != nil {
		return nil, errNoLibc
	}
	var rc, errno int32
	onThread(func() {
		rc = c.getaddrinfo(node, service)
		if rc == eaiSystem {
			errno = *netdb.errnoLocation()
		}
	})
	if rc != 0 {
		if rc == eaiSystem && errno != 0 {
			return nil, unix.Errno(errno)
		}
		return nil, GAIError(int(rc))
	}
	return c.res, nil
}
