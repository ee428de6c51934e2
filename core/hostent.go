package core

import (
	"encoding/binary"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// HostEnt is what gethostbyname_ex and gethostbyaddr return: the host's
// official name, its aliases and its addresses in text form.
type HostEnt struct {
	Family  int // AF_INET or AF_INET6
	Name    string
	Aliases []string
	Addrs   []string
}

// hostentBufSize is the buffer CPython gives gethostby*_r (16 KiB - 1):
// a host with more data than that fails the same way here.
const hostentBufSize = 16384 - 1

// IPAddr is a numeric address as setIPAddr resolves it.
type IPAddr struct {
	Family  int // AF_INET or AF_INET6
	IP      [16]byte
	ScopeID uint32 // the zone of an IPv6 address that getaddrinfo resolved
}

func (a IPAddr) bytes() []byte {
	if a.Family == unix.AF_INET {
		return a.IP[:4]
	}
	return a.IP[:]
}

// String formats the address as inet_ntop does.
func (a IPAddr) String() string {
	if a.Family == unix.AF_INET {
		return formatIPv4(a.IP[:4])
	}
	return formatIPv6(a.IP[:])
}

// setIPAddr turns a host name or numeric address into one address of
// family af (AF_INET, AF_INET6 or AF_UNSPEC for either), as CPython's
// setipaddr: "" is the wildcard address of getaddrinfo(AI_PASSIVE), which
// must be unique; "<broadcast>" and "255.255.255.255" are INADDR_BROADCAST;
// numeric addresses are parsed without a lookup (IPv6 only without a
// %zone); anything else is the first getaddrinfo result.
func setIPAddr(name string, af int) (IPAddr, error) {
	var a IPAddr
	if err := checkNUL(name); err != nil {
		return a, err
	}
	if name == "" {
		zero := "0"
		res, err := lookupRaw(nil, &zero, af, unix.SOCK_DGRAM, AI_PASSIVE)
		if err != nil {
			return a, err
		}
		fam := res[0].family()
		if fam != unix.AF_INET && fam != unix.AF_INET6 {
			return a, own(ErrUnsupFamily)
		}
		if len(res) > 1 {
			return a, own(ErrWildcardMulti)
		}
		a.Family = fam
		copy(a.IP[:], res[0].ipBytes())
		return a, nil
	}
	if name == "255.255.255.255" || name == "<broadcast>" {
		if af != unix.AF_INET && af != unix.AF_UNSPEC {
			return a, own(ErrFamilyMismtch)
		}
		a.Family = unix.AF_INET
		copy(a.IP[:], []byte{255, 255, 255, 255})
		return a, nil
	}
	if af == unix.AF_UNSPEC || af == unix.AF_INET {
		if ip, ok := ParseIPv4(name); ok {
			a.Family = unix.AF_INET
			copy(a.IP[:], ip[:])
			return a, nil
		}
	}
	if (af == unix.AF_UNSPEC || af == unix.AF_INET6) && strings.IndexByte(name, '%') < 0 {
		if ip, ok := ParseIPv6(name); ok {
			return IPAddr{Family: unix.AF_INET6, IP: ip}, nil
		}
	}
	res, err := lookupRaw(&name, nil, af, 0, 0)
	if err != nil {
		return a, err
	}
	fam := res[0].family()
	if fam != unix.AF_INET && fam != unix.AF_INET6 {
		return a, own(ErrUnknownFamily)
	}
	a.Family = fam
	copy(a.IP[:], res[0].ipBytes())
	if fam == unix.AF_INET6 {
		a.ScopeID = binary.LittleEndian.Uint32(res[0].buf[24:])
	}
	return a, nil
}

// GetHostByName is socket.gethostbyname: the IPv4 address of a host, as
// text. host is the name already encoded (IDNA) by the caller.
func GetHostByName(host string) (string, error) {
	a, err := setIPAddr(host, unix.AF_INET)
	if err != nil {
		return "", err
	}
	return a.String(), nil
}

// GetHostByNameEx is socket.gethostbyname_ex: gethostbyname_r(3) for an
// IPv4 host. A failed lookup is an HError with the resolver's h_errno.
func GetHostByNameEx(host string) (HostEnt, error) {
	a, err := setIPAddr(host, unix.AF_INET)
	if err != nil {
		return HostEnt{}, err
	}
	if err := loadNetdb(); err != nil {
		return HostEnt{}, errNoLibc
	}
	name, err := cbytes(host)
	if err != nil {
		return HostEnt{}, err
	}
	return lookupHostent(a.Family, func(ret *hostent, buf []byte, result **hostent, herr *int32) {
		netdb.gethostbynameR(&name[0], ret, &buf[0], uintptr(len(buf)), result, herr)
	})
}

// GetHostByAddr is socket.gethostbyaddr: the reverse lookup of an address
// (or of the first address of a name) through gethostbyaddr_r(3).
func GetHostByAddr(host string) (HostEnt, error) {
	a, err := setIPAddr(host, unix.AF_UNSPEC)
	if err != nil {
		return HostEnt{}, err
	}
	if err := loadNetdb(); err != nil {
		return HostEnt{}, errNoLibc
	}
	ip := a.bytes()
	return lookupHostent(a.Family, func(ret *hostent, buf []byte, result **hostent, herr *int32) {
		netdb.gethostbyaddrR(&ip[0], uint32(len(ip)), int32(a.Family), ret, &buf[0], uintptr(len(buf)), result, herr)
	})
}

// lookupHostent runs one gethostby*_r call and converts its result as
// CPython's gethost_common does. Like CPython it reports the thread's
// h_errno (not the call's own h_errnop) when there is no result.
func lookupHostent(af int, call func(ret *hostent, buf []byte, result **hostent, herr *int32)) (HostEnt, error) {
	var ret hostent
	var result *hostent
	var herr, hErrno int32
	buf := make([]byte, hostentBufSize)
	onThread(func() {
		call(&ret, buf, &result, &herr)
		hErrno = *netdb.hErrnoLocation()
	})
	if result == nil {
		return HostEnt{}, HError(int(hErrno))
	}
	if int(result.addrtype) != af {
		return HostEnt{}, unix.EAFNOSUPPORT
	}
	h := HostEnt{Family: af, Name: cstr(result.name), Aliases: cstrList(result.aliases), Addrs: []string{}}
	size := 4
	if af == unix.AF_INET6 {
		size = 16
	}
	if result.addrList != nil {
		for p := result.addrList; *p != nil; p = (**byte)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(p))) {
			b := unsafe.Slice(*p, size)
			if af == unix.AF_INET {
				h.Addrs = append(h.Addrs, formatIPv4(b))
			} else {
				h.Addrs = append(h.Addrs, formatIPv6(b))
			}
		}
	}
	runtime.KeepAlive(buf)
	return h, nil
}
