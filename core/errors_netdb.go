package core

// Own error codes of the module-level functions (netdb, conversions). They
// live in their own block, -40101 onwards, so that other areas can keep
// appending after ErrForkReload. Append only: the numbers are ABI
// (GOSOCK_E_* in gosock.h).
const (
	ErrIntTooBig     int64 = codeOwnBase - 101 // an int argument above INT_MAX
	ErrIntTooSmall   int64 = codeOwnBase - 102 // an int argument below INT_MIN
	ErrHtonsNegative int64 = codeOwnBase - 103
	ErrHtonsTooBig   int64 = codeOwnBase - 104
	ErrNtohsNegative int64 = codeOwnBase - 105
	ErrNtohsTooBig   int64 = codeOwnBase - 106
	ErrNegUnsigned   int64 = codeOwnBase - 107 // htonl/ntohl of a negative value
	ErrOver32Bits    int64 = codeOwnBase - 108 // htonl/ntohl above 2**32-1
	ErrInetAton      int64 = codeOwnBase - 109
	ErrInetPton      int64 = codeOwnBase - 110
	ErrNtoaLength    int64 = codeOwnBase - 111
	ErrNtopLength    int64 = codeOwnBase - 112
	ErrNtopFamily    int64 = codeOwnBase - 113 // Python appends " <af>"
	ErrServNotFound  int64 = codeOwnBase - 114
	ErrPortNotFound  int64 = codeOwnBase - 115
	ErrProtoNotFound int64 = codeOwnBase - 116
	ErrServPortRange int64 = codeOwnBase - 117
	ErrGNIFlowinfo   int64 = codeOwnBase - 118
	ErrGNIMultiple   int64 = codeOwnBase - 119
	ErrGNIIPv4Tuple  int64 = codeOwnBase - 120
	ErrNoInterface   int64 = codeOwnBase - 121
	ErrWildcardMulti int64 = codeOwnBase - 122
	ErrUnsupFamily   int64 = codeOwnBase - 123
	ErrUnknownFamily int64 = codeOwnBase - 124
)

func init() {
	for code, e := range map[int64]ownError{
		ErrIntTooBig:     {KindOverflow, "signed integer is greater than maximum"},
		ErrIntTooSmall:   {KindOverflow, "signed integer is less than minimum"},
		ErrHtonsNegative: {KindOverflow, "htons: can't convert negative Python int to C 16-bit unsigned integer"},
		ErrHtonsTooBig:   {KindOverflow, "htons: Python int too large to convert to C 16-bit unsigned integer"},
		ErrNtohsNegative: {KindOverflow, "ntohs: can't convert negative Python int to C 16-bit unsigned integer"},
		ErrNtohsTooBig:   {KindOverflow, "ntohs: Python int too large to convert to C 16-bit unsigned integer"},
		ErrNegUnsigned:   {KindOverflow, "can't convert negative value to unsigned int"},
		ErrOver32Bits:    {KindOverflow, "int larger than 32 bits"},
		ErrInetAton:      {KindOSError, "illegal IP address string passed to inet_aton"},
		ErrInetPton:      {KindOSError, "illegal IP address string passed to inet_pton"},
		ErrNtoaLength:    {KindOSError, "packed IP wrong length for inet_ntoa"},
		ErrNtopLength:    {KindValue, "invalid length of packed IP address string"},
		ErrNtopFamily:    {KindValue, "unknown address family"},
		ErrServNotFound:  {KindOSError, "service/proto not found"},
		ErrPortNotFound:  {KindOSError, "port/proto not found"},
		ErrProtoNotFound: {KindOSError, "protocol not found"},
		ErrServPortRange: {KindOverflow, "getservbyport: port must be 0-65535."},
		ErrGNIFlowinfo:   {KindOverflow, "getnameinfo(): flowinfo must be 0-1048575."},
		ErrGNIMultiple:   {KindOSError, "sockaddr resolved to multiple addresses"},
		ErrGNIIPv4Tuple:  {KindOSError, "IPv4 sockaddr must be 2 tuple"},
		ErrNoInterface:   {KindOSError, "no interface with this name"},
		ErrWildcardMulti: {KindOSError, "wildcard resolved to multiple address"},
		ErrUnsupFamily:   {KindOSError, "unsupported address family"},
		ErrUnknownFamily: {KindOSError, "unknown address family"},
	} {
		if _, dup := ownErrors[code]; dup {
			panic("core: own error code registered twice")
		}
		ownErrors[code] = e
	}
}

// cInt narrows an integer argument to a C int with the errors of CPython's
// "i" argument format.
func cInt(v int64) (int32, error) {
	switch {
	case v > 1<<31-1:
		return 0, own(ErrIntTooBig)
	case v < -1<<31:
		return 0, own(ErrIntTooSmall)
	}
	return int32(v), nil
}
