package core

// Own error codes of ancillary data, sendfile and the Linux address
// families. They live in their own block (codeOwnBase-201 …) so that the
// numbers of other areas can grow without collisions. Append only: the
// numbers are ABI (GOSOCK_E_* in gosock.h).
const (
	ErrCmsgItemTooLarge  int64 = codeOwnBase - 201
	ErrCmsgTooMuch       int64 = codeOwnBase - 202
	ErrCmsgLenRange      int64 = codeOwnBase - 203
	ErrCmsgSpaceRange    int64 = codeOwnBase - 204
	ErrAncBufLen         int64 = codeOwnBase - 205
	ErrSockaddrLenFamily int64 = codeOwnBase - 206
	ErrSendfileNonBlock  int64 = codeOwnBase - 207
	ErrAlgOnly           int64 = codeOwnBase - 208
	ErrPacketHWAddrLong  int64 = codeOwnBase - 209
	ErrPacketProtoRange  int64 = codeOwnBase - 210
	ErrCANIfnameLong     int64 = codeOwnBase - 211
	ErrCANProto          int64 = codeOwnBase - 212
	ErrTIPCAddrType      int64 = codeOwnBase - 213
	ErrTIPCBadAddrType   int64 = codeOwnBase - 214
	ErrALGTypeLong       int64 = codeOwnBase - 215
	ErrALGNameLong       int64 = codeOwnBase - 216
	ErrAFALGOp           int64 = codeOwnBase - 217
)

var msgErrors = map[int64]ownError{
	ErrCmsgItemTooLarge:  {KindOSError, "ancillary data item too large"},
	ErrCmsgTooMuch:       {KindOSError, "too much ancillary data"},
	ErrCmsgLenRange:      {KindOverflow, "CMSG_LEN() argument out of range"},
	ErrCmsgSpaceRange:    {KindOverflow, "CMSG_SPACE() argument out of range"},
	ErrAncBufLen:         {KindValue, "invalid ancillary data buffer length"},
	ErrSockaddrLenFamily: {KindOSError, "getsockaddrlen: bad family"},
	ErrSendfileNonBlock:  {KindValue, "non-blocking sockets are not supported"},
	ErrAlgOnly:           {KindOSError, "algset is only supported for AF_ALG"},
	ErrPacketHWAddrLong:  {KindValue, "Hardware address must be 8 bytes or less"},
	ErrPacketProtoRange:  {KindOverflow, "proto must be 0-65535."},
	ErrCANIfnameLong:     {KindOSError, "AF_CAN interface name too long"},
	ErrCANProto:          {KindOSError, "unsupported CAN protocol"},
	ErrTIPCAddrType:      {KindType, "Invalid address type"},
	ErrTIPCBadAddrType:   {KindValue, "Invalid address type"},
	ErrALGTypeLong:       {KindValue, "AF_ALG type too long."},
	ErrALGNameLong:       {KindValue, "AF_ALG name too long."},
	ErrAFALGOp:           {KindType, "Invalid or missing argument 'op'"},
}

func init() {
	for code, e := range msgErrors {
		if _, dup := ownErrors[code]; dup {
			panic("core: own error code registered twice")
		}
		ownErrors[code] = e
	}
}
