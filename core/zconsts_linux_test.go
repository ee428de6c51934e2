package core

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// xsysSample ties a selection of the generated constants to x/sys/unix by
// reference, so a mismatch shows even without the source importer below.
var xsysSample = []struct {
	name      string
	got, want int64
}{
	{"AF_UNSPEC", AF_UNSPEC, unix.AF_UNSPEC},
	{"AF_UNIX", AF_UNIX, unix.AF_UNIX},
	{"AF_INET", AF_INET, unix.AF_INET},
	{"AF_INET6", AF_INET6, unix.AF_INET6},
	{"AF_NETLINK", AF_NETLINK, unix.AF_NETLINK},
	{"AF_PACKET", AF_PACKET, unix.AF_PACKET},
	{"AF_CAN", AF_CAN, unix.AF_CAN},
	{"AF_VSOCK", AF_VSOCK, unix.AF_VSOCK},
	{"SOCK_STREAM", SOCK_STREAM, unix.SOCK_STREAM},
	{"SOCK_DGRAM", SOCK_DGRAM, unix.SOCK_DGRAM},
	{"SOCK_RAW", SOCK_RAW, unix.SOCK_RAW},
	{"SOCK_SEQPACKET", SOCK_SEQPACKET, unix.SOCK_SEQPACKET},
	{"SOCK_NONBLOCK", SOCK_NONBLOCK, unix.SOCK_NONBLOCK},
	{"SOCK_CLOEXEC", SOCK_CLOEXEC, unix.SOCK_CLOEXEC},
	{"SOL_SOCKET", SOL_SOCKET, unix.SOL_SOCKET},
	{"SO_REUSEADDR", SO_REUSEADDR, unix.SO_REUSEADDR},
	{"SO_REUSEPORT", SO_REUSEPORT, unix.SO_REUSEPORT},
	{"SO_KEEPALIVE", SO_KEEPALIVE, unix.SO_KEEPALIVE},
	{"SO_ERROR", SO_ERROR, unix.SO_ERROR},
	{"SO_RCVBUF", SO_RCVBUF, unix.SO_RCVBUF},
	{"SO_SNDTIMEO", SO_SNDTIMEO, unix.SO_SNDTIMEO},
	{"SO_PEERCRED", SO_PEERCRED, unix.SO_PEERCRED},
	{"MSG_PEEK", MSG_PEEK, unix.MSG_PEEK},
	{"MSG_DONTWAIT", MSG_DONTWAIT, unix.MSG_DONTWAIT},
	{"MSG_NOSIGNAL", MSG_NOSIGNAL, unix.MSG_NOSIGNAL},
	{"MSG_CMSG_CLOEXEC", MSG_CMSG_CLOEXEC, unix.MSG_CMSG_CLOEXEC},
	{"IPPROTO_TCP", IPPROTO_TCP, unix.IPPROTO_TCP},
	{"IPPROTO_UDP", IPPROTO_UDP, unix.IPPROTO_UDP},
	{"IPPROTO_IPV6", IPPROTO_IPV6, unix.IPPROTO_IPV6},
	{"IPPROTO_MPTCP", IPPROTO_MPTCP, unix.IPPROTO_MPTCP},
	{"IP_TOS", IP_TOS, unix.IP_TOS},
	{"IP_ADD_MEMBERSHIP", IP_ADD_MEMBERSHIP, unix.IP_ADD_MEMBERSHIP},
	{"IPV6_V6ONLY", IPV6_V6ONLY, unix.IPV6_V6ONLY},
	{"IPV6_JOIN_GROUP", IPV6_JOIN_GROUP, unix.IPV6_JOIN_GROUP},
	{"TCP_NODELAY", TCP_NODELAY, unix.TCP_NODELAY},
	{"TCP_KEEPIDLE", TCP_KEEPIDLE, unix.TCP_KEEPIDLE},
	{"TCP_USER_TIMEOUT", TCP_USER_TIMEOUT, unix.TCP_USER_TIMEOUT},
	{"SCM_RIGHTS", SCM_RIGHTS, unix.SCM_RIGHTS},
	{"SCM_CREDENTIALS", SCM_CREDENTIALS, unix.SCM_CREDENTIALS},
	{"SHUT_RDWR", SHUT_RDWR, unix.SHUT_RDWR},
	{"SOMAXCONN", SOMAXCONN, unix.SOMAXCONN},
	{"CAN_EFF_FLAG", CAN_EFF_FLAG, unix.CAN_EFF_FLAG},
	{"VMADDR_CID_ANY", VMADDR_CID_ANY, unix.VMADDR_CID_ANY},
	{"IOCTL_VM_SOCKETS_GET_LOCAL_CID", IOCTL_VM_SOCKETS_GET_LOCAL_CID, unix.IOCTL_VM_SOCKETS_GET_LOCAL_CID},
	{"EAGAIN", EAGAIN, int64(unix.EAGAIN)},
	{"EBADF", EBADF, int64(unix.EBADF)},
}

func TestConstantsSampleMatchXSys(t *testing.T) {
	for _, c := range xsysSample {
		assert.Equal(t, c.want, c.got, c.name)
	}
}

