package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Network interfaces by name and index, through the C library's
// if_nameindex(3) family.

// IfName is one network interface: its index and name.
type IfName struct {
	Index uint32
	Name  string
}

// IfNameIndex is socket.if_nameindex: every interface, in the C library's
// order.
func IfNameIndex() ([]IfName, error) {
	if loadNetdb() != nil {
		return nil, errNoLibc
	}
	var list *ifNameIndex
	var errno int32
	onThread(func() {
		list = netdb.ifNameindex()
		if list == nil {
			errno = *netdb.errnoLocation()
		}
	})
	if list == nil {
		return nil, unix.Errno(errno)
	}
	defer netdb.ifFreenameindex(list)
	out := []IfName{}
	for p := list; p.index != 0; p = (*ifNameIndex)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(*p))) {
		out = append(out, IfName{Index: p.index, Name: cstr(p.name)})
	}
	return out, nil
}

// IfNameToIndex is socket.if_nametoindex: the index of the named interface.
func IfNameToIndex(name string) (uint32, error) {
	b, err := cbytes(name)
	if err != nil {
		return 0, err
	}
	if loadLibc() != nil {
		return 0, errNoLibc
	}
	index := libc.ifNametoindex(&b[0])
	if index == 0 {
		return 0, own(ErrNoInterface) // if_nametoindex does not set errno
	}
	return index, nil
}

// IfIndexToName is socket.if_indextoname: the name of the interface with
// that index (ENXIO when there is none).
func IfIndexToName(index uint32) (string, error) {
	if loadNetdb() != nil {
		return "", errNoLibc
	}
	var buf [unix.IFNAMSIZ + 1]byte
	var res *byte
	var errno int32
	onThread(func() {
		res = netdb.ifIndextoname(index, &buf[0])
		if res == nil {
			errno = *netdb.errnoLocation()
		}
	})
	if res == nil {
		return "", unix.Errno(errno)
	}
	return unix.ByteSliceToString(buf[:]), nil
}
