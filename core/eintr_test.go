package core

import "golang.org/x/sys/unix"

// untilNotEINTR runs op again while it fails with EINTR, as every caller of
// core must (see call.go). The test binary gets signals of its own (the Go
// runtime's, SIGCHLD from tests that run programs), and poll(2) is never
// restarted after a signal handler, whatever SA_RESTART says.
func untilNotEINTR(op func() error) error {
	for {
		if err := op(); err != unix.EINTR {
			return err
		}
	}
}
