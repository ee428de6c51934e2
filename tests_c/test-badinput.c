/* test-badinput.c: NULL pointers, bad descriptors and huge lengths give
 * errors, never crashes. */
#include <errno.h>
#include <limits.h>

#include "helpers.h"

TEST_IMPL(null_pointers) {
  gosock_info s;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_DGRAM, 0, -1, &s));
  ASSERT_EQ(gosock_bind(s.fd, NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_connect(s.fd, NULL, GOSOCK_NO_DEADLINE), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_recv(s.fd, NULL, 10, 0, GOSOCK_NO_DEADLINE), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_send(s.fd, NULL, 10, 0, GOSOCK_NO_DEADLINE), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_sendto(s.fd, "x", 1, 0, NULL, GOSOCK_NO_DEADLINE), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_sendall(s.fd, "x", 1, 0, GOSOCK_NO_DEADLINE, NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_socketpair(-1, -1, -1, -1, NULL, NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_getsockopt_int(s.fd, SOL_SOCKET, SO_TYPE, NULL), GOSOCK_E_NULLPOINTER);
  /* NULL out-parameters that are optional are fine. */
  ASSERT_OK(gosock_socket(AF_INET, SOCK_DGRAM, 0, -1, NULL));
  ASSERT_OK(gosock_getsockname(s.fd, NULL));
  /* Zero-length buffers with NULL are fine too. */
  ASSERT_EQ(gosock_recv(s.fd, NULL, 0, MSG_DONTWAIT, GOSOCK_NO_DEADLINE), -EAGAIN);
  return 0;
}

TEST_IMPL(huge_lengths) {
  gosock_info s;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_DGRAM, 0, -1, &s));
  char b[4];
  ASSERT_EQ(gosock_recv(s.fd, b, SIZE_MAX, MSG_DONTWAIT, GOSOCK_NO_DEADLINE), GOSOCK_E_NULLPOINTER);
  int64_t r = gosock_recv(s.fd, b, (size_t)INT_MAX + 10, MSG_DONTWAIT, GOSOCK_NO_DEADLINE);
  ASSERT(r == -EAGAIN || r == -EFAULT); /* the kernel checks the range or the queue first */
  ASSERT_EQ(gosock_setsockopt_buf(s.fd, SOL_SOCKET, SO_KEEPALIVE, b, SIZE_MAX), -EINVAL);
  ASSERT_EQ(gosock_recv(-1, b, sizeof b, 0, GOSOCK_NO_DEADLINE), -EBADF);
  ASSERT_EQ(gosock_recv(999999, b, sizeof b, 0, GOSOCK_NO_DEADLINE), -EBADF);
  gosock_addr a = inet_addr_of(AF_INET, "127.0.0.1", 0);
  a.len = 5000;
  ASSERT_EQ(gosock_bind(s.fd, &a), GOSOCK_E_NULLPOINTER);
  return 0;
}

/* ---- every socket entry point, with bad descriptors, NULL pointers and
 * lengths past INT_MAX: errors, never a crash, a hang or a write past the
 * caller's buffer. ---- */

#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

/* canary_buf: a small buffer followed by guard bytes that must stay put. */
struct canary_buf {
  char data[8];
  char guard[56];
};

static void canary_init(struct canary_buf *c) { memset(c, 0xA5, sizeof *c); }

static int canary_ok(const struct canary_buf *c) {
  for (size_t i = 0; i < sizeof c->guard; i++)
    if ((unsigned char)c->guard[i] != 0xA5) return 0;
  return 1;
}

