package core

import (
	"encoding/binary"
	"os"
	"os/signal"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func unixPair(t *testing.T, typ int) (Info, Info) {
	t.Helper()
	a, b, err := SocketPair(unix.AF_UNIX, typ, 0, -1)
	require.NoError(t, err)
	t.Cleanup(func() { Close(a.Fd); Close(b.Fd) })
	return a, b
}

func int32s(vals ...int32) []byte {
	b := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.NativeEndian.PutUint32(b[4*i:], uint32(v))
	}
	return b
}

type gotCmsg struct {
	Level, Type int32
	Data        []byte
}

func walk(control []byte) ([]gotCmsg, int) {
	var out []gotCmsg
	status := WalkControl(control, func(level, typ int32, off, n int) {
		out = append(out, gotCmsg{level, typ, append([]byte(nil), control[off:off+n]...)})
	})
	return out, status
}

func TestCmsgLenAndSpace(t *testing.T) {
	l0, err := CmsgLen(0)
	require.NoError(t, err)
	assert.Equal(t, int64(unix.CmsgLen(0)), l0)
	for n := int64(0); n < 300; n++ {
		l, err := CmsgLen(n)
		require.NoError(t, err)
		assert.Equal(t, int64(unix.CmsgLen(int(n))), l)
		s, err := CmsgSpace(n)
		require.NoError(t, err)
		assert.Equal(t, int64(unix.CmsgSpace(int(n))), s)
	}
	// The range rules CPython's test_socket checks (CmsgMacroTests).
	last, err := CmsgLen(SocklenLimit - l0)
	require.NoError(t, err)
	assert.Equal(t, int64(SocklenLimit), last)
	for _, bad := range []int64{-1, SocklenLimit - l0 + 1, 1 << 62} {
		_, err = CmsgLen(bad)
		assert.Equal(t, ErrCmsgLenRange, Code(err), "CMSG_LEN(%d)", bad)
	}
	s1, _ := CmsgSpace(1)
	okMax := SocklenLimit - s1
	s, err := CmsgSpace(okMax)
	require.NoError(t, err)
	assert.LessOrEqual(t, s, int64(SocklenLimit))
	for _, bad := range []int64{-1, okMax + 1, 1 << 62} {
		_, err = CmsgSpace(bad)
		assert.Equal(t, ErrCmsgSpaceRange, Code(err), "CMSG_SPACE(%d)", bad)
	}
	kind, _ := Classify(ErrCmsgLenRange)
	assert.Equal(t, KindOverflow, kind)
	assert.Equal(t, "CMSG_LEN() argument out of range", Message(ErrCmsgLenRange))
}

func TestBuildControlLayoutRoundTrip(t *testing.T) {
	items := []Cmsg{
		{Level: unix.SOL_SOCKET, Type: unix.SCM_RIGHTS, Data: int32s(3, 4, 5)},
		{Level: 41, Type: 67, Data: nil},
		{Level: -1, Type: 7, Data: []byte("x")},
	}
	buf, err := BuildControl(items)
	require.NoError(t, err)
	assert.Equal(t, unix.CmsgSpace(12)+unix.CmsgSpace(0)+unix.CmsgSpace(1), len(buf))
	// First header: cmsg_len is CMSG_LEN, not CMSG_SPACE.
	assert.Equal(t, uint64(unix.CmsgLen(12)), binary.NativeEndian.Uint64(buf))
	got, status := walk(buf)
	assert.Equal(t, CmsgComplete, status)
	require.Len(t, got, 3)
	for i, it := range items {
		assert.Equal(t, int32(it.Level), got[i].Level)
		assert.Equal(t, int32(it.Type), got[i].Type)
		assert.Equal(t, len(it.Data), len(got[i].Data))
	}
	assert.Equal(t, int32s(3, 4, 5), got[0].Data)

	none, err := BuildControl(nil)
	assert.NoError(t, err)
	assert.Nil(t, none)
}

