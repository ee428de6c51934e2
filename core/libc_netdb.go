package core

import (
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
	"golang.org/x/sys/unix"
)

// The C library's netdb functions (hosts, services, protocols, interfaces),
// reached through purego like getaddrinfo (libc.go). The reentrant _r
// variants are used; their results live in a buffer of ours.

// hostent, servent, protoent and ifNameIndex mirror glibc's structs on
// 64-bit Linux. Their pointers point into our buffer or C memory.
type hostent struct {
	name     *byte
	aliases  **byte
	addrtype int32
	length   int32
	addrList **byte
}

type servent struct {
	name    *byte
	aliases **byte
	port    int32
	_       int32
	proto   *byte
}

type protoent struct {
	name    *byte
	aliases **byte
	proto   int32
	_       int32
}

type ifNameIndex struct {
	index uint32
	_     uint32
	name  *byte
}

var netdb struct {
	once sync.Once
	err  error

	gethostbynameR  func(name *byte, ret *hostent, buf *byte, buflen uintptr, result **hostent, herr *int32) int32
	gethostbyaddrR  func(addr *byte, length uint32, typ int32, ret *hostent, buf *byte, buflen uintptr, result **hostent, herr *int32) int32
	getservbynameR  func(name, proto *byte, ret *servent, buf *byte, buflen uintptr, result **servent) int32
	getservbyportR  func(port int32, proto *byte, ret *servent, buf *byte, buflen uintptr, result **servent) int32
	getprotobynameR func(name *byte, ret *protoent, buf *byte, buflen uintptr, result **protoent) int32
	ifNameindex     func() *ifNameIndex
	ifFreenameindex func(p *ifNameIndex)
	ifIndextoname   func(index uint32, name *byte) *byte
	hErrnoLocation  func() *int32
	errnoLocation   func() *int32
}

func loadNetdb() error {
	netdb.once.Do(func() {
		h, err := purego.Dlopen(libcSOName, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			netdb.err = err
			return
		}
		purego.RegisterLibFunc(&netdb.gethostbynameR, h, "gethostbyname_r")
		purego.RegisterLibFunc(&netdb.gethostbyaddrR, h, "gethostbyaddr_r")
		purego.RegisterLibFunc(&netdb.getservbynameR, h, "getservbyname_r")
		purego.RegisterLibFunc(&netdb.getservbyportR, h, "getservbyport_r")
		purego.RegisterLibFunc(&netdb.getprotobynameR, h, "getprotobyname_r")
		purego.RegisterLibFunc(&netdb.ifNameindex, h, "if_nameindex")
		purego.RegisterLibFunc(&netdb.ifFreenameindex, h, "if_freenameindex")
		purego.RegisterLibFunc(&netdb.ifIndextoname, h, "if_indextoname")
		purego.RegisterLibFunc(&netdb.hErrnoLocation, h, "__h_errno_location")
		purego.RegisterLibFunc(&netdb.errnoLocation, h, "__errno_location")
	})
	return netdb.err
}

// errNoLibc is the error when the C library cannot be loaded.
const errNoLibc = unix.ENOSYS

// onThread runs f locked to the current OS thread, so that the C library's
// thread-local errno and h_errno read afterwards belong to f's calls.
func onThread(f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	f()
}

// cstr reads a NUL-terminated C string (nil is "").
func cstr(p *byte) string { return cstring(unsafe.Pointer(p)) }

// cstrList reads a NULL-terminated array of C strings.
func cstrList(pp **byte) []string {
	out := []string{}
	if pp == nil {
		return out
	}
	for p := pp; *p != nil; p = (**byte)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(p))) {
		out = append(out, cstr(*p))
	}
	return out
}

// retryRange calls f with growing buffers while it reports ERANGE.
func retryRange(f func(buf []byte) int32) int32 {
	size := 1024
	for {
		buf := make([]byte, size)
		rc := f(buf)
		if rc != int32(unix.ERANGE) || size >= 1<<20 {
			return rc
		}
		size *= 4
	}
}
