package core

import (
	"bytes"
	"io"
	"math/rand"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func tempFile(t *testing.T, data []byte) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "sendfile")
	require.NoError(t, err)
	_, err = f.Write(data)
	require.NoError(t, err)
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// drain reads sv until end of stream on another goroutine.
func drain(sv Info) <-chan []byte {
	out := make(chan []byte, 1)
	go func() {
		var got bytes.Buffer
		buf := make([]byte, 1<<16)
		for {
			n, err := Recv(sv.Fd, buf, 0, NoDeadline)
			if err == unix.EINTR {
				continue
			}
			if n <= 0 || err != nil {
				break
			}
			got.Write(buf[:n])
		}
		out <- got.Bytes()
	}()
	return out
}

func TestSendFileWholeOffsetCount(t *testing.T) {
	data := make([]byte, 3<<20+17)
	rand.New(rand.NewSource(1)).Read(data)
	f := tempFile(t, data)
	cases := []struct {
		name          string
		offset, count int64
		want          []byte
	}{
		{"whole", 0, 0, data},
		{"offset", 5000, 0, data[5000:]},
		{"count", 0, 100007, data[:100007]},
		{"offset+count", 2007, 100007, data[2007 : 2007+100007]},
		{"count past end", int64(len(data)) - 10, 1000, data[len(data)-10:]},
		{"offset past end", int64(len(data)) + 10, 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, cl, sv := tcpPair(t)
			got := drain(sv)
			sent, err := SendFile(cl.Fd, int(f.Fd()), c.offset, c.count, -1)
			require.NoError(t, err)
			assert.Equal(t, int64(len(c.want)), sent)
			require.NoError(t, Shutdown(cl.Fd, unix.SHUT_WR))
			assert.True(t, bytes.Equal(c.want, <-got), "received bytes")
			pos, err := f.Seek(0, io.SeekCurrent)
			require.NoError(t, err)
			assert.Zero(t, pos, "the file position is the caller's business")
		})
	}
}

func TestSendFileModes(t *testing.T) {
	empty := tempFile(t, nil)
	full := tempFile(t, make([]byte, 4<<20))
	_, cl, _ := tcpPair(t)

	// An empty file sends nothing, before the non-blocking check.
	sent, err := SendFile(cl.Fd, int(empty.Fd()), 0, 0, 0)
	assert.NoError(t, err)
	assert.Zero(t, sent)
	_, err = SendFile(cl.Fd, int(full.Fd()), 0, 0, 0)
	assert.Equal(t, ErrSendfileNonBlock, Code(err))
	kind, _ := Classify(ErrSendfileNonBlock)
	assert.Equal(t, KindValue, kind)

	// Timeout mode: the peer never reads, each wait lasts the timeout.
	require.NoError(t, SetTimeout(cl.Fd, int64(10*time.Millisecond)))
	t0 := time.Now()
	sent, err = SendFile(cl.Fd, int(full.Fd()), 0, 0, int64(10*time.Millisecond))
	assert.Equal(t, ErrTimeout, err)
	assert.Positive(t, sent, "what fit in the socket buffers was sent")
	assert.Less(t, sent, int64(4<<20))
	assert.GreaterOrEqual(t, time.Since(t0), 9*time.Millisecond)
}

func TestSendFileErrorsBeforeSending(t *testing.T) {
	_, cl, _ := tcpPair(t)
	sent, err := SendFile(cl.Fd, 987654, 0, 0, -1)
	assert.Equal(t, unix.EBADF, err, "fstat fails")
	assert.Zero(t, sent)
	dir, err := os.Open(t.TempDir())
	require.NoError(t, err)
	defer dir.Close()
	sent, err = SendFile(cl.Fd, int(dir.Fd()), 0, 0, -1)
	assert.Equal(t, unix.EINVAL, err, "sendfile(2) cannot read a directory")
	assert.Zero(t, sent)
	f := tempFile(t, []byte("data"))
	_, err = SendFile(cl.Fd, int(f.Fd()), -1, 0, -1)
	assert.Equal(t, unix.EINVAL, err, "negative offset")
}

func TestSendFileReturnsEINTR(t *testing.T) {
	_, cl, _ := tcpPair(t)
	f := tempFile(t, make([]byte, 8<<20))
	// Timeout mode: the wait for the full socket is what the signal
	// interrupts (Go's own handlers restart blocking system calls).
	require.NoError(t, SetTimeout(cl.Fd, int64(5*time.Second)))
	var sent int64
	err := interruptAfter(t, 50*time.Millisecond, func() error {
		var err error
		sent, err = SendFile(cl.Fd, int(f.Fd()), 0, 0, int64(5*time.Second))
		return err
	})
	assert.Equal(t, unix.EINTR, err)
	assert.Positive(t, sent, "the count so far comes back with EINTR")
}