func TestBuildControlLimits(t *testing.T) {
	// Sizes only are checked before anything is copied: views of one byte
	// with huge lengths stand in for huge buffers.
	var one byte
	huge := unsafe.Slice(&one, SocklenLimit)
	_, err := BuildControl([]Cmsg{{Data: huge}})
	assert.Equal(t, ErrCmsgItemTooLarge, Code(err))
	half := unsafe.Slice(&one, 1<<30)
	_, err = BuildControl([]Cmsg{{Data: half}, {Data: half}})
	assert.Equal(t, ErrCmsgTooMuch, Code(err))
	assert.Equal(t, "ancillary data item too large", Message(ErrCmsgItemTooLarge))
	kind, _ := Classify(ErrCmsgTooMuch)
	assert.Equal(t, KindOSError, kind)
}

func TestWalkControlTruncatedAndMalformed(t *testing.T) {
	two, err := BuildControl([]Cmsg{{Level: 41, Type: 67, Data: int32s(1)}, {Level: 41, Type: 52, Data: int32s(2)}})
	require.NoError(t, err)

	// Shorter than a header: nothing, and no complaint (CMSG_FIRSTHDR is NULL).
	got, status := walk(two[:cmsgHdrLen-1])
	assert.Empty(t, got)
	assert.Equal(t, CmsgComplete, status)

	// Data cut inside the first item: visited with what is there.
	got, status = walk(two[:cmsgHdrLen+3])
	assert.Equal(t, CmsgTruncated, status)
	require.Len(t, got, 1)
	assert.Equal(t, []byte{1, 0, 0}, got[0].Data)

	// Room for the first item and part of the second header: the walk stops
	// after the first (CMSG_NXTHDR finds no room for the next).
	first := unix.CmsgSpace(4)
	got, status = walk(two[:first+cmsgHdrLen-1])
	assert.Equal(t, CmsgComplete, status)
	require.Len(t, got, 1)

	// Second item's data cut: first whole, second truncated.
	got, status = walk(two[:first+cmsgHdrLen+1])
	assert.Equal(t, CmsgTruncated, status)
	require.Len(t, got, 2)
	assert.Equal(t, []byte{2}, got[1].Data)

	// A header whose cmsg_len is smaller than a header: malformed, unvisited.
	bad := append([]byte(nil), two...)
	binary.NativeEndian.PutUint64(bad, 3)
	got, status = walk(bad)
	assert.Empty(t, got)
	assert.Equal(t, CmsgMalformed, status)
}

