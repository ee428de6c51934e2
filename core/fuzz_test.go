package core

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// Fuzz targets for the address conversions, beside FuzzParsers and
// FuzzFormat (inet_glibc_test.go), which compare the parsers and formatters
// with glibc one way. These check the round trips: text -> bytes -> text,
// bytes -> text -> bytes, and Addr -> sockaddr -> Addr, also against glibc.
// make test runs each briefly (scripts/test.sh); their seed corpora are in
// testdata/fuzz.

// FuzzIPRoundTrip: any 16 bytes format (as glibc's inet_ntop does) to a
// text that parses back (with ParseIPv6 and glibc's inet_pton) to the same
// bytes; the same for the first 4 as IPv4.
func FuzzIPRoundTrip(f *testing.F) {
	f.Add(make([]byte, 16))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1})
	f.Add([]byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 16 {
			return
		}
		loadGlibcInet(t)
		ip := b[:16]
		s := formatIPv6(ip)
		if want := glibcNtop(unix.AF_INET6, ip); s != want {
			t.Fatalf("formatIPv6(% x) = %q, glibc %q", ip, s, want)
		}
		back, ok := ParseIPv6(s)
		if !ok || !bytes.Equal(back[:], ip) {
			t.Fatalf("ParseIPv6(formatIPv6(% x) = %q) = % x, %v", ip, s, back, ok)
		}
		if g, ok := glibcPton(unix.AF_INET6, s); !ok || !bytes.Equal(g, ip) {
			t.Fatalf("glibc inet_pton(%q) = % x, %v", s, g, ok)
		}
		s4 := formatIPv4(ip[:4])
		back4, ok := ParseIPv4(s4)
		if !ok || !bytes.Equal(back4[:], ip[:4]) {
			t.Fatalf("ParseIPv4(formatIPv4(% x) = %q) = % x, %v", ip[:4], s4, back4, ok)
		}
	})
}

// FuzzTextRoundTrip: a text that parses formats to glibc's canonical text,
// which parses to the same bytes again.
func FuzzTextRoundTrip(f *testing.F) {
	for _, s := range parserCorpus {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loadGlibcInet(t)
		if ip, ok := ParseIPv6(s); ok {
			text := formatIPv6(ip[:])
			if want := glibcNtop(unix.AF_INET6, ip[:]); text != want {
				t.Fatalf("formatIPv6(ParseIPv6(%q)) = %q, glibc %q", s, text, want)
			}
			if again, ok := ParseIPv6(text); !ok || again != ip {
				t.Fatalf("%q -> %q does not parse back: % x, %v", s, text, again, ok)
			}
		}
		if ip, ok := ParseIPv4(s); ok {
			text := formatIPv4(ip[:])
			if text != s {
				t.Fatalf("ParseIPv4 accepted the non-canonical %q (%q)", s, text)
			}
		}
	})
}

// fuzzFamilies are the families FuzzAddrRoundTrip picks from.
var fuzzFamilies = [...]int{unix.AF_INET, unix.AF_INET6, unix.AF_UNIX}

// numericHost reports whether encodeAddr converts host for family without
// asking a resolver (the fuzzer must not send DNS queries).
func numericHost(family int, host string) bool {
	switch family {
	case unix.AF_INET:
		_, ok := ParseIPv4(host)
		return ok || host == "" || host == "<broadcast>"
	case unix.AF_INET6:
		_, ok := ParseIPv6(host)
		return ok || host == "" || host == "<broadcast>" || host == "255.255.255.255"
	}
	return true
}

