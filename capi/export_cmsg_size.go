package main

/*
#include "gosock.h"
*/
import "C"

import (
	"github.com/gosock/gosock/core"
)

// The msg branch exports the very same two functions (capi/export_msg.go):
// when both branches meet, delete this file and keep theirs.

//export gosockgo_cmsg_len
func gosockgo_cmsg_len(n C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	l, err := core.CmsgLen(int64(n))
	return result(int(l), err)
}

//export gosockgo_cmsg_space
func gosockgo_cmsg_space(n C.int64_t) (ret C.int64_t) {
	defer recoverInto(&ret)
	l, err := core.CmsgSpace(int64(n))
	return result(int(l), err)
}
