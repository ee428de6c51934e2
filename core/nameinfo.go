package core

import (
	"encoding/binary"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Buffer sizes of getnameinfo(3): NI_MAXHOST and NI_MAXSERV.
const (
	niMaxHost = 1025
	niMaxServ = 32
)

// GetNameInfo is socket.getnameinfo for the address tuple (host, port[,
// flowinfo[, scope_id]]) of nfields (2 to 4) fields. As in CPython the host
// must be numeric (AI_NUMERICHOST), an IPv4 address needs a 2-tuple and
// the flowinfo must fit in 20 bits. Returns the host and service names.
func GetNameInfo(host string, port int64, flowinfo, scopeID uint32, nfields int, flags int64) (string, string, error) {
	fl, err := cInt(flags)
	if err != nil {
		return "", "", err
	}
	if err := checkNUL(host); err != nil {
		return "", "", err
	}
	p, err := cInt(port)
	if err != nil {
		return "", "", err
	}
	if nfields < 2 || nfields > 4 {
		return "", "", own(ErrInvalidArg)
	}
	if flowinfo > maxFlowInfo {
		return "", "", own(ErrGNIFlowinfo)
	}
	service := strconv.Itoa(int(p))
	res, err := lookupRaw(&host, &service, unix.AF_UNSPEC, unix.SOCK_DGRAM, AI_NUMERICHOST)
	if err != nil {
		return "", "", err
	}
	if len(res) > 1 {
		return "", "", own(ErrGNIMultiple)
	}
	sa := &res[0]
	switch sa.family() {
	case unix.AF_INET:
		if nfields != 2 {
			return "", "", own(ErrGNIIPv4Tuple)
		}
	case unix.AF_INET6:
		binary.BigEndian.PutUint32(sa.buf[4:], flowinfo)
		binary.NativeEndian.PutUint32(sa.buf[24:], scopeID)
	}
	var hbuf [niMaxHost]byte
	var sbuf [niMaxServ]byte
	var rc, errno int32
	onThread(func() {
		rc = libc.getnameinfo(unsafe.Pointer(&sa.buf[0]), sa.len, &hbuf[0], niMaxHost, &sbuf[0], niMaxServ, fl)
		if rc == eaiSystem {
			errno = *netdb.errnoLocation()
		}
	})
	if rc != 0 {
		if rc == eaiSystem && errno != 0 {
			return "", "", unix.Errno(errno)
		}
		return "", "", GAIError(int(rc))
	}
	return cstring(unsafe.Pointer(&hbuf[0])), cstring(unsafe.Pointer(&sbuf[0])), nil
}
