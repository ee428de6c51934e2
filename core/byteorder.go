package core

import (
	"encoding/binary"
	"math"
)

// Byte order, with the argument checks of
// CPython 3.11: htons/ntohs take a C int (range errors of the "i" format,
// then their own 16-bit checks), htonl/ntohl an unsigned long that must fit
// in 32 bits.

func swap16(x int64, negative, tooBig int64) (int64, error) {
	v, err := cInt(x)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, own(negative)
	}
	if v > math.MaxUint16 {
		return 0, own(tooBig)
	}
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], uint16(v))
	return int64(binary.NativeEndian.Uint16(b[:])), nil
}

func swap32(x int64) (int64, error) {
	if x < 0 {
		return 0, own(ErrNegUnsigned)
	}
	if x > math.MaxUint32 {
		return 0, own(ErrOver32Bits)
	}
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(x))
	return int64(binary.NativeEndian.Uint32(b[:])), nil
}

// Htons converts a 16-bit value from host to network byte order.
func Htons(x int64) (int64, error) { return swap16(x, ErrHtonsNegative, ErrHtonsTooBig) }

// Ntohs converts a 16-bit value from network to host byte order.
func Ntohs(x int64) (int64, error) { return swap16(x, ErrNtohsNegative, ErrNtohsTooBig) }

// Htonl converts a 32-bit value from host to network byte order.
func Htonl(x int64) (int64, error) { return swap32(x) }

// Ntohl converts a 32-bit value from network to host byte order.
func Ntohl(x int64) (int64, error) { return swap32(x) }
