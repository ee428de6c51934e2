package core

// Text forms of IP addresses with the C library's exact rules: CPython
// passes these strings to inet_pton/inet_ntop/inet_aton, so their quirks
// (no leading zeros in dotted quads, "::a.b.c.d" output) are the contract.

const hexDigits = "0123456789abcdef"

// ParseIPv4 accepts exactly what glibc's inet_pton(AF_INET) accepts.
func ParseIPv4(s string) (ip [4]byte, ok bool) {
	part, digits := 0, 0
	val := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits > 0 && val == 0 {
				return ip, false // leading zero
			}
			val = val*10 + int(c-'0')
			if val > 255 {
				return ip, false
			}
			digits++
		case c == '.':
			if digits == 0 || part == 3 {
				return ip, false
			}
			ip[part] = byte(val)
			part++
			val, digits = 0, 0
		default:
			return ip, false
		}
	}
	if digits == 0 || part != 3 {
		return ip, false
	}
	ip[3] = byte(val)
	return ip, true
}

// ParseIPv6 accepts exactly what glibc's inet_pton(AF_INET6) accepts.
func ParseIPv6(s string) (ip [16]byte, ok bool) {
	i, n := 0, 0 // position in s, bytes written
	gap := -1    // where "::" stood
	if len(s) >= 1 && s[0] == ':' {
		if len(s) < 2 || s[1] != ':' {
			return ip, false
		}
		i = 1
	}
	groupStart := i
	val, digits := 0, 0
	for i < len(s) {
		c := s[i]
		switch {
		case hexValue(c) >= 0:
			val = val<<4 | hexValue(c)
			digits++
			if digits > 4 {
				return ip, false
			}
			i++
			continue
		case c == ':':
			groupStart = i + 1
			if digits == 0 {
				if gap >= 0 {
					return ip, false
				}
				gap = n
				i++
				continue
			}
			if i+1 >= len(s) || n+2 > 16 {
				return ip, false // trailing single ':' or too many groups
			}
			ip[n], ip[n+1] = byte(val>>8), byte(val)
			n += 2
			val, digits = 0, 0
			i++
			continue
		case c == '.' && n+4 <= 16:
			v4, ok4 := ParseIPv4(s[groupStart:])
			if !ok4 {
				return ip, false
			}
			copy(ip[n:], v4[:])
			n += 4
			digits = 0
			i = len(s)
			continue
		}
		return ip, false
	}
	if digits > 0 {
		if n+2 > 16 {
			return ip, false
		}
		ip[n], ip[n+1] = byte(val>>8), byte(val)
		n += 2
	}
	if gap >= 0 {
		if n == 16 {
			return ip, false
		}
		moved := n - gap
		copy(ip[16-moved:], ip[gap:n])
		clear(ip[gap : 16-moved])
		n = 16
	}
	return ip, n == 16
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func formatIPv4(b []byte) string {
	var buf [15]byte
	return string(appendIPv4(buf[:0], b))
}

func appendIPv4(dst, b []byte) []byte {
	for i := 0; i < 4; i++ {
		if i > 0 {
			dst = append(dst, '.')
		}
		v := b[i]
		if v >= 100 {
			dst = append(dst, '0'+v/100)
		}
		if v >= 10 {
			dst = append(dst, '0'+v/10%10)
		}
		dst = append(dst, '0'+v%10)
	}
	return dst
}

// formatIPv6 follows glibc's inet_ntop: the longest run (two or more) of
// zero groups becomes "::", and an address whose first 96 bits are zero
// (other than :: and ::1 style runs) or an IPv4-mapped one ends in dotted
// quad form.
func formatIPv6(b []byte) string {
	var words [8]int
	for i := range words {
		words[i] = int(b[2*i])<<8 | int(b[2*i+1])
	}
	bestBase, bestLen, curBase, curLen := -1, 0, -1, 0
	for i, w := range words {
		if w == 0 {
			if curBase < 0 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
			continue
		}
		if curBase >= 0 && (bestBase < 0 || curLen > bestLen) {
			bestBase, bestLen = curBase, curLen
		}
		curBase = -1
	}
	if curBase >= 0 && (bestBase < 0 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase >= 0 && bestLen < 2 {
		bestBase = -1
	}
	var buf [46]byte
	out := buf[:0]
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				out = append(out, ':')
			}
			continue
		}
		if i != 0 {
			out = append(out, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff)) {
			out = appendIPv4(out, b[12:16])
			break
		}
		out = appendHex(out, words[i])
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		out = append(out, ':')
	}
	return string(out)
}

func appendHex(dst []byte, w int) []byte {
	started := false
	for shift := 12; shift >= 0; shift -= 4 {
		d := (w >> shift) & 0xf
		if d != 0 || started || shift == 0 {
			dst = append(dst, hexDigits[d])
			started = true
		}
	}
	return dst
}
