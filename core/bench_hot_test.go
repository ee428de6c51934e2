package core

import (
	"testing"

	"golang.org/x/sys/unix"
)

// Allocation checks for the hot paths (go test -bench Hot -benchmem ./core).

func BenchmarkHotGetAddrInfo(b *testing.B) {
	host, port := "localhost", "80"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := GetAddrInfo(&host, &port, 0, 0, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHotSockName(b *testing.B) {
	s, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	if err != nil {
		b.Fatal(err)
	}
	defer Close(s.Fd)
	if err := Bind(s.Fd, s.Family, &Addr{Host: "127.0.0.1"}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := SockName(s.Fd); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHotSendRecv(b *testing.B) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	buf := make([]byte, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Send(fds[0], buf, 0, -1); err != nil {
			b.Fatal(err)
		}
		if _, err := Recv(fds[1], buf, 0, -1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHotSendToRecvFrom(b *testing.B) {
	s, err := Open(unix.AF_INET, unix.SOCK_DGRAM, 0, -1)
	if err != nil {
		b.Fatal(err)
	}
	defer Close(s.Fd)
	if err := Bind(s.Fd, s.Family, &Addr{Host: "127.0.0.1"}); err != nil {
		b.Fatal(err)
	}
	self, err := SockName(s.Fd)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 32)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := SendTo(s.Fd, s.Family, buf, 0, &self, -1); err != nil {
			b.Fatal(err)
		}
		if _, _, err := RecvFrom(s.Fd, buf, 0, -1); err != nil {
			b.Fatal(err)
		}
	}
}
