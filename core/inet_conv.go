package core

import (
	"strings"

	"golang.org/x/sys/unix"
)

// The inet_* conversions of CPython, with glibc's parsing and formatting
// rules done in Go (ParseIPv4, ParseIPv6, formatIPv6, ParseInetAton).

// ParseInetAton accepts what glibc's inet_aton(3) accepts: one to four
// parts separated by dots, each decimal, octal (leading 0) or hexadecimal
// (0x); the last part fills the remaining bytes ("127.1" is 127.0.0.1);
// anything after the number is allowed if it starts with white space.
func ParseInetAton(s string) (ip [4]byte, ok bool) {
	var parts [3]byte
	n := 0
	i := 0
	for {
		if i >= len(s) || !isDigit(s[i]) {
			return ip, false
		}
		val, end, ok := parseCNumber(s, i)
		if !ok {
			return ip, false
		}
		i = end
		if i < len(s) && s[i] == '.' {
			if n > 2 || val > 0xff {
				return ip, false
			}
			parts[n] = byte(val)
			n++
			i++
			continue
		}
		if i < len(s) && !isCSpace(s[i]) {
			return ip, false
		}
		// The last part holds the bytes the earlier parts left.
		if val > uint64(0xffffffff)>>(8*n) {
			return ip, false
		}
		word := uint32(val)
		for k := 0; k < n; k++ {
			word |= uint32(parts[k]) << (24 - 8*k)
		}
		ip[0], ip[1], ip[2], ip[3] = byte(word>>24), byte(word>>16), byte(word>>8), byte(word)
		return ip, true
	}
}

// parseCNumber reads an unsigned number at s[i:] the way strtoul(base 0)
// does: "0x" hexadecimal (a bare "0x" is the number 0 followed by "x"),
// leading "0" octal, else decimal. Values above 2**32-1 are rejected.
func parseCNumber(s string, i int) (val uint64, end int, ok bool) {
	base := uint64(10)
	if s[i] == '0' {
		base = 8
		if i+2 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && hexValue(s[i+2]) >= 0 {
			base = 16
			i += 2
		}
	}
	for ; i < len(s); i++ {
		d := hexValue(s[i])
		if d < 0 || uint64(d) >= base {
			break
		}
		val = val*base + uint64(d)
		if val > 0xffffffff {
			return 0, i, false
		}
	}
	return val, i, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isCSpace is isspace() in the C locale.
func isCSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// checkNUL rejects strings C would cut short, as CPython's "s" format does.
func checkNUL(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return own(ErrHostNUL)
	}
	return nil
}

// InetAton is socket.inet_aton: the packed form of a dotted IPv4 address in
// inet_aton(3)'s lenient syntax.
func InetAton(s string) ([4]byte, error) {
	if err := checkNUL(s); err != nil {
		return [4]byte{}, err
	}
	ip, ok := ParseInetAton(s)
	if !ok {
		return ip, own(ErrInetAton)
	}
	return ip, nil
}

// InetNtoa is socket.inet_ntoa: the dotted form of 4 packed bytes.
func InetNtoa(b []byte) (string, error) {
	if len(b) != 4 {
		return "", own(ErrNtoaLength)
	}
	return formatIPv4(b), nil
}

// InetPton is socket.inet_pton: the packed form (4 or 16 bytes) of an
// address in the strict syntax of inet_pton(3).
func InetPton(af int64, s string) ([]byte, error) {
	family, err := cInt(af)
	if err != nil {
		return nil, err
	}
	if err := checkNUL(s); err != nil {
		return nil, err
	}
	switch family {
	case unix.AF_INET:
		ip, ok := ParseIPv4(s)
		if !ok {
			return nil, own(ErrInetPton)
		}
		return ip[:], nil
	case unix.AF_INET6:
		ip, ok := ParseIPv6(s)
		if !ok {
			return nil, own(ErrInetPton)
		}
		return ip[:], nil
	}
	return nil, unix.EAFNOSUPPORT
}

// InetNtop is socket.inet_ntop: the text form of a packed address.
func InetNtop(af int64, b []byte) (string, error) {
	family, err := cInt(af)
	if err != nil {
		return "", err
	}
	switch family {
	case unix.AF_INET:
		if len(b) != 4 {
			return "", own(ErrNtopLength)
		}
		return formatIPv4(b), nil
	case unix.AF_INET6:
		if len(b) != 16 {
			return "", own(ErrNtopLength)
		}
		return formatIPv6(b), nil
	}
	return "", own(ErrNtopFamily)
}
