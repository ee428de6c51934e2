/* test-vectors.c: core/testdata/vectors.txt (what the native socket
 * module does, written by core/testdata/mkvectors.py) run through the C
 * API. Each line: id, function, argument tokens, expected outcome; the
 * outcome of the gosock_ call, written as tokens the same way, must be
 * identical. Tokens: i:<decimal> s:<hex> b:<hex> n L<count>. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdarg.h>
#include <unistd.h>

#include "task.h"

enum { MAXTOK = 16, MAXOUT = 65536 };

typedef struct {
  int null;
  int64_t i;
  char *s; /* s: and b: tokens, decoded and NUL-terminated */
  size_t len;
} tok;

typedef struct {
  char buf[MAXOUT];
  size_t n;
} out_t;

static void put(out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out_t *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(o->buf + o->n, sizeof o->buf - o->n, fmt, ap);
  va_end(ap);
  if (k > 0) o->n += (size_t)k;
  if (o->n >= sizeof o->buf) o->n = sizeof o->buf - 1;
}

static void put_hex(out_t *o, const char *prefix, const void *p, size_t len) {
  const unsigned char *b = p;
  put(o, " %s", prefix);
  for (size_t i = 0; i < len; i++) put(o, "%02x", b[i]);
}

static void put_str(out_t *o, const char *s) { put_hex(o, "s:", s, strlen(s)); }

static int unhex(const char *h, char **out, size_t *len) {
  size_t n = strlen(h);
  if (n % 2) return -1;
  char *b = calloc(n / 2 + 1, 1);
  for (size_t i = 0; i < n / 2; i++) {
    unsigned v;
    if (sscanf(h + 2 * i, "%2x", &v) != 1) return -1;
    b[i] = (char)v;
  }
  *out = b;
  *len = n / 2;
  return 0;
}

static int parse_tokens(char *s, tok *t, int max) {
  int n = 0;
  for (char *save = NULL, *f = strtok_r(s, " ", &save); f; f = strtok_r(NULL, " ", &save)) {
    if (n == max) return -1;
    tok *k = &t[n++];
    memset(k, 0, sizeof *k);
    if (strcmp(f, "n") == 0) {
      k->null = 1;
    } else if (strncmp(f, "i:", 2) == 0) {
      k->i = strtoll(f + 2, NULL, 10);
    } else if (strncmp(f, "s:", 2) == 0 || strncmp(f, "b:", 2) == 0) {
      if (unhex(f + 2, &k->s, &k->len) < 0) return -1;
    } else {
      return -1;
    }
  }
  return n;
}

static const char *kind_name(int64_t kind) {
  switch (kind) {
    case GOSOCK_KIND_OSERROR: return "OSError";
    case GOSOCK_KIND_GAIERROR: return "gaierror";
    case GOSOCK_KIND_HERROR: return "herror";
    case GOSOCK_KIND_VALUE: return "ValueError";
    case GOSOCK_KIND_TYPE: return "TypeError";
    case GOSOCK_KIND_OVERFLOW: return "OverflowError";
    case GOSOCK_KIND_TIMEOUT: return "TimeoutError";
  }
  return "SystemError";
}

/* put_error writes "err <Kind> <num> <hex message>". */
static void put_error(out_t *o, int64_t code) {
  int32_t num = 0;
  int64_t kind = gosock_error_kind(code, &num);
  char msg[1024];
  gosock_strerror(code, msg, sizeof msg);
  o->n = 0;
  put(o, "err %s %d", kind_name(kind), num);
  put_hex(o, "", msg, strlen(msg));
}

static void put_hostent(out_t *o, const gosock_hostent *h) {
  put(o, " L3");
  put_str(o, h->name);
  put(o, " L%d", h->naliases);
  for (int i = 0; i < h->naliases; i++) put_str(o, h->aliases[i]);
  put(o, " L%d", h->naddrs);
  for (int i = 0; i < h->naddrs; i++) put_str(o, h->addrs[i]);
}

static void put_sockaddr(out_t *o, const gosock_addr *a) {
  if (a->family == 10 /* AF_INET6 */) {
    put(o, " L4");
    put_str(o, a->data);
    put(o, " i:%u i:%u i:%u", a->port, a->flowinfo, a->scope_id);
  } else {
    put(o, " L2");
    put_str(o, a->data);
    put(o, " i:%u", a->port);
  }
}

