package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func tcpPair(t *testing.T) (Info, Info, Info) {
	t.Helper()
	l, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	require.NoError(t, Bind(l.Fd, l.Family, &Addr{Host: "127.0.0.1"}))
	require.NoError(t, Listen(l.Fd, DefaultBacklog))
	name, err := SockName(l.Fd)
	require.NoError(t, err)
	c, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	require.NoError(t, Connect(c.Fd, c.Family, &name, NoDeadline))
	afd, peer, err := Accept(l.Fd, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", peer.Host)
	a, err := Adopt(afd, -1, -1, -1, -1)
	require.NoError(t, err)
	t.Cleanup(func() { Close(l.Fd); Close(c.Fd); Close(a.Fd) })
	return l, c, a
}

func TestOpenDefaultsAndFlags(t *testing.T) {
	s, err := Open(-1, -1, -1, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	assert.Equal(t, unix.AF_INET, s.Family)
	assert.Equal(t, unix.SOCK_STREAM, s.Type)
	assert.Equal(t, int64(-1), s.Timeout)
	inh, err := Inheritable(s.Fd)
	require.NoError(t, err)
	assert.False(t, inh, "PEP 446: not inheritable by default")

	nb, err := Open(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0, -1)
	require.NoError(t, err)
	defer Close(nb.Fd)
	assert.Equal(t, unix.SOCK_STREAM, nb.Type, "flags masked out of the type")
	assert.Equal(t, int64(0), nb.Timeout)

	dt, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, int64(time.Second))
	require.NoError(t, err)
	defer Close(dt.Fd)
	assert.Equal(t, int64(time.Second), dt.Timeout)
	fl, err := unix.FcntlInt(uintptr(dt.Fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.NotZero(t, fl&unix.O_NONBLOCK, "timeout mode is O_NONBLOCK")
}

func TestOpenErrors(t *testing.T) {
	_, err := Open(12345, unix.SOCK_STREAM, 0, -1)
	assert.Equal(t, unix.EAFNOSUPPORT, err)
	_, err = Adopt(-1, -1, -1, -1, -1)
	assert.Equal(t, ErrNegativeFd, Code(err))
	_, err = Adopt(987654, -1, -1, -1, -1)
	assert.Equal(t, unix.EBADF, err)
	r, w, err := pipe()
	require.NoError(t, err)
	defer Close(r)
	defer Close(w)
	_, err = Adopt(r, -1, -1, -1, -1)
	assert.Equal(t, unix.ENOTSOCK, err)
}

func pipe() (int, int, error) {
	var p [2]int
	err := unix.Pipe2(p[:], unix.O_CLOEXEC)
	return p[0], p[1], err
}

func TestAdoptDetectsFamilyTypeProto(t *testing.T) {
	s, err := Open(unix.AF_INET6, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	a, err := Adopt(s.Fd, -1, -1, -1, -1)
	require.NoError(t, err)
	assert.Equal(t, unix.AF_INET6, a.Family)
	assert.Equal(t, unix.SOCK_DGRAM, a.Type)
	assert.Equal(t, unix.IPPROTO_UDP, a.Proto)
}

func TestSendRecvAndTimeout(t *testing.T) {
	_, c, a := tcpPair(t)
	n, err := Send(c.Fd, []byte("hello"), 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	buf := make([]byte, 16)
	n, err = Recv(a.Fd, buf, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(buf[:n]))

	require.NoError(t, SetTimeout(a.Fd, int64(50*time.Millisecond)))
	start := time.Now()
	deadline := DeadlineAfter(int64(50 * time.Millisecond))
	err = untilNotEINTR(func() error { _, err := Recv(a.Fd, buf, 0, deadline); return err })
	assert.Equal(t, ErrTimeout, err)
	assert.Equal(t, CodeTimeout, Code(err))
	assert.GreaterOrEqual(t, time.Since(start), 45*time.Millisecond)

	// Non-blocking mode: EAGAIN comes straight back.
	_, err = Recv(a.Fd, buf, 0, NoDeadline)
	assert.Equal(t, unix.EAGAIN, err)
}

func TestSendAllLarge(t *testing.T) {
	_, c, a := tcpPair(t)
	data := make([]byte, 8<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	got := make([]byte, 0, len(data))
	done := make(chan struct{})
	go func() { // test-only helper thread: the reader
		defer close(done)
		buf := make([]byte, 65536)
		for len(got) < len(data) {
			n, err := Recv(a.Fd, buf, 0, NoDeadline)
			if err != nil || n == 0 {
				return
			}
			got = append(got, buf[:n]...)
		}
	}()
	// Short writes come back as EINTR so the caller can check for signals.
	sent := 0
	for sent < len(data) {
		n, err := SendAll(c.Fd, data[sent:], 0, NoDeadline)
		if err != unix.EINTR {
			require.NoError(t, err)
		}
		sent += n
	}
	assert.Equal(t, len(data), sent)
	<-done
	assert.Equal(t, data, got)
}

func TestSendAllTimeoutKeepsOneDeadline(t *testing.T) {
	_, c, _ := tcpPair(t)
	require.NoError(t, SetTimeout(c.Fd, 1))
	start := time.Now()
	deadline := DeadlineAfter(int64(100 * time.Millisecond))
	data := make([]byte, 64<<20)
	sent := 0
	var err error
	for {
		var n int
		n, err = SendAll(c.Fd, data[sent:], 0, deadline)
		sent += n
		if err != unix.EINTR {
			break
		}
	}
	assert.Equal(t, ErrTimeout, err)
	assert.Greater(t, sent, 0)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestConnectRefusedAndTimeoutMode(t *testing.T) {
	l, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	require.NoError(t, Bind(l.Fd, l.Family, &Addr{Host: "127.0.0.1"}))
	name, _ := SockName(l.Fd)
	Close(l.Fd) // nobody listens on that port now
	c, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, int64(time.Second))
	require.NoError(t, err)
	defer Close(c.Fd)
	deadline := DeadlineAfter(int64(time.Second))
	err = Connect(c.Fd, c.Family, &name, deadline)
	if err == unix.EINTR {
		err = untilNotEINTR(func() error { return ConnectWait(c.Fd, deadline) })
	}
	assert.Equal(t, unix.ECONNREFUSED, err)
}

func TestAcceptTimeout(t *testing.T) {
	l, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, int64(time.Millisecond))
	require.NoError(t, err)
	defer Close(l.Fd)
	require.NoError(t, Bind(l.Fd, l.Family, &Addr{Host: "127.0.0.1"}))
	require.NoError(t, Listen(l.Fd, -5))
	deadline := DeadlineAfter(int64(20 * time.Millisecond))
	err = untilNotEINTR(func() error { _, _, err := Accept(l.Fd, deadline); return err })
	assert.Equal(t, ErrTimeout, err)
}

func TestUDPSendToRecvFrom(t *testing.T) {
	a, err := Open(unix.AF_INET6, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(a.Fd)
	require.NoError(t, Bind(a.Fd, a.Family, &Addr{Host: "::1"}))
	name, err := SockName(a.Fd)
	require.NoError(t, err)
	assert.Equal(t, "::1", name.Host)
	b, err := Open(unix.AF_INET6, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(b.Fd)
	_, err = SendTo(b.Fd, b.Family, []byte("dgram"), 0, &name, NoDeadline)
	require.NoError(t, err)
	buf := make([]byte, 100)
	n, from, err := RecvFrom(a.Fd, buf, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, "dgram", string(buf[:n]))
	assert.Equal(t, unix.AF_INET6, from.Family)
	assert.Equal(t, "::1", from.Host)
	assert.NotZero(t, from.Port)
}

func TestSocketPairAndShutdown(t *testing.T) {
	a, b, err := SocketPair(-1, -1, -1, -1)
	require.NoError(t, err)
	defer Close(a.Fd)
	defer Close(b.Fd)
	assert.Equal(t, unix.AF_UNIX, a.Family)
	require.NoError(t, Shutdown(a.Fd, unix.SHUT_WR))
	n, err := Recv(b.Fd, make([]byte, 4), 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "EOF after the peer's SHUT_WR")
	from, err := PeerName(a.Fd)
	require.NoError(t, err)
	assert.Equal(t, unix.AF_UNIX, from.Family)
	assert.Equal(t, "", from.Host)
}

func TestUnixAbstractAndPathLimits(t *testing.T) {
	s, err := Open(unix.AF_UNIX, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	name := "\x00gosock-test-abstract"
	require.NoError(t, Bind(s.Fd, s.Family, &Addr{Host: name}))
	got, err := SockName(s.Fd)
	require.NoError(t, err)
	assert.Equal(t, name, got.Host)
	long := string(make([]byte, 108))
	assert.Equal(t, ErrUnixPathLong, Code(Bind(s.Fd, s.Family, &Addr{Host: "x" + long})))
}

func TestInheritable(t *testing.T) {
	s, err := Open(unix.AF_INET, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	require.NoError(t, SetInheritable(s.Fd, true))
	inh, _ := Inheritable(s.Fd)
	assert.True(t, inh)
	require.NoError(t, SetInheritable(s.Fd, false))
	inh, _ = Inheritable(s.Fd)
	assert.False(t, inh)
	d, err := Dup(s.Fd)
	require.NoError(t, err)
	defer Close(d)
	inh, _ = Inheritable(d)
	assert.False(t, inh)
}

func TestSockOpts(t *testing.T) {
	s, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	require.NoError(t, SetSockOptInt(s.Fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1))
	v, err := GetSockOptInt(s.Fd, unix.SOL_SOCKET, unix.SO_REUSEADDR)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	buf := make([]byte, 4)
	n, err := GetSockOptBuf(s.Fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, buf)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	_, err = GetSockOptBuf(s.Fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, make([]byte, 1025))
	assert.Equal(t, ErrOptlenRange, Code(err))
	assert.Equal(t, unix.EINVAL, SetSockOptBuf(s.Fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, nil, 0))
}

func TestAddressErrors(t *testing.T) {
	s, err := Open(unix.AF_INET, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	assert.Equal(t, ErrPortRange, Code(Bind(s.Fd, s.Family, &Addr{Host: "", Port: 65536})))
	assert.Equal(t, ErrPortRange, Code(Bind(s.Fd, s.Family, &Addr{Host: "", Port: -1})))
	err = Bind(s.Fd, s.Family, &Addr{Host: "no.such.host.invalid"})
	kind, _ := Classify(Code(err))
	assert.Equal(t, KindGAI, kind)
	assert.Equal(t, ErrHostNUL, Code(Bind(s.Fd, s.Family, &Addr{Host: "a\x00b"})))
	s6, err := Open(unix.AF_INET6, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(s6.Fd)
	assert.Equal(t, ErrFamilyMismtch, Code(Bind(s6.Fd, s6.Family, &Addr{Host: "<broadcast>"})))
	assert.Equal(t, ErrFlowinfo, Code(Bind(s6.Fd, s6.Family, &Addr{Host: "::1", FlowInfo: 1 << 20})))
	assert.Equal(t, ErrBadFamily, Code(Bind(s.Fd, 12345, &Addr{})))
}

func TestResolveLocalhost(t *testing.T) {
	s, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	require.NoError(t, Bind(s.Fd, s.Family, &Addr{Host: "localhost"}))
	name, _ := SockName(s.Fd)
	assert.Equal(t, "127.0.0.1", name.Host)
}

func TestErrorMessages(t *testing.T) {
	assert.Equal(t, "Connection refused", Message(Code(unix.ECONNREFUSED)))
	assert.Equal(t, "timed out", Message(CodeTimeout))
	kind, num := Classify(Code(GAIError(-2)))
	assert.Equal(t, KindGAI, kind)
	assert.Equal(t, -2, num)
	assert.Equal(t, "Name or service not known", Message(Code(GAIError(-2))))
	kind, num = Classify(Code(HError(1)))
	assert.Equal(t, KindHError, kind)
	assert.Equal(t, 1, num)
	assert.Equal(t, "Unknown host", Message(Code(HError(1))))
	kind, _ = Classify(ErrPortRange)
	assert.Equal(t, KindOverflow, kind)
}
