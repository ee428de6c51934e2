package core

import (
	"golang.org/x/sys/unix"
)

// GetHostname is socket.gethostname: the kernel's node name, as
// gethostname(2) reports it.
func GetHostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", err
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// SetHostname is socket.sethostname: sethostname(2) with the name's bytes
// (EPERM without CAP_SYS_ADMIN, EINVAL when longer than 64 bytes).
func SetHostname(name []byte) error {
	return unix.Sethostname(name)
}
