package core

import (
	"encoding/binary"
	"math"
)

// Services and protocols from the C library's databases (/etc/services,
// /etc/protocols, or whatever nsswitch.conf names).

// optCString is a C string for an optional argument (nil is NULL).
func optCString(s *string) (*byte, error) {
	if s == nil {
		return nil, nil
	}
	b, err := cbytes(*s)
	if err != nil {
		return nil, err
	}
	return &b[0], nil
}

// GetServByName is socket.getservbyname: the port of a service; proto nil
// matches any protocol.
func GetServByName(name string, proto *string) (int, error) {
	n, err := cbytes(name)
	if err != nil {
		return 0, err
	}
	p, err := optCString(proto)
	if err != nil {
		return 0, err
	}
	if loadNetdb() != nil {
		return 0, errNoLibc
	}
	var ret servent
	var result *servent
	retryRange(func(buf []byte) int32 {
		return netdb.getservbynameR(&n[0], p, &ret, &buf[0], uintptr(len(buf)), &result)
	})
	if result == nil {
		return 0, own(ErrServNotFound)
	}
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], uint16(result.port))
	return int(binary.BigEndian.Uint16(b[:])), nil
}

// GetServByPort is socket.getservbyport: the name of the service on port
// (0-65535); proto nil matches any protocol.
func GetServByPort(port int64, proto *string) (string, error) {
	v, err := cInt(port)
	if err != nil {
		return "", err
	}
	p, err := optCString(proto)
	if err != nil {
		return "", err
	}
	if v < 0 || v > math.MaxUint16 {
		return "", own(ErrServPortRange)
	}
	if loadNetdb() != nil {
		return "", errNoLibc
	}
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], uint16(v))
	netPort := int32(binary.NativeEndian.Uint16(b[:]))
	var ret servent
	var result *servent
	var name string
	retryRange(func(buf []byte) int32 {
		rc := netdb.getservbyportR(netPort, p, &ret, &buf[0], uintptr(len(buf)), &result)
		if result != nil {
			name = cstr(result.name) // points into buf
		}
		return rc
	})
	if result == nil {
		return "", own(ErrPortNotFound)
	}
	return name, nil
}

// GetProtoByName is socket.getprotobyname: the number of a protocol.
func GetProtoByName(name string) (int, error) {
	n, err := cbytes(name)
	if err != nil {
		return 0, err
	}
	if loadNetdb() != nil {
		return 0, errNoLibc
	}
	var ret protoent
	var result *protoent
	retryRange(func(buf []byte) int32 {
		return netdb.getprotobynameR(&n[0], &ret, &buf[0], uintptr(len(buf)), &result)
	})
	if result == nil {
		return 0, own(ErrProtoNotFound)
	}
	return int(result.proto), nil
}
