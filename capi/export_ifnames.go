package main

/*
#include <stdlib.h>
#include "gosock.h"
*/
import "C"

import (
	"github.com/gosock/gosock/core"
)

// Network interface names and indexes.

//export gosockgo_if_nameindex
func gosockgo_if_nameindex(out **C.gosock_ifname) (ret C.int64_t) {
	defer recoverInto(&ret)
	if out == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	*out = nil
	list, err := core.IfNameIndex()
	if err != nil {
		return status(err)
	}
	if len(list) == 0 {
		return 0
	}
	arr := cArray[C.gosock_ifname](len(list))
	for i, ifn := range list {
		arr[i].index = C.uint32_t(ifn.Index)
		copyCString(arr[i].name[:], ifn.Name)
	}
	*out = &arr[0]
	return C.int64_t(len(list))
}

//export gosockgo_if_nametoindex
func gosockgo_if_nametoindex(name *C.char) (ret C.int64_t) {
	defer recoverInto(&ret)
	if name == nil {
		return C.int64_t(core.ErrNullPointer)
	}
	index, err := core.IfNameToIndex(C.GoString(name))
	return result(int(index), err)
}

//export gosockgo_if_indextoname
func gosockgo_if_indextoname(index C.uint32_t, out *C.char, outlen C.size_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	name, err := core.IfIndexToName(uint32(index))
	return textResult(name, err, out, outlen)
}
