package core

// CMSG_LEN and CMSG_SPACE for the module-level functions.
//
// The msg branch (sendmsg/recvmsg) defines the very same names, numbers and
// behaviour in core/msg.go and core/errors_msg.go: when both branches meet,
// delete this file (and capi/export_cmsg_size.go) and keep theirs.

const (
	ErrCmsgLenRange   int64 = codeOwnBase - 203
	ErrCmsgSpaceRange int64 = codeOwnBase - 204
)

func init() {
	ownErrors[ErrCmsgLenRange] = ownError{KindOverflow, "CMSG_LEN() argument out of range"}
	ownErrors[ErrCmsgSpaceRange] = ownError{KindOverflow, "CMSG_SPACE() argument out of range"}
}

// Linux's control message layout: a 16-byte header (cmsg_len as a size_t,
// then level and type as ints), data aligned to a size_t.
const (
	cmsgHeaderLen = 16
	cmsgAlignment = 8
	// SocklenLimit is the largest ancillary size CPython accepts: INT_MAX.
	SocklenLimit = 0x7fffffff
)

func cmsgAligned(n int64) int64 { return (n + cmsgAlignment - 1) &^ (cmsgAlignment - 1) }

// CmsgLen returns CMSG_LEN(n): the cmsg_len of an item with n data bytes.
func CmsgLen(n int64) (int64, error) {
	if n < 0 || n > SocklenLimit-cmsgHeaderLen {
		return 0, own(ErrCmsgLenRange)
	}
	return cmsgHeaderLen + n, nil
}

// CmsgSpace returns CMSG_SPACE(n): the buffer space an item with n data
// bytes takes, padding included. Like CPython it checks against
// CMSG_SPACE(1), to account for padding before and after the data.
func CmsgSpace(n int64) (int64, error) {
	if n < 0 || n > SocklenLimit-(cmsgAligned(1)+cmsgHeaderLen) {
		return 0, own(ErrCmsgSpaceRange)
	}
	return cmsgAligned(n) + cmsgHeaderLen, nil
}
