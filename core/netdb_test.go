package core

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// What the vectors cannot fix in advance: this machine's names and
// interfaces, concurrency, resource exhaustion.

func TestHostnameIsTheKernels(t *testing.T) {
	want, err := os.ReadFile("/proc/sys/kernel/hostname")
	require.NoError(t, err)
	got, err := GetHostname()
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(string(want)), got)
}

func TestInterfacesMatchSysfs(t *testing.T) {
	list, err := IfNameIndex()
	require.NoError(t, err)
	dirs, err := filepath.Glob("/sys/class/net/*/ifindex")
	require.NoError(t, err)
	if len(dirs) == 0 {
		t.Skip("no /sys/class/net here")
	}
	want := map[string]uint32{}
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		n, err := strconv.Atoi(strings.TrimSpace(string(b)))
		require.NoError(t, err)
		want[filepath.Base(filepath.Dir(p))] = uint32(n)
	}
	got := map[string]uint32{}
	for _, ifn := range list {
		got[ifn.Name] = ifn.Index
		index, err := IfNameToIndex(ifn.Name)
		require.NoError(t, err)
		assert.Equal(t, ifn.Index, index)
		name, err := IfIndexToName(ifn.Index)
		require.NoError(t, err)
		assert.Equal(t, ifn.Name, name)
	}
	assert.Equal(t, want, got)
	_, err = IfIndexToName(0)
	assert.Equal(t, unix.ENXIO, err)
}

// Lookups share no buffers: many at once all get their own answers.
func TestLookupsConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				ip := "10.0." + strconv.Itoa(g) + "." + strconv.Itoa(i)
				if got, err := GetHostByName(ip); err != nil || got != ip {
					errs <- "GetHostByName " + ip + " = " + got
				}
				h, err := GetHostByNameEx("localhost")
				if err != nil || h.Name != "localhost" || len(h.Addrs) == 0 || h.Addrs[0] != "127.0.0.1" {
					errs <- "GetHostByNameEx localhost"
				}
				port := []int64{22, 53, 80, 443}[i%4]
				name, err := GetServByPort(port, nil)
				want := map[int64]string{22: "ssh", 53: "domain", 80: "http", 443: "https"}[port]
				if err != nil || name != want {
					errs <- "GetServByPort " + strconv.Itoa(int(port)) + " = " + name
				}
				host, serv, err := GetNameInfo(ip, 80, 0, 0, 2, NI_NUMERICHOST)
				if err != nil || host != ip || serv != "http" {
					errs <- "GetNameInfo " + ip + " = " + host + " " + serv
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// With no descriptor left, getaddrinfo fails with EAI_SYSTEM: the error is
// the errno behind it, as CPython reports it (OSError, not gaierror).
func TestEAISystemIsTheErrno(t *testing.T) {
	host := "localhost"
	_, err := GetAddrInfo(&host, nil, 0, 0, 0, 0) // load the C library's modules first
	require.NoError(t, err)
	var old unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &old))
	var fds []int
	defer func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
		require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &old))
	}()
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &unix.Rlimit{Cur: 256, Max: old.Max}))
	for {
		fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			break
		}
		fds = append(fds, fd)
	}
	_, err = GetAddrInfo(&host, nil, 0, 0, 0, 0)
	assert.Equal(t, unix.EMFILE, err)
	_, err = GetHostByName(host)
	assert.Equal(t, unix.EMFILE, err)
}

func TestHostentOfAnAddress(t *testing.T) {
	h, err := GetHostByAddr("127.0.0.1")
	require.NoError(t, err)
	assert.Equal(t, unix.AF_INET, h.Family)
	assert.Equal(t, "localhost", h.Name)
	assert.Contains(t, h.Addrs, "127.0.0.1")
	// A name is looked up first: its first address is what is asked for.
	h2, err := GetHostByAddr("localhost")
	require.NoError(t, err)
	assert.Equal(t, h, h2)
}