/* not_ok: a result that is an error (negative). */
#define ASSERT_ERR(call)                                              \
  do {                                                                \
    int64_t r_ = (call);                                              \
    if (r_ >= 0) FAIL_AT("%s succeeded (%lld)", #call, (long long)r_); \
  } while (0)

static int bad_fds[6];

/* data_file: an open regular file with some bytes in it (sendfile from an
 * empty file sends nothing and touches no socket, as in CPython). */
static int data_file(void) {
  char path[] = "/tmp/gosock-badinput-XXXXXX";
  int fd = mkstemp(path);
  ASSERT(fd >= 0);
  unlink(path);
  ASSERT_EQ(write(fd, "data", 4), 4);
  return fd;
}

static void make_bad_fds(void) {
  /* The Go runtime starts on a thread of its own when the library loads
   * and opens a few descriptors of its own as it does; the first call
   * waits for it. Without this, the "closed" number below may be one the
   * runtime takes a moment later. */
  gosock_monotonic_ns();
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  int closed = dup(p[0]);
  close(closed);
  bad_fds[0] = -1;
  bad_fds[1] = INT_MIN;
  bad_fds[2] = INT_MAX;
  bad_fds[3] = closed;
  bad_fds[4] = p[0]; /* not a socket */
  bad_fds[5] = 1 << 20;
}

TEST_IMPL(bad_fds_everywhere) {
  int file = data_file(); /* first: it must not take the closed number */
  make_bad_fds();
  for (size_t i = 0; i < sizeof bad_fds / sizeof bad_fds[0]; i++) {
    int fd = bad_fds[i];
    struct canary_buf b;
    canary_init(&b);
    gosock_addr a = inet_addr_of(AF_INET, "127.0.0.1", 9);
    gosock_info info;
    int32_t v, nfd;
    size_t sent;
    int64_t sent64;
    gosock_iovec iov = {b.data, sizeof b.data};
    gosock_msginfo mi;
    ASSERT_ERR(gosock_fromfd(fd, -1, -1, -1, -1, &info));
    ASSERT_ERR(gosock_close(fd == bad_fds[4] ? -1 : fd));
    ASSERT_ERR(gosock_dup(fd == bad_fds[4] ? -1 : fd));
    ASSERT_ERR(gosock_settimeout(fd == bad_fds[4] ? -1 : fd, 5));
    ASSERT_ERR(gosock_bind(fd, &a));
    ASSERT_ERR(gosock_listen(fd, 5));
    ASSERT_ERR(gosock_accept(fd, GOSOCK_NO_DEADLINE, &a));
    ASSERT_ERR(gosock_accept_fd(fd, gosock_deadline(1000000), &a, &nfd));
    ASSERT_ERR(gosock_connect(fd, &a, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_connect_wait(fd, gosock_deadline(1000000)));
    ASSERT_ERR(gosock_getsockname(fd, &a));
    ASSERT_ERR(gosock_getpeername(fd, &a));
    ASSERT_ERR(gosock_shutdown(fd, SHUT_RDWR));
    ASSERT_ERR(gosock_recv(fd, b.data, sizeof b.data, 0, gosock_deadline(1000000)));
    ASSERT_ERR(gosock_recvfrom(fd, b.data, sizeof b.data, 0, GOSOCK_NO_DEADLINE, &a));
    ASSERT_ERR(gosock_send(fd, "x", 1, 0, gosock_deadline(1000000)));
    ASSERT_ERR(gosock_sendto(fd, "x", 1, 0, &a, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_sendall(fd, "x", 1, 0, GOSOCK_NO_DEADLINE, &sent));
    ASSERT_ERR(gosock_sendall(fd, "", 0, 0, GOSOCK_NO_DEADLINE, &sent));
    ASSERT_ERR(gosock_sendmsg(fd, &iov, 1, NULL, 0, 0, NULL, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_recvmsg(fd, AF_INET, &iov, 1, NULL, 0, 0, GOSOCK_NO_DEADLINE, &mi));
    ASSERT_ERR(gosock_sendfile(fd, file, 0, 1, -1, &sent64));
    ASSERT_ERR(gosock_getsockopt_int(fd, SOL_SOCKET, SO_TYPE, &v));
    ASSERT_ERR(gosock_getsockopt_buf(fd, SOL_SOCKET, SO_TYPE, b.data, 4));
    ASSERT_ERR(gosock_setsockopt_int(fd, SOL_SOCKET, SO_REUSEADDR, 1));
    ASSERT_ERR(gosock_setsockopt_buf(fd, SOL_SOCKET, SO_REUSEADDR, b.data, 4));
    ASSERT(canary_ok(&b));
  }
  return 0;
}

TEST_IMPL(null_pointers_everywhere) {
  int l, c, s;
  tcp_pair(&l, &c, &s);
  int32_t nfd;
  size_t sent;
  int64_t sent64;
  /* Required pointers: an error. */
  ASSERT_ERR(gosock_accept_fd(l, GOSOCK_NO_DEADLINE, NULL, NULL));
  ASSERT_ERR(gosock_recvfrom(s, NULL, 4, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, NULL));
  ASSERT_ERR(gosock_sendall(c, NULL, 4, 0, GOSOCK_NO_DEADLINE, &sent));
  ASSERT_ERR(gosock_sendmsg(c, NULL, 3, NULL, 0, 0, NULL, GOSOCK_NO_DEADLINE));
  gosock_iovec nulliov = {NULL, 10};
  ASSERT_ERR(gosock_sendmsg(c, &nulliov, 1, NULL, 0, 0, NULL, GOSOCK_NO_DEADLINE));
  gosock_cmsg nullcm = {SOL_SOCKET, SCM_RIGHTS, NULL, 4};
  gosock_iovec one = {"x", 1};
  ASSERT_ERR(gosock_sendmsg(c, &one, 1, &nullcm, 1, 0, NULL, GOSOCK_NO_DEADLINE));
  ASSERT_ERR(gosock_sendmsg(c, &one, 1, NULL, 2, 0, NULL, GOSOCK_NO_DEADLINE));
  gosock_msginfo mi;
  ASSERT_ERR(gosock_recvmsg(s, AF_INET, &one, 1, NULL, 0, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, NULL));
  ASSERT_ERR(gosock_recvmsg(s, AF_INET, NULL, 2, NULL, 0, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &mi));
  ASSERT_ERR(gosock_recvmsg(s, AF_INET, &nulliov, 1, NULL, 0, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &mi));
  ASSERT_ERR(gosock_recvmsg(s, AF_INET, &one, 1, NULL, 64, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &mi));
  ASSERT_ERR(gosock_cmsg_parse(NULL, 64, NULL, 0, NULL));
  ASSERT_ERR(gosock_sendfile(c, data_file(), 0, 1, -1, NULL));
  ASSERT_ERR(gosock_getsockopt_buf(s, SOL_SOCKET, SO_TYPE, NULL, 4));
  ASSERT_ERR(gosock_getaddrinfo("127.0.0.1", "80", 0, 0, 0, 0, NULL));
  /* Optional ones: fine. */
  ASSERT_OK(gosock_cmsg_parse(NULL, 0, NULL, 0, NULL));
  ASSERT_OK(gosock_getpeername(s, NULL));
  ASSERT_OK(gosock_error_kind(-1, NULL));
  ASSERT_GE(gosock_strerror(-1, NULL, 100), 1);
  ASSERT_GE(gosock_strerror(-1, NULL, 0), 1);
  ASSERT_OK(gosock_free(NULL));
  ASSERT_EQ(gosock_setsockopt_buf(s, SOL_SOCKET, SO_REUSEADDR, NULL, 0), -EINVAL);
  ASSERT_EQ(gosock_send(c, NULL, 0, 0, GOSOCK_NO_DEADLINE), 0);
  ASSERT_EQ(gosock_sendall(c, NULL, 0, 0, GOSOCK_NO_DEADLINE, &sent), 0);
  (void)nfd;
  (void)sent64;
  gosock_close(l);
  gosock_close(c);
  gosock_close(s);
  return 0;
}

TEST_IMPL(lengths_past_int_max) {
  gosock_info a, b;
  ASSERT_OK(gosock_socketpair(AF_UNIX, SOCK_DGRAM, 0, -1, &a, &b));
  struct canary_buf buf;
  canary_init(&buf);
  const size_t lens[] = {(size_t)INT_MAX + 1, (size_t)UINT32_MAX + 1, (size_t)1 << 62,
                         ((size_t)1 << 62) + 1, SIZE_MAX / 2, SIZE_MAX};
  for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
    size_t n = lens[i];
    /* Nothing queued: no byte may be written, whatever the length says. */
    ASSERT_ERR(gosock_recv(a.fd, buf.data, n, MSG_DONTWAIT, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_recvfrom(a.fd, buf.data, n, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, NULL));
    gosock_iovec iov = {buf.data, n};
    gosock_msginfo mi;
    ASSERT_ERR(gosock_recvmsg(a.fd, AF_UNIX, &iov, 1, NULL, 0, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &mi));
    ASSERT_ERR(gosock_recvmsg(a.fd, AF_UNIX, &iov, 1, buf.data, n, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &mi));
    ASSERT_ERR(gosock_recvmsg(a.fd, AF_UNIX, &iov, n, NULL, 0, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &mi));
    /* A datagram longer than the kernel takes, or a bad range. */
    ASSERT_ERR(gosock_send(a.fd, buf.data, n, MSG_DONTWAIT, GOSOCK_NO_DEADLINE));
    size_t sent = 12345;
    ASSERT_ERR(gosock_sendall(a.fd, buf.data, n, MSG_DONTWAIT, GOSOCK_NO_DEADLINE, &sent));
    ASSERT_ERR(gosock_sendmsg(a.fd, &iov, 1, NULL, 0, MSG_DONTWAIT, NULL, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_sendmsg(a.fd, &iov, n, NULL, 0, MSG_DONTWAIT, NULL, GOSOCK_NO_DEADLINE));
    gosock_cmsg cm = {SOL_SOCKET, SCM_RIGHTS, buf.data, n};
    gosock_iovec one = {"x", 1};
    ASSERT_ERR(gosock_sendmsg(a.fd, &one, 1, &cm, 1, MSG_DONTWAIT, NULL, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_sendmsg(a.fd, &one, 1, &cm, n, MSG_DONTWAIT, NULL, GOSOCK_NO_DEADLINE));
    ASSERT_ERR(gosock_getsockopt_buf(a.fd, SOL_SOCKET, SO_TYPE, buf.data, n));
    ASSERT_ERR(gosock_setsockopt_buf(a.fd, SOL_SOCKET, SO_REUSEADDR, buf.data, n));
    gosock_cmsg items[2];
    int32_t status;
    int64_t r = gosock_cmsg_parse(buf.data, sizeof buf.data, items, n, &status);
    ASSERT(r <= 1);
    ASSERT(canary_ok(&buf));
  }
  /* Integer arguments at their limits. */
  ASSERT_ERR(gosock_listen(-1, INT_MAX));
  ASSERT_ERR(gosock_cmsg_len(INT64_MAX));
  ASSERT_ERR(gosock_cmsg_len(-1));
  ASSERT_ERR(gosock_cmsg_space(INT64_MIN));
  ASSERT_ERR(gosock_shutdown(a.fd, INT_MAX));
  ASSERT_ERR(gosock_socket(INT_MAX, SOCK_STREAM, 0, -1, NULL));
  ASSERT_ERR(gosock_socket(AF_INET, INT_MAX, 0, -1, NULL));
  ASSERT_ERR(gosock_socketpair(INT_MIN, -1, -1, -1, &a, &b));
  gosock_close(a.fd);
  gosock_close(b.fd);
  return 0;
}

TEST_IMPL(addresses_malformed) {
  gosock_info s6, s4, su;
  ASSERT_OK(gosock_socket(AF_INET6, SOCK_DGRAM, 0, -1, &s6));
  ASSERT_OK(gosock_socket(AF_INET, SOCK_DGRAM, 0, -1, &s4));
  ASSERT_OK(gosock_socket(AF_UNIX, SOCK_DGRAM, 0, -1, &su));
  gosock_addr a;
  /* Ports and flow labels out of range, lengths that lie. */
  a = inet_addr_of(AF_INET, "127.0.0.1", 0);
  a.port = 65536;
  ASSERT_EQ(gosock_bind(s4.fd, &a), GOSOCK_E_PORTRANGE);
  a.port = UINT32_MAX;
  ASSERT_EQ(gosock_sendto(s4.fd, "x", 1, 0, &a, GOSOCK_NO_DEADLINE), GOSOCK_E_PORTRANGE);
  a = inet_addr_of(AF_INET6, "::1", 0);
  a.flowinfo = 0x100000;
  ASSERT_EQ(gosock_bind(s6.fd, &a), GOSOCK_E_FLOWINFO);
  a = inet_addr_of(AF_INET6, "::1", 0);
  a.len = UINT32_MAX;
  ASSERT_ERR(gosock_bind(s6.fd, &a));
  a.len = GOSOCK_ADDR_DATA;
  ASSERT_ERR(gosock_bind(s6.fd, &a));
  /* A host that fills the whole field without a NUL. */
  memset(&a, 0, sizeof a);
  a.family = AF_INET;
  memset(a.data, '1', sizeof a.data);
  ASSERT_ERR(gosock_bind(s4.fd, &a));
  ASSERT_ERR(gosock_connect(s4.fd, &a, GOSOCK_NO_DEADLINE));
  /* A host with an embedded NUL (len says more). */
  a = inet_addr_of(AF_INET, "127.0.0.1", 0);
  a.len = 12;
  ASSERT_ERR(gosock_bind(s4.fd, &a));
  /* AF_UNIX paths at and past the limit, and len beyond data. */
  memset(&a, 0, sizeof a);
  a.family = AF_UNIX;
  memset(a.data, 'p', sizeof a.data);
  a.len = 108;
  ASSERT_EQ(gosock_bind(su.fd, &a), GOSOCK_E_UNIXPATHLONG);
  a.len = GOSOCK_ADDR_DATA;
  ASSERT_ERR(gosock_bind(su.fd, &a));
  a.len = GOSOCK_ADDR_DATA + 1;
  ASSERT_ERR(gosock_bind(su.fd, &a));
  /* Family mismatches and unknown families. */
  a = inet_addr_of(AF_INET6, "::1", 0);
  ASSERT_ERR(gosock_bind(s4.fd, &a));
  a = inet_addr_of(12345, "x", 0);
  ASSERT_ERR(gosock_bind(s4.fd, &a));
  a = inet_addr_of(-1, "x", 0);
  ASSERT_ERR(gosock_sendto(s4.fd, "x", 1, 0, &a, GOSOCK_NO_DEADLINE));
  /* Resolver input: NUL-less garbage, empty, very long. */
  gosock_addrinfo *res = (gosock_addrinfo *)1;
  ASSERT_ERR(gosock_getaddrinfo(NULL, NULL, 0, 0, 0, 0, &res));
  ASSERT(res == NULL);
  char longname[70000];
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  ASSERT_ERR(gosock_getaddrinfo(longname, "80", 0, 0, 0, 0, &res));
  ASSERT_ERR(gosock_getaddrinfo("127.0.0.1", longname, 0, 0, 0, 0, &res));
  ASSERT_ERR(gosock_getaddrinfo("127.0.0.1", "80", INT_MAX, INT_MIN, -1, -1, &res));
  gosock_close(s4.fd);
  gosock_close(s6.fd);
  gosock_close(su.fd);
  return 0;
}

TEST_IMPL(deadlines_at_the_limits) {
  /* A huge timeout is a deadline far away, not an overflow into "none". */
  ASSERT_EQ(gosock_deadline(INT64_MAX), INT64_MAX);
  ASSERT_GE(gosock_deadline(INT64_MAX - 1), gosock_monotonic_ns());
  ASSERT_EQ(gosock_deadline(-1), GOSOCK_NO_DEADLINE);
  ASSERT_EQ(gosock_deadline(INT64_MIN), GOSOCK_NO_DEADLINE);
  gosock_info a, b;
  ASSERT_OK(gosock_socketpair(-1, -1, -1, -1, &a, &b));
  ASSERT_OK(gosock_settimeout(a.fd, INT64_MAX));
  char buf[4];
  /* Data waiting: a far deadline returns it at once. */
  ASSERT_EQ(gosock_send(b.fd, "abc", 3, 0, GOSOCK_NO_DEADLINE), 3);
  ASSERT_EQ(gosock_recv(a.fd, buf, sizeof buf, 0, gosock_deadline(INT64_MAX)), 3);
  /* A deadline in the past polls once. */
  ASSERT_EQ(gosock_recv(a.fd, buf, sizeof buf, 0, 0), GOSOCK_ETIMEOUT);
  ASSERT_EQ(gosock_recv(a.fd, buf, sizeof buf, 0, 1), GOSOCK_ETIMEOUT);
  /* Other negative deadlines mean none, as -1 does: non-blocking EAGAIN. */
  ASSERT_EQ(gosock_recv(a.fd, buf, sizeof buf, 0, INT64_MIN), -EAGAIN);
  ASSERT_EQ(gosock_recv(a.fd, buf, sizeof buf, 0, -5), -EAGAIN);
  gosock_close(a.fd);
  gosock_close(b.fd);
  return 0;
}