// TestConstantsMatchXSysByName compares every constant that
// golang.org/x/sys/unix also has, looked up by name in its type-checked source.
func TestConstantsMatchXSysByName(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	imp, ok := importer.ForCompiler(token.NewFileSet(), "source", nil).(types.ImporterFrom)
	require.True(t, ok)
	pkg, err := imp.ImportFrom("golang.org/x/sys/unix", root, 0)
	require.NoError(t, err, "type-checking golang.org/x/sys/unix from source")

	shared := 0
	for _, c := range Constants {
		k, ok := pkg.Scope().Lookup(c.Name).(*types.Const)
		if !ok {
			continue
		}
		shared++
		want, exact := constant.Int64Val(constant.ToInt(k.Val()))
		require.True(t, exact, "%s = %s in x/sys", c.Name, k.Val())
		if c.Name == "TIPC_WAIT_FOREVER" {
			// (~0) in <linux/tipc.h>: the native module has -1, x/sys the
			// unsigned 32-bit pattern (see xsysUnsigned in gen/mkconsts.go).
			assert.Equal(t, int64(-1), c.Value, c.Name)
			assert.Equal(t, want, int64(uint32(c.Value)), c.Name)
			continue
		}
		assert.Equal(t, want, c.Value, c.Name)
	}
	// x/sys v0.50.0 has 256 of the names; far fewer means the lookup broke.
	assert.GreaterOrEqual(t, shared, 250, "names found in x/sys")
}

func TestConstantsUnique(t *testing.T) {
	seen := map[string]bool{}
	ident := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	for _, c := range Constants {
		assert.False(t, seen[c.Name], "duplicate %s", c.Name)
		seen[c.Name] = true
		assert.Regexp(t, ident, c.Name)
	}
	assert.GreaterOrEqual(t, len(Constants), 300)
}

// TestConstantsTableMatchesDecls type-checks zconsts_linux.go on its own and
// checks that the Constants table lists exactly the declared constants, in
// declaration order, with their values.
func TestConstantsTableMatchesDecls(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "zconsts_linux.go", nil, 0)
	require.NoError(t, err)
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	_, err = (&types.Config{}).Check("core", fset, []*ast.File{f}, info)
	require.NoError(t, err)

	type decl struct {
		name  string
		value int64
	}
	var decls []decl
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			for _, id := range spec.(*ast.ValueSpec).Names {
				k := info.Defs[id].(*types.Const)
				v, exact := constant.Int64Val(k.Val())
				require.True(t, exact, id.Name)
				assert.Equal(t, types.Typ[types.UntypedInt], k.Type(), id.Name)
				decls = append(decls, decl{id.Name, v})
			}
		}
	}
	require.Equal(t, len(decls), len(Constants), "declared constants vs table rows")
	for i, c := range Constants {
		assert.Equal(t, decls[i], decl{c.Name, c.Value}, "row %d", i)
	}
}

// TestConstantsEnums checks the enum classes against the rule the native
// module follows: upper-case AF_, SOCK_, MSG_ and AI_ names are members of
// AddressFamily, SocketKind, MsgFlag and AddressInfo.
func TestConstantsEnums(t *testing.T) {
	prefixes := map[string]string{"AF_": "AddressFamily", "SOCK_": "SocketKind", "MSG_": "MsgFlag", "AI_": "AddressInfo"}
	counts := map[string]int{}
	for _, c := range Constants {
		want := ""
		for p, e := range prefixes {
			if strings.HasPrefix(c.Name, p) && strings.ToUpper(c.Name) == c.Name {
				want = e
			}
		}
		assert.Equal(t, want, c.Enum, c.Name)
		counts[c.Enum]++
	}
	for _, e := range prefixes {
		assert.NotZero(t, counts[e], e)
	}
	assert.Equal(t, int64(AF_NETLINK), int64(AF_ROUTE))
	assert.Equal(t, 12, AF_DECnet)
}

func TestConstantsSelection(t *testing.T) {
	assert.Equal(t, 2, AF_INET)
	assert.Equal(t, 10, AF_INET6)
	assert.Equal(t, 1, SOCK_STREAM)
	assert.Equal(t, -2, EAI_NONAME)
	assert.Equal(t, int64(4294967295), int64(INADDR_BROADCAST))
	assert.Equal(t, 1025, NI_MAXHOST)
	assert.Equal(t, 1, CAN_BCM_TX_SETUP)
	assert.Equal(t, 10, UDPLITE_SEND_CSCOV)
}

var generatedRE = regexp.MustCompile(`^(//|#|/\*) Code generated .* DO NOT EDIT\.( \*/)?$`)

// TestGeneratedFilesUpToDate runs the generator into a temporary directory
// and compares its outputs byte for byte with the checked-in files.
func TestGeneratedFilesUpToDate(t *testing.T) {
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "gcc"
	}
	if _, err := exec.LookPath(cc); err != nil {
		t.Skipf("no C compiler (%s) to run the generator: %v", cc, err)
	}
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command runs the generator")

	out := t.TempDir()
	cmd := exec.Command(goBin, "run", "./gen", "-out", out)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "go run ./core/gen:\n%s", msg)

	for _, p := range []string{"core/zconsts_linux.go", "include/gosock_consts.h", "python/gosock/_consts.py"} {
		want, err := os.ReadFile(filepath.Join("..", p))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(out, p))
		require.NoError(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output; run go run ./core/gen\n%s", p, firstDiff(want, got))
		}
		lines := strings.SplitN(string(want), "\n", 3)
		require.Len(t, lines, 3, p)
		assert.Contains(t, lines[0], "go run ./core/gen", p+": line 1 names the generator")
		assert.Regexp(t, generatedRE, lines[1], p+": line 2 is the generated-code marker")
	}
}

func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n\tchecked in: " + wl + "\n\tgenerated:  " + gl
		}
	}
	return ""
}
