/* test-io.c: data transfer, timeouts and addresses through libgosock. */
#include <errno.h>
#include <unistd.h>

#include "helpers.h"

TEST_IMPL(tcp_echo) {
  int l, c, s;
  tcp_pair(&l, &c, &s);
  ASSERT_EQ(gosock_send(c, "hello", 5, 0, GOSOCK_NO_DEADLINE), 5);
  char buf[16];
  ASSERT_EQ(gosock_recv(s, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE), 5);
  ASSERT(memcmp(buf, "hello", 5) == 0);
  gosock_addr peer;
  ASSERT_OK(gosock_getpeername(c, &peer));
  ASSERT_EQ(peer.family, AF_INET);
  ASSERT_STR_EQ(peer.data, "127.0.0.1");
  ASSERT_OK(gosock_shutdown(c, SHUT_WR));
  ASSERT_EQ(gosock_recv(s, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE), 0);
  gosock_close(l);
  gosock_close(c);
  gosock_close(s);
  return 0;
}

TEST_IMPL(recv_timeout) {
  int l, c, s;
  tcp_pair(&l, &c, &s);
  ASSERT_OK(gosock_settimeout(s, 30000000));
  char buf[4];
  int64_t t0 = gosock_monotonic_ns();
  ASSERT_EQ(gosock_recv(s, buf, sizeof buf, 0, gosock_deadline(30000000)), GOSOCK_ETIMEOUT);
  ASSERT_GE(gosock_monotonic_ns() - t0, 29000000);
  return 0;
}

TEST_IMPL(nonblocking_eagain) {
  int l, c, s;
  tcp_pair(&l, &c, &s);
  ASSERT_OK(gosock_settimeout(s, 0));
  char buf[4];
  ASSERT_EQ(gosock_recv(s, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE), -EAGAIN);
  ASSERT_OK(gosock_settimeout(l, 0));
  ASSERT_EQ(gosock_accept(l, GOSOCK_NO_DEADLINE, NULL), -EAGAIN);
  return 0;
}

TEST_IMPL(connect_refused) {
  gosock_info i;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &i));
  gosock_addr a = inet_addr_of(AF_INET, "127.0.0.1", 0);
  ASSERT_OK(gosock_bind(i.fd, &a));
  gosock_addr name;
  ASSERT_OK(gosock_getsockname(i.fd, &name));
  gosock_close(i.fd);
  gosock_info c;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, 1000000000, &c));
  ASSERT_EQ(gosock_connect(c.fd, &name, gosock_deadline(1000000000)), -ECONNREFUSED);
  a.port = 70000;
  ASSERT_EQ(gosock_connect(c.fd, &a, GOSOCK_NO_DEADLINE), GOSOCK_E_PORTRANGE);
  return 0;
}

TEST_IMPL(udp_inet6) {
  int a, b;
  gosock_addr name;
  udp_pair(AF_INET6, "::1", &a, &b, &name);
  ASSERT_STR_EQ(name.data, "::1");
  ASSERT_EQ(gosock_sendto(b, "dgram", 5, 0, &name, GOSOCK_NO_DEADLINE), 5);
  char buf[16];
  gosock_addr from;
  ASSERT_EQ(gosock_recvfrom(a, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE, &from), 5);
  ASSERT_EQ(from.family, AF_INET6);
  ASSERT_STR_EQ(from.data, "::1");
  ASSERT(from.port != 0);
  return 0;
}

TEST_IMPL(unix_abstract) {
  gosock_info s;
  ASSERT_OK(gosock_socket(AF_UNIX, SOCK_DGRAM, 0, -1, &s));
  gosock_addr a;
  memset(&a, 0, sizeof a);
  a.family = AF_UNIX;
  memcpy(a.data, "\0gosock-c-test", 14);
  a.len = 14;
  ASSERT_OK(gosock_bind(s.fd, &a));
  gosock_addr got;
  ASSERT_OK(gosock_getsockname(s.fd, &got));
  ASSERT_EQ(got.len, 14);
  ASSERT(memcmp(got.data, "\0gosock-c-test", 14) == 0);
  memset(a.data, 'x', 108);
  a.len = 108;
  ASSERT_EQ(gosock_bind(s.fd, &a), GOSOCK_E_UNIXPATHLONG);
  return 0;
}

TEST_IMPL(sendall_large) {
  int l, c;
  struct drainer d;
  tcp_pair_drained(&l, &c, &d);
  size_t len = 16 << 20;
  char *data = calloc(1, len);
  size_t done = 0;
  while (done < len) { /* -EINTR after a short write: resume */
    size_t sent = 0;
    int64_t r = gosock_sendall(c, data + done, len - done, 0, GOSOCK_NO_DEADLINE, &sent);
    done += sent;
    if (r != -EINTR) ASSERT_OK(r);
  }
  ASSERT_EQ(done, len);
  gosock_shutdown(c, SHUT_WR);
  ASSERT_EQ(drainer_join(&d), len);
  free(data);
  return 0;
}

TEST_IMPL(sockopts) {
  gosock_info s;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &s));
  ASSERT_OK(gosock_setsockopt_int(s.fd, SOL_SOCKET, SO_REUSEADDR, 1));
  int32_t v = 0;
  ASSERT_OK(gosock_getsockopt_int(s.fd, SOL_SOCKET, SO_REUSEADDR, &v));
  ASSERT_EQ(v, 1);
  char buf[8];
  ASSERT_EQ(gosock_getsockopt_buf(s.fd, SOL_SOCKET, SO_REUSEADDR, buf, sizeof buf), 4);
  ASSERT_EQ(gosock_getsockopt_buf(s.fd, SOL_SOCKET, SO_REUSEADDR, buf, 0), GOSOCK_E_OPTLENRANGE);
  ASSERT_EQ(gosock_getsockopt_buf(s.fd, SOL_SOCKET, SO_REUSEADDR, buf, 2000), GOSOCK_E_OPTLENRANGE);
  int one = 1;
  ASSERT_OK(gosock_setsockopt_buf(s.fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one));
  ASSERT_EQ(gosock_setsockopt_int(-1, SOL_SOCKET, SO_KEEPALIVE, 1), -EBADF);
  return 0;
}

TEST_IMPL(resolve_bad_host) {
  gosock_info s;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &s));
  gosock_addr a = inet_addr_of(AF_INET, "no-such-host.invalid", 80);
  int64_t r = gosock_connect(s.fd, &a, GOSOCK_NO_DEADLINE);
  ASSERT_EQ(gosock_error_kind(r, NULL), GOSOCK_KIND_GAIERROR);
  a = inet_addr_of(AF_INET, "localhost", 0);
  ASSERT_OK(gosock_bind(s.fd, &a));
  return 0;
}
