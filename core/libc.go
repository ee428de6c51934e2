package core

import (
	"strconv"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// The C library is reached through purego rather than cgo so that core
// builds and tests with CGO_ENABLED=0, while name resolution still honours
// /etc/hosts, nsswitch.conf and gai.conf exactly as CPython's does.

var libc struct {
	once sync.Once
	err  error

	strerrorR   func(errnum int32, buf *byte, n uintptr) unsafe.Pointer
	gaiStrerror func(code int32) unsafe.Pointer
	hstrerror   func(code int32) unsafe.Pointer
	// getaddrinfo and freeaddrinfo are called through purego.SyscallN:
	// a RegisterLibFunc function goes through reflect.MakeFunc, which cost
	// ~1 µs and an allocation per call (plus the GC work to sweep them).
	getaddrinfoFn  uintptr
	freeaddrinfoFn uintptr
	getnameinfo    func(sa unsafe.Pointer, salen uint32, host *byte, hostlen uint32, serv *byte, servlen uint32, flags int32) int32
	ifNametoindex  func(name *byte) uint32
}

// libcSOName is the glibc soname on Linux.
const libcSOName = "libc.so.6"

func loadLibc() error {
	libc.once.Do(func() {
		h, err := purego.Dlopen(libcSOName, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			libc.err = err
			return
		}
		purego.RegisterLibFunc(&libc.strerrorR, h, "strerror_r")
		purego.RegisterLibFunc(&libc.gaiStrerror, h, "gai_strerror")
		purego.RegisterLibFunc(&libc.hstrerror, h, "hstrerror")
		if libc.getaddrinfoFn, err = purego.Dlsym(h, "getaddrinfo"); err != nil {
			libc.err = err
			return
		}
		if libc.freeaddrinfoFn, err = purego.Dlsym(h, "freeaddrinfo"); err != nil {
			libc.err = err
			return
		}
		purego.RegisterLibFunc(&libc.getnameinfo, h, "getnameinfo")
		purego.RegisterLibFunc(&libc.ifNametoindex, h, "if_nametoindex")
	})
	return libc.err
}

// cstring copies a NUL-terminated C string into Go memory.
func cstring(p unsafe.Pointer) string {
	if p == nil {
		return ""
	}
	n := 0
	for *(*byte)(unsafe.Add(p, n)) != 0 {
		n++
	}
	return string(unsafe.Slice((*byte)(p), n))
}

// cbytes returns s as a NUL-terminated byte slice, or an error if s holds a
// NUL (C would silently cut the string there).
func cbytes(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return nil, own(ErrHostNUL)
		}
	}
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b, nil
}

var msgCache sync.Map // int64 code -> string

func cachedMessage(code int64, f func() string) string {
	if m, ok := msgCache.Load(code); ok {
		return m.(string)
	}
	m := f()
	msgCache.Store(code, m)
	return m
}

func strerror(errnum int) string {
	return cachedMessage(-int64(errnum), func() string {
		if loadLibc() != nil {
			return "errno " + strconv.Itoa(errnum)
		}
		var buf [256]byte
		// GNU strerror_r returns a pointer to the message (maybe not buf).
		return cstring(libc.strerrorR(int32(errnum), &buf[0], uintptr(len(buf))))
	})
}

func gaiStrerror(eai int) string {
	return cachedMessage(codeGAIBase+int64(eai), func() string {
		if loadLibc() != nil {
			return "getaddrinfo error " + strconv.Itoa(eai)
		}
		return cstring(libc.gaiStrerror(int32(eai)))
	})
}

func hstrerror(h int) string {
	return cachedMessage(codeHBase-int64(h), func() string {
		if loadLibc() != nil {
			return "resolver error " + strconv.Itoa(h)
		}
		return cstring(libc.hstrerror(int32(h)))
	})
}