func TestSCMRightsPassAndTruncate(t *testing.T) {
	a, b := unixPair(t, unix.SOCK_STREAM)
	r1, w1, err := pipe()
	require.NoError(t, err)
	defer Close(r1)
	defer Close(w1)
	r2, w2, err := pipe()
	require.NoError(t, err)
	defer Close(r2)
	defer Close(w2)

	n, err := SendMsg(a.Fd, a.Family, Iovecs([][]byte{[]byte("ab"), []byte("c")}),
		[]Cmsg{{Level: unix.SOL_SOCKET, Type: unix.SCM_RIGHTS, Data: int32s(int32(w1), int32(w2))}}, 0, nil, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	buf := make([]byte, 10)
	control := make([]byte, unix.CmsgSpace(8))
	n, info, err := RecvMsg(b.Fd, b.Family, Iovecs([][]byte{buf}), control, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, "abc", string(buf[:n]))
	assert.Zero(t, info.Flags&unix.MSG_CTRUNC)
	got, status := walk(control[:info.ControlLen])
	assert.Equal(t, CmsgComplete, status)
	require.Len(t, got, 1)
	require.Len(t, got[0].Data, 8)
	fd1 := int(int32(binary.NativeEndian.Uint32(got[0].Data)))
	fd2 := int(int32(binary.NativeEndian.Uint32(got[0].Data[4:])))
	_, err = unix.Write(fd1, []byte("1"))
	require.NoError(t, err)
	_, err = unix.Write(fd2, []byte("2"))
	require.NoError(t, err)
	rb := make([]byte, 1)
	_, err = unix.Read(r1, rb)
	require.NoError(t, err)
	assert.Equal(t, "1", string(rb))
	_, err = unix.Read(r2, rb)
	require.NoError(t, err)
	assert.Equal(t, "2", string(rb))

	// CloseControlFds closes what the message carried.
	CloseControlFds(control[:info.ControlLen])
	_, err = unix.FcntlInt(uintptr(fd1), unix.F_GETFD, 0)
	assert.Equal(t, unix.EBADF, err)
	_, err = unix.FcntlInt(uintptr(fd2), unix.F_GETFD, 0)
	assert.Equal(t, unix.EBADF, err)

	// Too little control space: MSG_CTRUNC, and the descriptors that did
	// not fit are closed by the kernel.
	_, err = SendMsg(a.Fd, a.Family, Iovecs([][]byte{[]byte("x")}),
		[]Cmsg{{Level: unix.SOL_SOCKET, Type: unix.SCM_RIGHTS, Data: int32s(int32(w1), int32(w2))}}, 0, nil, NoDeadline)
	require.NoError(t, err)
	small := make([]byte, unix.CmsgLen(4))
	_, info, err = RecvMsg(b.Fd, b.Family, Iovecs([][]byte{buf}), small, 0, NoDeadline)
	require.NoError(t, err)
	assert.NotZero(t, info.Flags&unix.MSG_CTRUNC)
	got, _ = walk(small[:info.ControlLen])
	require.Len(t, got, 1)
	assert.Len(t, got[0].Data, 4)
	CloseControlFds(small[:info.ControlLen])
}

func TestSCMCredentials(t *testing.T) {
	a, b := unixPair(t, unix.SOCK_DGRAM)
	require.NoError(t, SetSockOptInt(b.Fd, unix.SOL_SOCKET, unix.SO_PASSCRED, 1))
	cred := make([]byte, unix.SizeofUcred)
	binary.NativeEndian.PutUint32(cred[0:], uint32(os.Getpid()))
	binary.NativeEndian.PutUint32(cred[4:], uint32(os.Getuid()))
	binary.NativeEndian.PutUint32(cred[8:], uint32(os.Getgid()))
	_, err := SendMsg(a.Fd, a.Family, Iovecs([][]byte{[]byte("cred")}),
		[]Cmsg{{Level: unix.SOL_SOCKET, Type: unix.SCM_CREDENTIALS, Data: cred}}, 0, nil, NoDeadline)
	require.NoError(t, err)
	control := make([]byte, unix.CmsgSpace(unix.SizeofUcred))
	buf := make([]byte, 8)
	n, info, err := RecvMsg(b.Fd, b.Family, Iovecs([][]byte{buf}), control, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, "cred", string(buf[:n]))
	got, status := walk(control[:info.ControlLen])
	assert.Equal(t, CmsgComplete, status)
	require.Len(t, got, 1)
	assert.Equal(t, int32(unix.SCM_CREDENTIALS), got[0].Type)
	assert.Equal(t, cred, got[0].Data)
}

func udp6Pair(t *testing.T) (Info, Info, Addr) {
	t.Helper()
	s, err := Open(unix.AF_INET6, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	c, err := Open(unix.AF_INET6, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	t.Cleanup(func() { Close(s.Fd); Close(c.Fd) })
	require.NoError(t, Bind(s.Fd, s.Family, &Addr{Family: unix.AF_INET6, Host: "::1"}))
	name, err := SockName(s.Fd)
	require.NoError(t, err)
	return s, c, name
}

func TestIPv6AncillaryData(t *testing.T) {
	s, c, name := udp6Pair(t)
	require.NoError(t, SetSockOptInt(s.Fd, unix.IPPROTO_IPV6, unix.IPV6_RECVHOPLIMIT, 1))
	require.NoError(t, SetSockOptInt(s.Fd, unix.IPPROTO_IPV6, unix.IPV6_RECVTCLASS, 1))
	require.NoError(t, SetSockOptInt(s.Fd, unix.IPPROTO_IPV6, unix.IPV6_RECVPKTINFO, 1))
	_, err := SendMsg(c.Fd, c.Family, Iovecs([][]byte{[]byte("hop")}), []Cmsg{
		{Level: unix.IPPROTO_IPV6, Type: unix.IPV6_TCLASS, Data: int32s(-1)},
		{Level: unix.IPPROTO_IPV6, Type: unix.IPV6_HOPLIMIT, Data: int32s(2)},
	}, 0, &name, NoDeadline)
	require.NoError(t, err)
	control := make([]byte, 1024)
	buf := make([]byte, 16)
	n, info, err := RecvMsg(s.Fd, s.Family, Iovecs([][]byte{buf}), control, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, "hop", string(buf[:n]))
	assert.Zero(t, info.Flags&(unix.MSG_CTRUNC|unix.MSG_TRUNC))
	cname, err := SockName(c.Fd)
	require.NoError(t, err)
	assert.Equal(t, cname.Port, info.Addr.Port, "recvmsg reports the sender")
	assert.Equal(t, "::1", info.Addr.Host)
	got, status := walk(control[:info.ControlLen])
	assert.Equal(t, CmsgComplete, status)
	byType := map[int32][]byte{}
	for _, g := range got {
		assert.Equal(t, int32(unix.IPPROTO_IPV6), g.Level)
		byType[g.Type] = g.Data
	}
	assert.Equal(t, int32s(2), byType[unix.IPV6_HOPLIMIT])
	require.Len(t, byType[unix.IPV6_TCLASS], 4)
	pktinfo := byType[unix.IPV6_PKTINFO]
	require.Len(t, pktinfo, unix.SizeofInet6Pktinfo)
	assert.Equal(t, append(make([]byte, 15), 1), pktinfo[:16], "destination ::1")

	// Truncated inside the second item's data: MSG_CTRUNC and a truncated walk.
	require.NoError(t, SetSockOptInt(s.Fd, unix.IPPROTO_IPV6, unix.IPV6_RECVPKTINFO, 0))
	_, err = SendMsg(c.Fd, c.Family, Iovecs([][]byte{[]byte("hop")}), nil, 0, &name, NoDeadline)
	require.NoError(t, err)
	short := make([]byte, unix.CmsgSpace(4)+unix.CmsgLen(4)-1)
	_, info, err = RecvMsg(s.Fd, s.Family, Iovecs([][]byte{buf}), short, 0, NoDeadline)
	require.NoError(t, err)
	assert.NotZero(t, info.Flags&unix.MSG_CTRUNC)
	got, _ = walk(short[:info.ControlLen])
	require.NotEmpty(t, got)
	assert.Len(t, got[0].Data, 4)
	for _, g := range got[1:] {
		assert.Less(t, len(g.Data), 4, "only the first item is whole")
	}
}

func TestRecvMsgScatterTruncAndAddress(t *testing.T) {
	s, c, name := udp6Pair(t)
	_, err := SendTo(c.Fd, c.Family, []byte("Mary had a little lamb"), 0, &name, NoDeadline)
	require.NoError(t, err)
	b1, b2 := make([]byte, 4), make([]byte, 5)
	n, info, err := RecvMsg(s.Fd, s.Family, Iovecs([][]byte{b1, nil, b2}), nil, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, 9, n)
	assert.Equal(t, "Mary", string(b1))
	assert.Equal(t, " had ", string(b2))
	assert.NotZero(t, info.Flags&unix.MSG_TRUNC, "datagram longer than the buffers")
	assert.Equal(t, unix.AF_INET6, info.Addr.Family)
	assert.Equal(t, "::1", info.Addr.Host)
	assert.Zero(t, info.ControlLen)

	// Connected stream sockets report no address.
	_, cl, sv := tcpPair(t)
	_, err = SendMsg(cl.Fd, cl.Family, Iovecs([][]byte{[]byte("x")}), nil, 0, nil, NoDeadline)
	require.NoError(t, err)
	n, info, err = RecvMsg(sv.Fd, sv.Family, Iovecs([][]byte{b1}), nil, 0, NoDeadline)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, Addr{}, info.Addr)
}

func TestSendMsgAddressErrors(t *testing.T) {
	s, err := Open(unix.AF_INET, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	// The address is checked before the control messages.
	var one byte
	_, err = SendMsg(s.Fd, s.Family, nil, []Cmsg{{Data: unsafe.Slice(&one, SocklenLimit)}}, 0,
		&Addr{Family: unix.AF_INET, Host: "127.0.0.1", Port: 70000}, NoDeadline)
	assert.Equal(t, ErrPortRange, Code(err))
	_, err = SendMsg(s.Fd, s.Family, nil, nil, 0, nil, NoDeadline)
	assert.Equal(t, unix.EDESTADDRREQ, err)
	_, err = SendMsg(-1, unix.AF_INET, nil, nil, 0, nil, NoDeadline)
	assert.Equal(t, unix.EBADF, err)
}

func TestRecvMsgTimeoutNonBlockingAndFamily(t *testing.T) {
	a, b, err := SocketPair(unix.AF_UNIX, unix.SOCK_STREAM, 0, int64(time.Second))
	require.NoError(t, err)
	defer Close(a.Fd)
	defer Close(b.Fd)
	buf := make([]byte, 4)
	t0 := time.Now()
	deadline := DeadlineAfter(int64(30 * time.Millisecond))
	err = untilNotEINTR(func() error {
		_, _, err := RecvMsg(b.Fd, b.Family, Iovecs([][]byte{buf}), nil, 0, deadline)
		return err
	})
	assert.Equal(t, ErrTimeout, err)
	assert.GreaterOrEqual(t, time.Since(t0), 25*time.Millisecond)
	_, _, err = RecvMsg(b.Fd, b.Family, Iovecs([][]byte{buf}), nil, 0, NoDeadline)
	assert.Equal(t, unix.EAGAIN, err, "O_NONBLOCK without deadline")
	_, _, err = RecvMsg(b.Fd, 12345, Iovecs([][]byte{buf}), nil, 0, NoDeadline)
	assert.Equal(t, ErrSockaddrLenFamily, Code(err))

	// Fill the send buffer: SendMsg times out too.
	big := make([]byte, 1<<16)
	var sendErr error
	for sendErr == nil || sendErr == unix.EINTR {
		_, sendErr = SendMsg(a.Fd, a.Family, Iovecs([][]byte{big}), nil, 0, nil, DeadlineAfter(int64(20*time.Millisecond)))
	}
	assert.Equal(t, ErrTimeout, sendErr)
}

// interruptAfter runs f on a locked OS thread and sends that thread a
// signal after d; it returns f's error.
func interruptAfter(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, unix.SIGUSR1)
	defer signal.Stop(sigs)
	tid := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tid <- unix.Gettid()
		done <- f()
	}()
	id := <-tid
	for {
		select {
		case err := <-done:
			return err
		case <-time.After(d):
			require.NoError(t, unix.Tgkill(unix.Getpid(), id, unix.SIGUSR1))
		}
	}
}

func TestRecvMsgReturnsEINTR(t *testing.T) {
	_, b := unixPair(t, unix.SOCK_STREAM)
	require.NoError(t, SetTimeout(b.Fd, int64(5*time.Second)))
	buf := make([]byte, 4)
	deadline := DeadlineAfter(int64(5 * time.Second))
	err := interruptAfter(t, 50*time.Millisecond, func() error {
		_, _, err := RecvMsg(b.Fd, b.Family, Iovecs([][]byte{buf}), nil, 0, deadline)
		return err
	})
	assert.Equal(t, unix.EINTR, err)
	assert.Less(t, Monotonic(), deadline, "interrupted long before the deadline")
}

func TestAFALGControlLayout(t *testing.T) {
	iv := []byte("0123456789abcdef")
	control, err := afalgControl(1, iv, true, 8)
	require.NoError(t, err)
	ivSpace := unix.CmsgSpace(4 + len(iv))
	assert.Equal(t, unix.CmsgSpace(4)*2+ivSpace, len(control))
	got, status := walk(control)
	assert.Equal(t, CmsgComplete, status)
	require.Len(t, got, 3)
	assert.Equal(t, gotCmsg{unix.SOL_ALG, unix.ALG_SET_OP, int32s(1)}, got[0])
	assert.Equal(t, int32(unix.ALG_SET_IV), got[1].Type)
	// CPython gives the IV item cmsg_len = CMSG_SPACE: its data runs to the
	// end of its space.
	assert.Equal(t, uint64(ivSpace), binary.NativeEndian.Uint64(control[unix.CmsgSpace(4):]))
	assert.Equal(t, int32s(16), got[1].Data[:4])
	assert.Equal(t, iv, got[1].Data[4:4+len(iv)])
	assert.Equal(t, gotCmsg{unix.SOL_ALG, unix.ALG_SET_AEAD_ASSOCLEN, int32s(8)}, got[2])

	opOnly, err := afalgControl(0, nil, false, -1)
	require.NoError(t, err)
	assert.Len(t, opOnly, unix.CmsgSpace(4))

	s, err := Open(unix.AF_INET, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	_, err = SendMsgAFALG(s.Fd, s.Family, nil, 0, nil, false, -1, 0, NoDeadline)
	assert.Equal(t, ErrAlgOnly, Code(err))
	assert.Equal(t, "algset is only supported for AF_ALG", Message(ErrAlgOnly))
}
