package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendfileChunk caps one sendfile(2) call at 1 GiB, as CPython does
// (bpo-38319).
const sendfileChunk = 1 << 30

// SendFile sends the file open on descriptor file over the connected
// stream socket sock with sendfile(2), the zero-copy loop of CPython's
// socket._sendfile_use_sendfile: count bytes from offset (count 0: up to
// the end of the file), without moving the file's own position. It returns
// the bytes sent, also when it fails, so that the caller can move the
// file position and resume.
//
// timeout is the socket's, in nanoseconds: -1 blocking, > 0 timeout mode,
// where each wait for the socket to become writable may last that long
// (CPython restarts the timeout for every chunk); a non-blocking socket
// (0) is rejected with ValueError, as in CPython, except for an empty file
// (0 bytes, no error). EINTR is returned, with the count so far, for the
// caller to resume after its signal handlers.
//
// Errors before anything was sent (fstat failing, a file sendfile(2)
// cannot read) are CPython's cue to fall back to send().
func SendFile(sock, file int, offset, count, timeout int64) (int64, error) {
	var st unix.Stat_t
	if err := unix.Fstat(file, &st); err != nil {
		return 0, err
	}
	if st.Size == 0 {
		return 0, nil
	}
	if timeout == 0 {
		return 0, own(ErrSendfileNonBlock)
	}
	block := st.Size
	if count > 0 {
		block = count
	}
	var sent int64
	for {
		if count > 0 {
			block = count - sent
			if block <= 0 {
				break
			}
		}
		off := offset + sent
		n, _, e := unix.Syscall6(unix.SYS_SENDFILE, uintptr(sock), uintptr(file),
			uintptr(unsafe.Pointer(&off)), uintptr(min(block, sendfileChunk)), 0, 0)
		switch {
		case e == unix.EAGAIN:
			var err error
			if timeout < 0 {
				err = waitForever(sock, unix.POLLOUT)
			} else {
				err = wait(sock, unix.POLLOUT, Monotonic()+timeout)
			}
			if err != nil {
				return sent, err
			}
			continue
		case e != 0:
			return sent, errnoErr(e)
		case n == 0:
			return sent, nil // end of file
		}
		sent += int64(n)
	}
	return sent, nil
}