// FuzzAddrRoundTrip: an address tuple encodes to a sockaddr, or fails with
// the error CPython gives, and the sockaddr decodes to the canonical tuple.
func FuzzAddrRoundTrip(f *testing.F) {
	f.Add(uint8(0), "127.0.0.1", 80, uint32(0), uint32(0))
	f.Add(uint8(0), "<broadcast>", 65535, uint32(0), uint32(0))
	f.Add(uint8(0), "", -1, uint32(0), uint32(0))
	f.Add(uint8(1), "::ffff:1.2.3.4", 65536, uint32(0), uint32(0))
	f.Add(uint8(1), "fe80::1", 1, uint32(0xfffff), uint32(7))
	f.Add(uint8(1), "", 0, uint32(0x100000), uint32(0))
	f.Add(uint8(2), "\x00abstract\x00name", 0, uint32(0), uint32(0))
	f.Add(uint8(2), "/tmp/sock\x00tail", 0, uint32(0), uint32(0))
	f.Add(uint8(2), strings.Repeat("p", 108), 0, uint32(0), uint32(0))
	f.Fuzz(func(t *testing.T, fam uint8, host string, port int, flow, scope uint32) {
		family := fuzzFamilies[int(fam)%len(fuzzFamilies)]
		if !numericHost(family, host) {
			return
		}
		loadGlibcInet(t)
		a := Addr{Family: family, Host: host, Port: port, FlowInfo: flow, ScopeID: scope}
		var r rawSockaddr
		err := encodeAddr(family, &a, &r)
		want := encodeError(family, host, port, flow)
		if Code(err) != Code(want) {
			t.Fatalf("encodeAddr(%d, %+v) = %v, want %v", family, a, err, want)
		}
		if err != nil {
			return
		}
		got := decodeAddr(&r)
		if got.Family != family {
			t.Fatalf("family %d decoded as %d", family, got.Family)
		}
		switch family {
		case unix.AF_INET:
			ip := canonicalIP(t, unix.AF_INET, host)
			if got.Host != glibcNtop(unix.AF_INET, ip) || got.Port != port {
				t.Fatalf("%+v -> %+v", a, got)
			}
		case unix.AF_INET6:
			ip := canonicalIP(t, unix.AF_INET6, host)
			if got.Host != glibcNtop(unix.AF_INET6, ip) || got.Port != port ||
				got.FlowInfo != flow || got.ScopeID != scope {
				t.Fatalf("%+v -> %+v", a, got)
			}
		case unix.AF_UNIX:
			wantPath := host
			if len(host) == 0 || host[0] != 0 {
				if i := strings.IndexByte(host, 0); i >= 0 {
					wantPath = host[:i] // a regular path ends at its first NUL
				}
			}
			if got.Host != wantPath {
				t.Fatalf("path %q decoded as %q", host, got.Host)
			}
		}
	})
}

// encodeError is what encodeAddr must report for a numeric address.
func encodeError(family int, host string, port int, flow uint32) error {
	switch family {
	case unix.AF_INET, unix.AF_INET6:
		// CPython's getsockaddrarg resolves the host first, then checks
		// the port, then the flow label.
		if family == unix.AF_INET6 && (host == "<broadcast>" || host == "255.255.255.255") {
			return own(ErrFamilyMismtch)
		}
		if port < 0 || port > maxPort {
			return own(ErrPortRange)
		}
		if family == unix.AF_INET6 && flow > maxFlowInfo {
			return own(ErrFlowinfo)
		}
	case unix.AF_UNIX:
		abstract := len(host) > 0 && host[0] == 0
		if len(host) > sizeofSockaddrUnixPath || (!abstract && len(host) == sizeofSockaddrUnixPath) {
			return own(ErrUnixPathLong)
		}
	}
	return nil
}

// canonicalIP is what a numeric host means, per glibc's inet_pton.
func canonicalIP(t *testing.T, family int, host string) []byte {
	switch {
	case host == "" && family == unix.AF_INET:
		return make([]byte, 4)
	case host == "":
		return make([]byte, 16)
	case host == "<broadcast>":
		return []byte{255, 255, 255, 255}
	}
	ip, ok := glibcPton(family, host)
	if !ok {
		t.Fatalf("glibc does not parse %q, which ParseIPv* accepted", host)
	}
	return ip
}