/* run calls the function a line names and writes its outcome into o. */
static int run(const char *fn, tok *a, int n, out_t *o) {
  int64_t r = 0;
  char text[4096];
  o->n = 0;
  put(o, "ok");
#define INT_FN(name, call)                 \
  if (strcmp(fn, name) == 0 && n == 1) {   \
    r = call(a[0].i);                      \
    if (r >= 0) put(o, " i:%lld", (long long)r); \
    goto done;                             \
  }
  INT_FN("htons", gosock_htons)
  INT_FN("ntohs", gosock_ntohs)
  INT_FN("htonl", gosock_htonl)
  INT_FN("ntohl", gosock_ntohl)
  INT_FN("CMSG_LEN", gosock_cmsg_len)
  INT_FN("CMSG_SPACE", gosock_cmsg_space)
#undef INT_FN
  if (strcmp(fn, "inet_aton") == 0) {
    r = gosock_inet_aton(a[0].s);
    if (r >= 0) {
      unsigned char b[4] = {(unsigned char)(r >> 24), (unsigned char)(r >> 16),
                            (unsigned char)(r >> 8), (unsigned char)r};
      put_hex(o, "b:", b, 4);
    }
  } else if (strcmp(fn, "inet_ntoa") == 0) {
    r = gosock_inet_ntoa(a[0].s, a[0].len, text, sizeof text);
    if (r >= 0) put_str(o, text);
  } else if (strcmp(fn, "inet_pton") == 0) {
    unsigned char b[16];
    r = gosock_inet_pton(a[0].i, a[1].s, b, sizeof b);
    if (r >= 0) put_hex(o, "b:", b, (size_t)r);
    /* The AF_INET shortcut must agree. */
    if (a[0].i == 2) {
      int64_t r4 = gosock_inet_pton4(a[1].s);
      if (r >= 0 ? r4 != ((int64_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) : r4 != r) {
        fprintf(stderr, "  gosock_inet_pton4 disagrees with gosock_inet_pton: %lld\n",
                (long long)r4);
        return -1;
      }
    }
  } else if (strcmp(fn, "inet_ntop") == 0) {
    r = gosock_inet_ntop(a[0].i, a[1].s, a[1].len, text, sizeof text);
    if (r >= 0) put_str(o, text);
  } else if (strcmp(fn, "gethostbyname") == 0) {
    r = gosock_gethostbyname(a[0].s, text, sizeof text);
    if (r >= 0) put_str(o, text);
  } else if (strcmp(fn, "gethostbyname_ex") == 0 || strcmp(fn, "gethostbyaddr") == 0) {
    gosock_hostent *h = NULL;
    r = fn[9] == 'n' ? gosock_gethostbyname_ex(a[0].s, &h) : gosock_gethostbyaddr(a[0].s, &h);
    if (r >= 0) put_hostent(o, h);
    if ((r < 0) != (h == NULL)) return -1;
    gosock_free(h);
  } else if (strcmp(fn, "getnameinfo") == 0) {
    gosock_nameinfo ni;
    r = gosock_getnameinfo(a[0].s, a[1].i, (uint32_t)a[2].i, (uint32_t)a[3].i, (int)a[4].i, a[5].i,
                           &ni);
    if (r >= 0) {
      put(o, " L2");
      put_str(o, ni.host);
      put_str(o, ni.serv);
    }
  } else if (strcmp(fn, "getservbyname") == 0) {
    r = gosock_getservbyname(a[0].s, a[1].null ? NULL : a[1].s);
    if (r >= 0) put(o, " i:%lld", (long long)r);
  } else if (strcmp(fn, "getservbyport") == 0) {
    r = gosock_getservbyport(a[0].i, a[1].null ? NULL : a[1].s, text, sizeof text);
    if (r >= 0) put_str(o, text);
  } else if (strcmp(fn, "getprotobyname") == 0) {
    r = gosock_getprotobyname(a[0].s);
    if (r >= 0) put(o, " i:%lld", (long long)r);
  } else if (strcmp(fn, "if_nametoindex") == 0) {
    r = gosock_if_nametoindex(a[0].s);
    if (r >= 0) put(o, " i:%lld", (long long)r);
  } else if (strcmp(fn, "if_indextoname") == 0) {
    r = gosock_if_indextoname((uint32_t)a[0].i, text, sizeof text);
    if (r >= 0) put_str(o, text);
  } else if (strcmp(fn, "sethostname") == 0) {
    r = gosock_sethostname(a[0].s, a[0].len);
    if (r >= 0) put(o, " n");
  } else if (strcmp(fn, "getaddrinfo") == 0) {
    gosock_addrinfo *ai = NULL;
    r = gosock_getaddrinfo(a[0].null ? NULL : a[0].s, a[1].null ? NULL : a[1].s, (int)a[2].i,
                           (int)a[3].i, (int)a[4].i, (int)a[5].i, &ai);
    if (r >= 0) {
      put(o, " L%lld", (long long)r);
      for (int64_t k = 0; k < r; k++) {
        put(o, " L5 i:%d i:%d i:%d", ai[k].family, ai[k].type, ai[k].proto);
        put_str(o, ai[k].canonname);
        put_sockaddr(o, &ai[k].addr);
      }
    }
    gosock_free(ai);
  } else {
    fprintf(stderr, "  no function %s\n", fn);
    return -1;
  }
done:
  if (r < 0) put_error(o, r);
  return 0;
}

static FILE *open_vectors(void) {
  const char *env = getenv("GOSOCK_VECTORS");
  if (env) return fopen(env, "r");
  char exe[PATH_MAX];
  ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (k > 0) {
    exe[k] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      char path[PATH_MAX + 64];
      snprintf(path, sizeof path, "%s/../core/testdata/vectors.txt", exe);
      FILE *f = fopen(path, "r");
      if (f) return f;
    }
  }
  return fopen("core/testdata/vectors.txt", "r");
}

TEST_IMPL(vectors) {
  FILE *f = open_vectors();
  ASSERT(f != NULL);
  static char line[1 << 16];
  static out_t got;
  int cases = 0, failed = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (line[0] == '#' || line[0] == 0) continue;
    char *save = NULL;
    char *id = strtok_r(line, "\t", &save);
    char *fn = strtok_r(NULL, "\t", &save);
    char *args = strtok_r(NULL, "\t", &save);
    char *expect = strtok_r(NULL, "\t", &save);
    ASSERT(id && fn && args && expect);
    /* A successful sethostname would rename this machine. */
    ASSERT(strcmp(fn, "sethostname") != 0 || strncmp(expect, "err", 3) == 0);
    tok a[MAXTOK];
    int n = parse_tokens(args, a, MAXTOK);
    ASSERT(n >= 0);
    if (run(fn, a, n, &got) < 0 || strcmp(got.buf, expect) != 0) {
      failed++;
      fprintf(stderr, "  case %s %s\n    native: %s\n    gosock: %s\n", id, fn, expect, got.buf);
    }
    for (int i = 0; i < n; i++) free(a[i].s);
    cases++;
  }
  fclose(f);
  ASSERT_GE(cases, 500);
  ASSERT_EQ(failed, 0);
  return 0;
}
