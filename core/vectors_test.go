package core

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// testdata/vectors.json holds what the native socket module does for the
// module-level functions (mkvectors.py). Each case the C API can express
// carries its arguments ("c") and expected outcome ("c_expect") as tokens;
// here they are run through core and the outcome, written as tokens the same
// way, must be identical.

type vector struct {
	ID      int    `json:"id"`
	Fn      string `json:"fn"`
	Py      string `json:"py"`
	C       string `json:"c"`
	CExpect string `json:"c_expect"`
	CNul    bool   `json:"c_nul"`
}

type vtoken struct {
	null bool
	i    int64
	s    string // s: and b: tokens
}

func parseTokens(t *testing.T, s string) []vtoken {
	var out []vtoken
	for _, f := range strings.Fields(s) {
		switch {
		case f == "n":
			out = append(out, vtoken{null: true})
		case strings.HasPrefix(f, "i:"):
			v, err := strconv.ParseInt(f[2:], 10, 64)
			require.NoError(t, err, f)
			out = append(out, vtoken{i: v})
		case strings.HasPrefix(f, "s:"), strings.HasPrefix(f, "b:"):
			b, err := hex.DecodeString(f[2:])
			require.NoError(t, err, f)
			out = append(out, vtoken{s: string(b)})
		default:
			t.Fatalf("bad vtoken %q", f)
		}
	}
	return out
}

func (k vtoken) opt() *string {
	if k.null {
		return nil
	}
	return &k.s
}

// result values: int64, string, []byte (bytes), []any (lists), nil.
func writeTokens(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString(" n")
	case int64:
		fmt.Fprintf(b, " i:%d", x)
	case int:
		fmt.Fprintf(b, " i:%d", x)
	case uint32:
		fmt.Fprintf(b, " i:%d", x)
	case string:
		b.WriteString(" s:" + hex.EncodeToString([]byte(x)))
	case []byte:
		b.WriteString(" b:" + hex.EncodeToString(x))
	case []any:
		fmt.Fprintf(b, " L%d", len(x))
		for _, e := range x {
			writeTokens(b, e)
		}
	default:
		panic(fmt.Sprintf("no vtoken form for %T", v))
	}
}

var kindNames = map[Kind]string{
	KindOSError: "OSError", KindGAI: "gaierror", KindHError: "herror", KindValue: "ValueError",
	KindType: "TypeError", KindOverflow: "OverflowError", KindTimeout: "TimeoutError",
	KindInternal: "SystemError",
}

// outcome renders a result or an error as c_expect does.
func outcome(v any, err error) string {
	if err != nil {
		code := Code(err)
		kind, num := Classify(code)
		return fmt.Sprintf("err %s %d %s", kindNames[kind], num, hex.EncodeToString([]byte(Message(code))))
	}
	var b strings.Builder
	b.WriteString("ok")
	writeTokens(&b, v)
	return b.String()
}

func strList(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

func sockaddrValue(a Addr) []any {
	if a.Family == unix.AF_INET6 {
		return []any{a.Host, a.Port, a.FlowInfo, a.ScopeID}
	}
	return []any{a.Host, a.Port}
}

// callVector runs one case through core.
func callVector(fn string, a []vtoken) (any, error) {
	switch fn {
	case "htons":
		return Htons(a[0].i)
	case "ntohs":
		return Ntohs(a[0].i)
	case "htonl":
		return Htonl(a[0].i)
	case "ntohl":
		return Ntohl(a[0].i)
	case "CMSG_LEN":
		return CmsgLen(a[0].i)
	case "CMSG_SPACE":
		return CmsgSpace(a[0].i)
	case "inet_aton":
		ip, err := InetAton(a[0].s)
		return ip[:], err
	case "inet_ntoa":
		return InetNtoa([]byte(a[0].s))
	case "inet_pton":
		return InetPton(a[0].i, a[1].s)
	case "inet_ntop":
		return InetNtop(a[0].i, []byte(a[1].s))
	case "gethostbyname":
		return GetHostByName(a[0].s)
	case "gethostbyname_ex", "gethostbyaddr":
		f := GetHostByNameEx
		if fn == "gethostbyaddr" {
			f = GetHostByAddr
		}
		h, err := f(a[0].s)
		return []any{h.Name, strList(h.Aliases), strList(h.Addrs)}, err
	case "getnameinfo":
		host, serv, err := GetNameInfo(a[0].s, a[1].i, uint32(a[2].i), uint32(a[3].i), int(a[4].i), a[5].i)
		return []any{host, serv}, err
	case "getservbyname":
		return GetServByName(a[0].s, a[1].opt())
	case "getservbyport":
		return GetServByPort(a[0].i, a[1].opt())
	case "getprotobyname":
		return GetProtoByName(a[0].s)
	case "if_nametoindex":
		return IfNameToIndex(a[0].s)
	case "if_indextoname":
		return IfIndexToName(uint32(a[0].i))
	case "sethostname":
		return nil, SetHostname([]byte(a[0].s))
	case "getaddrinfo":
		infos, err := GetAddrInfo(a[0].opt(), a[1].opt(), int(a[2].i), int(a[3].i), int(a[4].i), int(a[5].i))
		out := []any{}
		for _, ai := range infos {
			out = append(out, []any{ai.Family, ai.Type, ai.Proto, ai.CanonName, sockaddrValue(ai.Addr)})
		}
		return out, err
	}
	return nil, fmt.Errorf("no function %s", fn)
}

func loadVectors(t *testing.T) []vector {
	data, err := os.ReadFile("testdata/vectors.json")
	require.NoError(t, err)
	var doc struct {
		Cases []vector `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	require.Greater(t, len(doc.Cases), 500)
	return doc.Cases
}

func TestVectors(t *testing.T) {
	ran := map[string]int{}
	for _, v := range loadVectors(t) {
		if v.C == "" {
			continue // Python argument conversion only
		}
		if v.Fn == "sethostname" && !strings.HasPrefix(v.CExpect, "err") {
			t.Fatalf("case %d would rename this machine", v.ID)
		}
		args := parseTokens(t, v.C)
		got := outcome(callVector(v.Fn, args))
		if got != v.CExpect {
			t.Errorf("case %d: %s%s\n  native: %s\n  core:   %s", v.ID, v.Fn, v.Py,
				describe(t, v.CExpect), describe(t, got))
		}
		ran[v.Fn]++
	}
	for _, fn := range []string{"htons", "ntohs", "htonl", "ntohl", "CMSG_LEN", "CMSG_SPACE",
		"inet_aton", "inet_ntoa", "inet_pton", "inet_ntop", "gethostbyname", "gethostbyname_ex",
		"gethostbyaddr", "getnameinfo", "getservbyname", "getservbyport", "getprotobyname",
		"if_nametoindex", "if_indextoname", "sethostname", "getaddrinfo"} {
		if ran[fn] == 0 {
			t.Errorf("no vectors for %s", fn)
		}
	}
}

// describe makes an expectation readable: hex tokens shown as text.
func describe(t *testing.T, s string) string {
	f := strings.Fields(s)
	if len(f) == 4 && f[0] == "err" {
		b, _ := hex.DecodeString(f[3])
		return fmt.Sprintf("%s %s %s %q", f[0], f[1], f[2], b)
	}
	var out []string
	for _, x := range f {
		if strings.HasPrefix(x, "s:") || strings.HasPrefix(x, "b:") {
			b, _ := hex.DecodeString(x[2:])
			x = x[:2] + strconv.Quote(string(b))
		}
		out = append(out, x)
	}
	return strings.Join(out, " ")
}