// FuzzDecodeAddr: whatever bytes and length the kernel may report, decoding
// never panics, and an IPv4, IPv6 or AF_UNIX address re-encodes to the same
// sockaddr.
func FuzzDecodeAddr(f *testing.F) {
	in4 := make([]byte, unix.SizeofSockaddrInet4)
	binary.LittleEndian.PutUint16(in4, unix.AF_INET)
	copy(in4[2:], []byte{0, 80, 127, 0, 0, 1})
	f.Add(in4, uint32(len(in4)))
	in6 := make([]byte, unix.SizeofSockaddrInet6)
	binary.LittleEndian.PutUint16(in6, unix.AF_INET6)
	in6[23] = 1
	f.Add(in6, uint32(len(in6)))
	f.Add(append([]byte{1, 0}, "/tmp/x"...), uint32(8))
	f.Add([]byte{1, 0, 0, 'a', 'b'}, uint32(5))
	f.Add([]byte{1, 0}, uint32(1<<31))
	f.Add([]byte{17, 0, 0, 3}, uint32(20))     // AF_PACKET
	f.Add([]byte{30, 0, 1, 0}, uint32(16))     // AF_TIPC
	f.Add([]byte{38, 0, 'h', 'a'}, uint32(88)) // AF_ALG
	f.Add([]byte{0xff, 0xff}, uint32(2))
	f.Fuzz(func(t *testing.T, raw []byte, n uint32) {
		var r rawSockaddr
		copy(r.buf[:], raw)
		r.len = n
		a := decodeAddr(&r)
		if n < 2 {
			if a != (Addr{}) {
				t.Fatalf("a %d-byte address decoded as %+v", n, a)
			}
			return
		}
		var again rawSockaddr
		switch {
		case a.Family == unix.AF_INET && n < unix.SizeofSockaddrInet4,
			a.Family == unix.AF_INET6 && n < unix.SizeofSockaddrInet6:
			// Shorter than the kernel ever reports: the generic
			// (family, sa_data) form, which has no sockaddr to go back to.
			if a.Host != string(r.buf[2:16]) {
				t.Fatalf("short address % x decoded as %+v", r.buf[:16], a)
			}
			return
		}
		switch a.Family {
		case unix.AF_INET:
			if err := encodeAddr(a.Family, &a, &again); err != nil {
				t.Fatalf("%+v does not encode: %v", a, err)
			}
			if !bytes.Equal(again.buf[:8], r.buf[:8]) {
				t.Fatalf("% x -> %+v -> % x", r.buf[:8], a, again.buf[:8])
			}
		case unix.AF_INET6:
			if err := encodeAddr(a.Family, &a, &again); err != nil {
				if a.FlowInfo > maxFlowInfo && Code(err) == ErrFlowinfo {
					return // the kernel never reports such a flow label
				}
				t.Fatalf("%+v does not encode: %v", a, err)
			}
			if !bytes.Equal(again.buf[:28], r.buf[:28]) {
				t.Fatalf("% x -> %+v -> % x", r.buf[:28], a, again.buf[:28])
			}
		case unix.AF_UNIX:
			if len(a.Host) > sizeofSockaddrUnixPath {
				t.Fatalf("path of %d bytes from a sockaddr_un", len(a.Host))
			}
			if err := encodeAddr(a.Family, &a, &again); err != nil {
				if len(a.Host) == sizeofSockaddrUnixPath && Code(err) == ErrUnixPathLong {
					return // a full sun_path without its NUL: CPython refuses it too
				}
				t.Fatalf("%+v does not encode: %v", a, err)
			}
			if !bytes.Equal(again.buf[:again.len], r.buf[:again.len]) {
				t.Fatalf("% x -> %q -> % x", r.buf[:again.len], a.Host, again.buf[:again.len])
			}
		}
	})
}
