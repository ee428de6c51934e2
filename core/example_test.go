package core_test

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gosock/gosock/core"
)

// A connected pair of Unix stream sockets in blocking mode: what one end
// sends, the other receives.
func ExampleSocketPair() {
	a, b, err := core.SocketPair(core.AF_UNIX, core.SOCK_STREAM, 0, -1)
	if err != nil {
		fmt.Println("socketpair:", err)
		return
	}
	defer core.Close(a.Fd)
	defer core.Close(b.Fd)

	// Blocking mode: no deadline, the kernel waits.
	if _, err := core.SendAll(a.Fd, []byte("ping"), 0, core.NoDeadline); err != nil {
		fmt.Println("sendall:", err)
		return
	}
	buf := make([]byte, 16)
	n, err := core.Recv(b.Fd, buf, 0, core.NoDeadline)
	if err != nil {
		fmt.Println("recv:", err)
		return
	}
	fmt.Printf("b received %q\n", buf[:n])

	// Echo it back.
	core.SendAll(b.Fd, buf[:n], 0, core.NoDeadline)
	n, _ = core.Recv(a.Fd, buf, 0, core.NoDeadline)
	fmt.Printf("a received %q\n", buf[:n])
	// Output:
	// b received "ping"
	// a received "ping"
}

// A TCP connection on the loopback interface in timeout mode: one deadline
// covers the connection, a receive that times out, and the reply.
func ExampleConnect() {
	ln, err := core.Open(core.AF_INET, core.SOCK_STREAM, 0, -1)
	if err != nil {
		fmt.Println("socket:", err)
		return
	}
	defer core.Close(ln.Fd)
	// Port 0: the kernel picks a free port; SockName tells which.
	if err := core.Bind(ln.Fd, ln.Family, &core.Addr{Family: core.AF_INET, Host: "127.0.0.1"}); err != nil {
		fmt.Println("bind:", err)
		return
	}
	core.Listen(ln.Fd, core.DefaultBacklog)
	addr, _ := core.SockName(ln.Fd)

	// A client in timeout mode: the descriptor is non-blocking and each
	// call waits until its deadline at most.
	timeout := (2 * time.Second).Nanoseconds()
	c, err := core.Open(core.AF_INET, core.SOCK_STREAM, 0, timeout)
	if err != nil {
		fmt.Println("socket:", err)
		return
	}
	defer core.Close(c.Fd)
	deadline := core.DeadlineAfter(timeout)
	err = core.Connect(c.Fd, c.Family, &addr, deadline)
	for errors.Is(err, unix.EINTR) {
		// A signal came; the kernel goes on connecting. Wait for it, with
		// the same deadline.
		err = core.ConnectWait(c.Fd, deadline)
	}
	if err != nil {
		fmt.Println("connect:", err)
		return
	}
	srv, _, err := core.Accept(ln.Fd, deadline)
	if err != nil {
		fmt.Println("accept:", err)
		return
	}
	defer core.Close(srv)

	// Nothing was sent yet: a receive with a 50 ms deadline times out.
	buf := make([]byte, 64)
	_, err = core.Recv(c.Fd, buf, 0, core.DeadlineAfter((50 * time.Millisecond).Nanoseconds()))
	fmt.Println("first recv:", err, err == core.ErrTimeout)

	core.SendAll(srv, []byte("hello"), 0, core.NoDeadline)
	n, err := core.Recv(c.Fd, buf, 0, deadline)
	for errors.Is(err, unix.EINTR) {
		n, err = core.Recv(c.Fd, buf, 0, deadline) // same deadline: the time left
	}
	if err != nil {
		fmt.Println("recv:", err)
		return
	}
	fmt.Printf("second recv: %q\n", buf[:n])
	// Output:
	// first recv: timed out true
	// second recv: "hello"
}

// Resolving a name with the C library's getaddrinfo (so /etc/hosts and
// nsswitch.conf apply), and what a resolver error looks like.
func ExampleGetAddrInfo() {
	host, port := "localhost", "80"
	res, err := core.GetAddrInfo(&host, &port, core.AF_INET, core.SOCK_STREAM, 0, 0)
	if err != nil {
		fmt.Println("getaddrinfo:", err)
		return
	}
	ai := res[0]
	fmt.Println(ai.Family == core.AF_INET, ai.Type == core.SOCK_STREAM, ai.Addr.Host, ai.Addr.Port)

	// With AI_NUMERICHOST a name is not looked up: a gaierror (EAI_NONAME).
	_, err = core.GetAddrInfo(&host, &port, core.AF_INET, core.SOCK_STREAM, 0, core.AI_NUMERICHOST)
	kind, eai := core.Classify(core.Code(err))
	fmt.Println(kind == core.KindGAI, eai == core.EAI_NONAME, err)
	// Output:
	// true true 127.0.0.1 80
	// true true Name or service not known
}
