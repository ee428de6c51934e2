package core

import (
	"golang.org/x/sys/unix"
)

// Kind says which Python exception an error becomes. The numbers are part of
// the C ABI (GOSOCK_KIND_* in gosock.h) and are never renumbered.
type Kind int32

const (
	KindOK       Kind = 0
	KindOSError  Kind = 1 // OSError(errno, strerror) or OSError(message)
	KindTimeout  Kind = 2 // TimeoutError("timed out")
	KindGAI      Kind = 3 // gaierror(eai, gai_strerror)
	KindHError   Kind = 4 // herror(h_errno, hstrerror)
	KindValue    Kind = 5 // ValueError(message)
	KindType     Kind = 6 // TypeError(message)
	KindOverflow Kind = 7 // OverflowError(message)
	KindInternal Kind = 8 // SystemError: a Go panic, a bug in gosock
)

// Code ranges of the single int64 error number that crosses the C ABI.
// A negative result is an error; its range says the kind:
//
//	-1 … -4095          -errno                         (OSError)
//	CodeTimeout                                        (TimeoutError)
//	codeGAIBase + eai   eai is glibc's negative EAI_*  (gaierror)
//	codeHBase - h_errno                                (herror)
//	codeOwnBase - n     gosock's own fixed messages    (see ownErrors)
const (
	CodeTimeout int64 = -10001
	codeGAIBase int64 = -20000
	codeHBase   int64 = -30000
	codeOwnBase int64 = -40000
)

// Error is an error that maps to one ABI code. Errno values from x/sys/unix
// are also accepted wherever an error is converted to a code.
type Error struct {
	Code int64
}

func (e *Error) Error() string { return Message(e.Code) }

// ErrTimeout is returned when a deadline passes before the operation could
// complete; Python raises TimeoutError("timed out").
var ErrTimeout error = &Error{Code: CodeTimeout}

// GAIError wraps a getaddrinfo/getnameinfo EAI_* code (negative, as glibc).
func GAIError(eai int) error { return &Error{Code: codeGAIBase + int64(eai)} }

// HError wraps an h_errno value from the gethostby* family.
func HError(h int) error { return &Error{Code: codeHBase - int64(h)} }

type ownError struct {
	kind Kind
	msg  string
}

// Own error codes. Append only: the numbers are ABI.
const (
	ErrPanic         int64 = codeOwnBase - 1
	ErrBadFamily     int64 = codeOwnBase - 2
	ErrPortRange     int64 = codeOwnBase - 3
	ErrFlowinfo      int64 = codeOwnBase - 4
	ErrUnixPathLong  int64 = codeOwnBase - 5
	ErrFamilyMismtch int64 = codeOwnBase - 6
	ErrNegativeSize  int64 = codeOwnBase - 7
	ErrBufTooSmall   int64 = codeOwnBase - 8
	ErrAddrTooLong   int64 = codeOwnBase - 9
	ErrInvalidArg    int64 = codeOwnBase - 10
	ErrHostNUL       int64 = codeOwnBase - 11
	ErrNoAddress     int64 = codeOwnBase - 12
	ErrBadAddrLen    int64 = codeOwnBase - 13
	ErrScopeRange    int64 = codeOwnBase - 14
	ErrTimeoutRange  int64 = codeOwnBase - 15
	ErrBadTimeout    int64 = codeOwnBase - 16
	ErrOptlenRange   int64 = codeOwnBase - 17
	ErrNullPointer   int64 = codeOwnBase - 18
	ErrNegativeFd    int64 = codeOwnBase - 19
	ErrForkReload    int64 = codeOwnBase - 20 // raised by capi's C dispatch only
)

var ownErrors = map[int64]ownError{
	ErrPanic:         {KindInternal, "gosock: internal error (Go panic)"},
	ErrBadFamily:     {KindOSError, "getsockaddrarg: bad family"},
	ErrPortRange:     {KindOverflow, "port must be 0-65535."},
	ErrFlowinfo:      {KindOverflow, "flowinfo must be 0-1048575."},
	ErrUnixPathLong:  {KindOSError, "AF_UNIX path too long"},
	ErrFamilyMismtch: {KindOSError, "address family mismatched"},
	ErrNegativeSize:  {KindValue, "negative buffersize"},
	ErrBufTooSmall:   {KindValue, "buffer too small for requested bytes"},
	ErrAddrTooLong:   {KindOSError, "address too long"},
	ErrInvalidArg:    {KindValue, "invalid argument"},
	ErrHostNUL:       {KindValue, "embedded null character"},
	ErrNoAddress:     {KindOSError, "no address"},
	ErrBadAddrLen:    {KindOSError, "unsupported address length"},
	ErrScopeRange:    {KindOverflow, "scope_id out of range"},
	ErrTimeoutRange:  {KindOverflow, "timeout doesn't fit into C timeval"},
	ErrBadTimeout:    {KindValue, "Timeout value out of range"},
	ErrOptlenRange:   {KindOSError, "getsockopt buflen out of range"},
	ErrNullPointer:   {KindValue, "NULL pointer argument"},
	ErrNegativeFd:    {KindValue, "negative file descriptor"},
	ErrForkReload:    {KindOSError, "gosock: the forked child could not load its copy of libgosock"},
}

func own(code int64) error { return &Error{Code: code} }

// Code converts any error returned by core to its ABI code (0 for nil).
func Code(err error) int64 {
	switch e := err.(type) {
	case nil:
		return 0
	case unix.Errno:
		return -int64(e)
	case *Error:
		return e.Code
	}
	return ErrPanic
}

// Classify splits an ABI code into the exception kind and the number Python
// puts in the exception's first argument (errno, EAI code, h_errno; 0 when
// the exception carries only a message).
func Classify(code int64) (Kind, int) {
	switch {
	case code >= 0:
		return KindOK, 0
	case code > -4096:
		return KindOSError, int(-code)
	case code == CodeTimeout:
		return KindTimeout, 0
	case code > codeGAIBase-1000 && code < codeGAIBase+1000:
		return KindGAI, int(code - codeGAIBase)
	case code <= codeHBase && code > codeHBase-1000:
		return KindHError, int(codeHBase - code)
	}
	if e, ok := ownErrors[code]; ok {
		return e.kind, 0
	}
	return KindInternal, 0
}

// Message is the text Python puts in the exception for code: strerror for
// errno values, gai_strerror/hstrerror for resolver codes, a fixed text for
// gosock's own codes. It is the C library's text, as CPython shows it.
func Message(code int64) string {
	kind, num := Classify(code)
	switch kind {
	case KindOK:
		return "Success"
	case KindOSError:
		if num != 0 {
			return strerror(num)
		}
	case KindTimeout:
		return "timed out"
	case KindGAI:
		return gaiStrerror(num)
	case KindHError:
		return hstrerror(num)
	}
	if e, ok := ownErrors[code]; ok {
		return e.msg
	}
	return "unknown gosock error"
}
