package core

import (
	"encoding/binary"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// roundTrip encodes a for family and decodes the result.
func roundTrip(t *testing.T, fd, family int, a Addr) (Addr, *rawSockaddr) {
	t.Helper()
	var r rawSockaddr
	require.NoError(t, encodeAddrOn(fd, family, &a, &r))
	got, err := decodeAddrOn(fd, &r)
	require.NoError(t, err)
	return got, &r
}

func TestNetlinkAddress(t *testing.T) {
	got, r := roundTrip(t, -1, unix.AF_NETLINK, Addr{Ints: [4]int64{-1, 5}})
	assert.Equal(t, uint32(unix.SizeofSockaddrNetlink), r.len)
	assert.Equal(t, Addr{Family: unix.AF_NETLINK, Ints: [4]int64{0xffffffff, 5}}, got,
		"pid and groups are unsigned, masked as CPython's I format")

	s, err := Open(unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	require.NoError(t, Bind(s.Fd, s.Family, &Addr{}))
	name, err := SockName(s.Fd)
	require.NoError(t, err)
	sa, err := unix.Getsockname(s.Fd)
	require.NoError(t, err)
	nl := sa.(*unix.SockaddrNetlink)
	assert.Equal(t, Addr{Family: unix.AF_NETLINK, Ints: [4]int64{int64(nl.Pid), 0}}, name)
	assert.NotZero(t, name.Ints[0], "the kernel assigned a port id")
}

func TestVsockAndQrtrAddress(t *testing.T) {
	got, r := roundTrip(t, -1, unix.AF_VSOCK, Addr{Ints: [4]int64{3, 1234}})
	assert.Equal(t, Addr{Family: unix.AF_VSOCK, Ints: [4]int64{3, 1234}}, got)
	assert.Equal(t, uint32(1234), binary.NativeEndian.Uint32(r.buf[4:]), "svm_port")
	assert.Equal(t, uint32(3), binary.NativeEndian.Uint32(r.buf[8:]), "svm_cid")

	got, r = roundTrip(t, -1, unix.AF_QIPCRTR, Addr{Ints: [4]int64{7, 9}})
	assert.Equal(t, Addr{Family: unix.AF_QIPCRTR, Ints: [4]int64{7, 9}}, got)
	assert.Equal(t, uint32(12), r.len)

	s, err := Open(unix.AF_VSOCK, unix.SOCK_STREAM, 0, -1)
	if err != nil {
		t.Skipf("AF_VSOCK: %v", err)
	}
	defer Close(s.Fd)
	require.NoError(t, Bind(s.Fd, s.Family, &Addr{Ints: [4]int64{unix.VMADDR_CID_ANY, unix.VMADDR_PORT_ANY}}))
	name, err := SockName(s.Fd)
	require.NoError(t, err)
	assert.Equal(t, int64(unix.VMADDR_CID_ANY), name.Ints[0])
	assert.NotEqual(t, int64(unix.VMADDR_PORT_ANY), name.Ints[1], "a port was assigned")
}

func TestPacketAddress(t *testing.T) {
	s, err := Open(unix.AF_PACKET, unix.SOCK_DGRAM, 0, -1)
	if err == unix.EPERM || err == unix.EAFNOSUPPORT {
		t.Skipf("AF_PACKET: %v", err)
	}
	require.NoError(t, err)
	defer Close(s.Fd)
	lo := Addr{Host: "lo", Ints: [4]int64{unix.ETH_P_IP, unix.PACKET_HOST, 0}}
	require.NoError(t, Bind(s.Fd, s.Family, &lo))
	name, err := SockName(s.Fd)
	require.NoError(t, err)
	assert.Equal(t, unix.AF_PACKET, name.Family)
	assert.Equal(t, "lo", name.Host)
	assert.Equal(t, int64(unix.ETH_P_IP), name.Ints[0])
	assert.Equal(t, int64(unix.ARPHRD_LOOPBACK), name.Ints[2])
	assert.Len(t, name.Data2, 6, "loopback's hardware address length")

	var r rawSockaddr
	hw := Addr{Host: "lo", Ints: [4]int64{0x0300, 4, 772}, Data2: "\x01\x02"}
	require.NoError(t, encodeAddrOn(s.Fd, unix.AF_PACKET, &hw, &r))
	assert.Equal(t, []byte{0x03, 0x00}, r.buf[2:4], "protocol in network order")
	assert.Equal(t, byte(4), r.buf[10])
	assert.Equal(t, byte(2), r.buf[11], "halen")
	assert.Equal(t, []byte{1, 2}, r.buf[12:14])

	for _, c := range []struct {
		a    Addr
		code int64
	}{
		{Addr{Host: "nosuchif0"}, -int64(unix.ENODEV)},
		{Addr{Host: "lo", Data2: "123456789"}, ErrPacketHWAddrLong},
		{Addr{Host: "lo", Ints: [4]int64{70000}}, ErrPacketProtoRange},
		{Addr{Host: "lo", Ints: [4]int64{-1}}, ErrPacketProtoRange},
		{Addr{Host: "l\x00o"}, ErrHostNUL},
	} {
		a := c.a
		assert.Equal(t, c.code, Code(encodeAddrOn(s.Fd, unix.AF_PACKET, &a, &r)), "%+v", c.a)
	}
}

func TestTIPCAddress(t *testing.T) {
	got, r := roundTrip(t, -1, unix.AF_TIPC, Addr{Ints: [4]int64{unix.TIPC_ADDR_NAMESEQ, 18888, 10, 20}, ScopeID: TIPC_CLUSTER_SCOPE})
	assert.Equal(t, Addr{Family: unix.AF_TIPC, Ints: [4]int64{1, 18888, 10, 20}, ScopeID: 2}, got)
	assert.Equal(t, uint32(unix.SizeofSockaddrTIPC), r.len)

	got, _ = roundTrip(t, -1, unix.AF_TIPC, Addr{Ints: [4]int64{unix.TIPC_ADDR_NAME, 18888, 15, 99}, ScopeID: 3})
	assert.Equal(t, [4]int64{2, 18888, 15, 15}, got.Ints, "v3 is the instance again")

	got, r = roundTrip(t, -1, unix.AF_TIPC, Addr{Ints: [4]int64{unix.TIPC_ADDR_ID, 0x1001, 77, 5}, ScopeID: 1})
	assert.Equal(t, [4]int64{3, 0x1001, 77, 0}, got.Ints)
	assert.Equal(t, uint32(77), binary.NativeEndian.Uint32(r.buf[4:]), "tipc_portid.ref comes first")

	var rr rawSockaddr
	err := encodeAddrOn(-1, unix.AF_TIPC, &Addr{Ints: [4]int64{9}}, &rr)
	assert.Equal(t, ErrTIPCAddrType, Code(err))
	kind, _ := Classify(ErrTIPCAddrType)
	assert.Equal(t, KindType, kind)
	require.NoError(t, encodeAddrOn(-1, unix.AF_TIPC, &Addr{Ints: [4]int64{unix.TIPC_ADDR_ID}}, &rr))
	rr.buf[2] = 9
	_, err = decodeAddrOn(-1, &rr)
	assert.Equal(t, ErrTIPCBadAddrType, Code(err))
	kind, _ = Classify(ErrTIPCBadAddrType)
	assert.Equal(t, KindValue, kind)
}

func TestCANAddress(t *testing.T) {
	// The layout per protocol; the interface lookup works on any socket.
	s, err := Open(unix.AF_INET, unix.SOCK_DGRAM, 0, -1)
	require.NoError(t, err)
	defer Close(s.Fd)
	loIndex, err := ifIndex(s.Fd, "lo")
	require.NoError(t, err)

	var r rawSockaddr
	require.NoError(t, encodeCANProto(s.Fd, unix.CAN_RAW, &Addr{Host: "lo"}, &r))
	assert.Equal(t, uint32(unix.SizeofSockaddrCAN), r.len)
	assert.Equal(t, uint16(unix.AF_CAN), binary.NativeEndian.Uint16(r.buf[0:]))
	assert.Equal(t, uint32(loIndex), binary.NativeEndian.Uint32(r.buf[4:]))

	require.NoError(t, encodeCANProto(s.Fd, unix.CAN_ISOTP, &Addr{Ints: [4]int64{0x123, 0x456}}, &r))
	assert.Zero(t, binary.NativeEndian.Uint32(r.buf[4:]), "empty name: any interface")
	assert.Equal(t, uint32(0x123), binary.NativeEndian.Uint32(r.buf[8:]))
	assert.Equal(t, uint32(0x456), binary.NativeEndian.Uint32(r.buf[12:]))

	require.NoError(t, encodeCANProto(s.Fd, unix.CAN_J1939, &Addr{Ints: [4]int64{-1, 0x1ff00, 0x1a5}}, &r))
	assert.Equal(t, ^uint64(0), binary.NativeEndian.Uint64(r.buf[8:]))
	assert.Equal(t, uint32(0x1ff00), binary.NativeEndian.Uint32(r.buf[16:]))
	assert.Equal(t, byte(0xa5), r.buf[20], "addr is an unsigned char")

	err = encodeCANProto(s.Fd, unix.CAN_RAW, &Addr{Host: "0123456789abcdef"}, &r)
	assert.Equal(t, ErrCANIfnameLong, Code(err))
	err = encodeCANProto(s.Fd, unix.CAN_RAW, &Addr{Host: "nosuchif0"}, &r)
	assert.Equal(t, unix.ENODEV, err)
	// The protocol comes from the socket: a UDP socket's is no CAN protocol.
	err = encodeAddrOn(s.Fd, unix.AF_CAN, &Addr{Host: "lo"}, &r)
	assert.Equal(t, ErrCANProto, Code(err))

	// Decoding names the interface through the socket.
	binary.NativeEndian.PutUint32(r.buf[4:], uint32(loIndex))
	assert.Equal(t, "lo", ifName(s.Fd, loIndex))
	assert.Equal(t, "", ifName(s.Fd, 0))

	// This kernel may lack CAN: then socket() fails as for the native module.
	if c, err := Open(unix.AF_CAN, unix.SOCK_RAW, unix.CAN_RAW, -1); err == nil {
		Close(c.Fd)
	} else {
		assert.Equal(t, unix.EAFNOSUPPORT, err)
	}
}

func TestALGAddress(t *testing.T) {
	got, r := roundTrip(t, -1, unix.AF_ALG, Addr{Host: "hash", Data2: "sha256", Ints: [4]int64{0x10001, 2}})
	assert.Equal(t, Addr{Family: unix.AF_ALG, Host: "hash", Data2: "sha256", Ints: [4]int64{1, 2}}, got,
		"feat and mask go through CPython's unsigned short")
	assert.Equal(t, uint32(unix.SizeofSockaddrALG), r.len)

	var rr rawSockaddr
	assert.Equal(t, ErrALGTypeLong, Code(encodeAddrOn(-1, unix.AF_ALG, &Addr{Host: "abcdefghijklmn"}, &rr)))
	long := make([]byte, 64)
	for i := range long {
		long[i] = 'x'
	}
	assert.Equal(t, ErrALGNameLong, Code(encodeAddrOn(-1, unix.AF_ALG, &Addr{Host: "hash", Data2: string(long)}, &rr)))
	assert.NoError(t, encodeAddrOn(-1, unix.AF_ALG, &Addr{Host: "hash", Data2: string(long[:63])}, &rr))
	assert.Equal(t, ErrHostNUL, Code(encodeAddrOn(-1, unix.AF_ALG, &Addr{Host: "ha\x00sh"}, &rr)))
	assert.Equal(t, "AF_ALG name too long.", Message(ErrALGNameLong))
}

func TestRDSAndUnknownFamilies(t *testing.T) {
	var r rawSockaddr
	require.NoError(t, encodeAddrOn(-1, unix.AF_RDS, &Addr{Host: "127.0.0.1", Port: 4000}, &r))
	assert.Equal(t, uint16(unix.AF_INET), binary.NativeEndian.Uint16(r.buf[0:]), "RDS uses sockaddr_in")
	got, err := decodeAddrOn(-1, &r)
	require.NoError(t, err)
	assert.Equal(t, Addr{Family: unix.AF_INET, Host: "127.0.0.1", Port: 4000}, got)

	assert.Equal(t, ErrBadFamily, Code(encodeAddrOn(-1, unix.AF_KEY, &Addr{}, &r)))
	clear(r.buf[:])
	binary.NativeEndian.PutUint16(r.buf[0:], unix.AF_KEY)
	copy(r.buf[2:], "abcdefghijklmnopq")
	r.len = 30
	got, err = decodeAddrOn(-1, &r)
	require.NoError(t, err)
	assert.Equal(t, Addr{Family: unix.AF_KEY, Host: "abcdefghijklmn"}, got, "(family, sa_data)")
}

func TestAcceptAnon(t *testing.T) {
	l, err := Open(unix.AF_UNIX, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	defer Close(l.Fd)
	path := t.TempDir() + "/anon.sock"
	require.NoError(t, Bind(l.Fd, l.Family, &Addr{Family: unix.AF_UNIX, Host: path}))
	require.NoError(t, Listen(l.Fd, 1))
	c, err := Open(unix.AF_UNIX, unix.SOCK_STREAM, 0, -1)
	require.NoError(t, err)
	defer Close(c.Fd)
	require.NoError(t, Connect(c.Fd, c.Family, &Addr{Family: unix.AF_UNIX, Host: path}, NoDeadline))
	nfd, err := AcceptAnon(l.Fd, NoDeadline)
	require.NoError(t, err)
	defer Close(nfd)
	inh, err := Inheritable(nfd)
	require.NoError(t, err)
	assert.False(t, inh)
	require.NoError(t, SetTimeout(l.Fd, 0))
	_, err = AcceptAnon(l.Fd, NoDeadline)
	assert.Equal(t, unix.EAGAIN, err)
	_ = os.Remove(path)
}
