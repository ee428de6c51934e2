package core

import (
	"bytes"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The Go parsers and formatters of inet.go and inet_conv.go must accept and
// produce exactly what glibc's inet_pton, inet_ntop and inet_aton do: here
// they are compared with the real functions, reached through purego, on a
// corpus, on random input and under go test -fuzz.

var glibcInet struct {
	once     sync.Once
	err      error
	inetPton func(af int32, src *byte, dst *byte) int32
	inetNtop func(af int32, src *byte, dst *byte, size uint32) *byte
	inetAton func(src *byte, dst *byte) int32
}

func loadGlibcInet(t testing.TB) {
	glibcInet.once.Do(func() {
		h, err := purego.Dlopen(libcSOName, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			glibcInet.err = err
			return
		}
		purego.RegisterLibFunc(&glibcInet.inetPton, h, "inet_pton")
		purego.RegisterLibFunc(&glibcInet.inetNtop, h, "inet_ntop")
		purego.RegisterLibFunc(&glibcInet.inetAton, h, "inet_aton")
	})
	require.NoError(t, glibcInet.err)
}

// cStringArg is s up to its first NUL, as C sees it, NUL-terminated.
func cStringArg(s string) []byte {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return append([]byte(s), 0)
}

func glibcPton(af int, s string) ([]byte, bool) {
	var dst [16]byte
	src := cStringArg(s)
	if glibcInet.inetPton(int32(af), &src[0], &dst[0]) != 1 {
		return nil, false
	}
	if af == unix.AF_INET {
		return dst[:4], true
	}
	return dst[:], true
}

func glibcNtop(af int, b []byte) string {
	var dst [64]byte
	glibcInet.inetNtop(int32(af), &b[0], &dst[0], uint32(len(dst)))
	return cstring(unsafe.Pointer(&dst[0]))
}

func glibcAton(s string) ([4]byte, bool) {
	var dst [4]byte
	src := cStringArg(s)
	ok := glibcInet.inetAton(&src[0], &dst[0]) != 0
	return dst, ok
}

// checkParsers compares every parser with glibc on one string (without
// NULs: C would see a shorter string).
func checkParsers(t *testing.T, s string) {
	t.Helper()
	if strings.IndexByte(s, 0) >= 0 {
		return
	}
	want4, ok4 := glibcPton(unix.AF_INET, s)
	got4, gok4 := ParseIPv4(s)
	if ok4 != gok4 || (ok4 && !bytes.Equal(want4, got4[:])) {
		t.Errorf("ParseIPv4(%q) = %v %v, glibc %v %v", s, got4, gok4, want4, ok4)
	}
	want6, ok6 := glibcPton(unix.AF_INET6, s)
	got6, gok6 := ParseIPv6(s)
	if ok6 != gok6 || (ok6 && !bytes.Equal(want6, got6[:])) {
		t.Errorf("ParseIPv6(%q) = %v %v, glibc %v %v", s, got6, gok6, want6, ok6)
	}
	wantA, okA := glibcAton(s)
	gotA, gokA := ParseInetAton(s)
	if okA != gokA || (okA && wantA != gotA) {
		t.Errorf("ParseInetAton(%q) = %v %v, glibc %v %v", s, gotA, gokA, wantA, okA)
	}
}

func checkFormat(t *testing.T, b []byte) {
	t.Helper()
	if want := glibcNtop(unix.AF_INET6, b); formatIPv6(b) != want {
		t.Errorf("formatIPv6(% x) = %q, glibc %q", b, formatIPv6(b), want)
	}
	if want := glibcNtop(unix.AF_INET, b[:4]); formatIPv4(b[:4]) != want {
		t.Errorf("formatIPv4(% x) = %q, glibc %q", b[:4], formatIPv4(b[:4]), want)
	}
}

var parserCorpus = []string{
	"", ".", ":", "::", ":::", "0", "1", "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4",
	"1.2.3", "1.2.3.4.5", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\t", "127.1", "0x7f.1", "0X7F.1",
	"017.1", "08", "0x", "0xg", "0x.1", "4294967295", "4294967296", "0xffffffff", "037777777777",
	"040000000000", "1.16777215", "1.16777216", "1.2.65535", "1.2.65536", "99999999999999999999",
	"0::0", "1::", "::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
	"1::3:4:5:6:7:8", "12345::", "01234::", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
	"1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:0", "1::260.2.3.0", "::1.2.3", "1::abc::", ":1::", "1:",
	"1.2.3.4::", "::ffff:01.2.3.4", "fe80::1%lo", "::1 ", "1e3", "+1", "-1", "1.-2.3.4",
}

func TestParsersMatchGlibc(t *testing.T) {
	loadGlibcInet(t)
	for _, s := range parserCorpus {
		checkParsers(t, s)
	}
	// Random strings over the characters that matter.
	rng := rand.New(rand.NewSource(1))
	alphabet := "0123456789abcdefxX.: \t%g"
	for i := 0; i < 200000; i++ {
		n := rng.Intn(24)
		b := make([]byte, n)
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		checkParsers(t, string(b))
	}
	// Text forms of random addresses, which must round-trip.
	for i := 0; i < 20000; i++ {
		var ip [16]byte
		for j := range ip {
			if rng.Intn(3) > 0 {
				ip[j] = byte(rng.Intn(256))
			}
		}
		checkParsers(t, formatIPv6(ip[:]))
		checkParsers(t, formatIPv4(ip[:4]))
	}
}

func TestFormatMatchesGlibc(t *testing.T) {
	loadGlibcInet(t)
	// Every pattern of zero and non-zero groups, with v4-style tails.
	for mask := 0; mask < 256; mask++ {
		for _, fill := range []uint16{1, 0xffff, 0x1234} {
			b := make([]byte, 16)
			for i := 0; i < 8; i++ {
				if mask>>i&1 == 0 {
					b[2*i], b[2*i+1] = byte(fill>>8), byte(fill)
				}
			}
			checkFormat(t, b)
		}
	}
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 50000; i++ {
		b := make([]byte, 16)
		for j := range b {
			if rng.Intn(2) == 0 {
				b[j] = byte(rng.Intn(256))
			}
		}
		checkFormat(t, b)
	}
}

func FuzzParsers(f *testing.F) {
	for _, s := range parserCorpus {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loadGlibcInet(t)
		checkParsers(t, s)
	})
}

func FuzzFormat(f *testing.F) {
	f.Add(make([]byte, 16))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 16 {
			return
		}
		loadGlibcInet(t)
		checkFormat(t, b[:16])
	})
}
