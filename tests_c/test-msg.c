/* test-msg.c: sendmsg/recvmsg with ancillary data, sendfile and the Linux
 * address families through libgosock. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "helpers.h"

TEST_IMPL(cmsg_macros) {
  for (int64_t n = 0; n < 100; n++) {
    ASSERT_EQ(gosock_cmsg_len(n), CMSG_LEN(n));
    ASSERT_EQ(gosock_cmsg_space(n), CMSG_SPACE(n));
  }
  ASSERT_EQ(gosock_cmsg_len(INT_MAX - CMSG_LEN(0)), INT_MAX);
  ASSERT_EQ(gosock_cmsg_len(INT_MAX - CMSG_LEN(0) + 1), GOSOCK_E_CMSGLENRANGE);
  ASSERT_EQ(gosock_cmsg_len(-1), GOSOCK_E_CMSGLENRANGE);
  ASSERT_EQ(gosock_cmsg_space(INT_MAX - CMSG_SPACE(1) + 1), GOSOCK_E_CMSGSPACERANGE);
  ASSERT_EQ(gosock_error_kind(GOSOCK_E_CMSGSPACERANGE, NULL), GOSOCK_KIND_OVERFLOW);
  /* gosock_iovec is struct iovec. */
  ASSERT_EQ(sizeof(gosock_iovec), sizeof(struct iovec));
  ASSERT_EQ(offsetof(gosock_iovec, len), offsetof(struct iovec, iov_len));
  return 0;
}

static int fd_of(const gosock_cmsg *c, int i) {
  int fd;
  memcpy(&fd, (char *)c->data + i * sizeof(int), sizeof fd);
  return fd;
}

TEST_IMPL(msg_scm_rights) {
  gosock_info a, b;
  ASSERT_OK(gosock_socketpair(AF_UNIX, SOCK_STREAM, 0, -1, &a, &b));
  int p[2];
  ASSERT(pipe(p) == 0);
  int fds[2] = {p[0], p[1]};
  gosock_iovec iov[2] = {{"hel", 3}, {"lo", 2}};
  gosock_cmsg c = {SOL_SOCKET, SCM_RIGHTS, fds, sizeof fds};
  ASSERT_EQ(gosock_sendmsg(a.fd, iov, 2, &c, 1, 0, NULL, GOSOCK_NO_DEADLINE), 5);

  char data[16];
  char control[CMSG_SPACE(2 * sizeof(int))];
  gosock_iovec in = {data, sizeof data};
  gosock_msginfo info;
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, &in, 1, control, sizeof control, 0, GOSOCK_NO_DEADLINE,
                           &info),
            5);
  ASSERT(memcmp(data, "hello", 5) == 0);
  ASSERT_EQ(info.flags & MSG_CTRUNC, 0);
  ASSERT_EQ(info.controllen, CMSG_LEN(2 * sizeof(int)));
  gosock_cmsg items[4];
  int32_t status = 99;
  ASSERT_EQ(gosock_cmsg_parse(control, info.controllen, items, 4, &status), 1);
  ASSERT_EQ(status, GOSOCK_CMSG_COMPLETE);
  ASSERT_EQ(items[0].level, SOL_SOCKET);
  ASSERT_EQ(items[0].type, SCM_RIGHTS);
  ASSERT_EQ(items[0].len, 2 * sizeof(int));
  ASSERT((char *)items[0].data == control + CMSG_LEN(0));
  int r = fd_of(&items[0], 0), w = fd_of(&items[0], 1);
  ASSERT_EQ(write(w, "x", 1), 1);
  char ch;
  ASSERT_EQ(read(r, &ch, 1), 1);
  ASSERT_EQ(ch, 'x');
  /* Counting without room, then closing what arrived. */
  ASSERT_EQ(gosock_cmsg_parse(control, info.controllen, NULL, 0, NULL), 1);
  ASSERT_OK(gosock_cmsg_close_fds(control, info.controllen));
  ASSERT_EQ(fcntl(r, F_GETFD), -1);
  ASSERT_EQ(fcntl(w, F_GETFD), -1);

  /* A control buffer too small for both descriptors: MSG_CTRUNC. */
  ASSERT_EQ(gosock_sendmsg(a.fd, iov, 1, &c, 1, 0, NULL, GOSOCK_NO_DEADLINE), 3);
  char small[CMSG_LEN(sizeof(int))];
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, &in, 1, small, sizeof small, 0, GOSOCK_NO_DEADLINE,
                           &info),
            3);
  ASSERT(info.flags & MSG_CTRUNC);
  ASSERT_EQ(gosock_cmsg_parse(small, info.controllen, items, 4, &status), 1);
  ASSERT_EQ(items[0].len, sizeof(int));
  ASSERT_OK(gosock_cmsg_close_fds(small, info.controllen));
  close(p[0]);
  close(p[1]);
  return 0;
}

TEST_IMPL(msg_udp_address_and_trunc) {
  int s, c;
  gosock_addr name;
  udp_pair(AF_INET, "127.0.0.1", &s, &c, &name);
  gosock_iovec iov = {"datagram", 8};
  ASSERT_EQ(gosock_sendmsg(c, &iov, 1, NULL, 0, 0, NULL, GOSOCK_NO_DEADLINE), -EDESTADDRREQ);
  ASSERT_EQ(gosock_sendmsg(c, &iov, 1, NULL, 0, 0, &name, GOSOCK_NO_DEADLINE), 8);
  char buf[4];
  gosock_iovec in = {buf, sizeof buf};
  gosock_msginfo info;
  ASSERT_EQ(gosock_recvmsg(s, AF_INET, &in, 1, NULL, 0, 0, GOSOCK_NO_DEADLINE, &info), 4);
  ASSERT(info.flags & MSG_TRUNC);
  ASSERT_EQ(info.controllen, 0);
  ASSERT_EQ(info.addr.family, AF_INET);
  ASSERT_STR_EQ(info.addr.data, "127.0.0.1");
  gosock_addr cname;
  ASSERT_OK(gosock_getsockname(c, &cname));
  ASSERT_EQ(info.addr.port, cname.port);
  gosock_addr bad = inet_addr_of(AF_INET, "127.0.0.1", 70000);
  ASSERT_EQ(gosock_sendmsg(c, &iov, 1, NULL, 0, 0, &bad, GOSOCK_NO_DEADLINE), GOSOCK_E_PORTRANGE);
  return 0;
}

TEST_IMPL(msg_errors) {
  gosock_info a, b;
  ASSERT_OK(gosock_socketpair(AF_UNIX, SOCK_STREAM, 0, 1000000000, &a, &b));
  char buf[4];
  gosock_iovec in = {buf, sizeof buf};
  gosock_msginfo info;
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, &in, 1, NULL, 0, 0, GOSOCK_NO_DEADLINE,
                           NULL),
            GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_recvmsg(b.fd, 12345, &in, 1, NULL, 0, 0, GOSOCK_NO_DEADLINE, &info),
            GOSOCK_E_SOCKADDRLEN);
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, &in, 1, buf, (size_t)INT_MAX + 1, 0, GOSOCK_NO_DEADLINE,
                           &info),
            GOSOCK_E_ANCBUFLEN);
  ASSERT_EQ(gosock_error_kind(GOSOCK_E_ANCBUFLEN, NULL), GOSOCK_KIND_VALUE);
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, NULL, 1, NULL, 0, 0, GOSOCK_NO_DEADLINE, &info),
            GOSOCK_E_NULLPOINTER);
  int64_t t0 = gosock_monotonic_ns();
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, &in, 1, NULL, 0, 0, gosock_deadline(20000000), &info),
            GOSOCK_ETIMEOUT);
  ASSERT_GE(gosock_monotonic_ns() - t0, 19000000);
  ASSERT_EQ(info.controllen, 0);
  ASSERT_EQ(gosock_recvmsg(b.fd, AF_UNIX, &in, 1, NULL, 0, 0, GOSOCK_NO_DEADLINE, &info), -EAGAIN);
  gosock_cmsg huge = {SOL_SOCKET, SCM_RIGHTS, buf, (size_t)INT_MAX};
  gosock_iovec out = {"x", 1};
  ASSERT_EQ(gosock_sendmsg(a.fd, &out, 1, &huge, 1, 0, NULL, GOSOCK_NO_DEADLINE),
            GOSOCK_E_CMSGITEMTOOLARGE);
  gosock_cmsg nodata = {SOL_SOCKET, SCM_RIGHTS, NULL, 4};
  ASSERT_EQ(gosock_sendmsg(a.fd, &out, 1, &nodata, 1, 0, NULL, GOSOCK_NO_DEADLINE),
            GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_sendmsg_afalg(a.fd, AF_UNIX, &out, 1, 0, NULL, 0, 0, -1, 0, GOSOCK_NO_DEADLINE),
            GOSOCK_E_ALGONLY);
  ASSERT_EQ(gosock_sendmsg_afalg(a.fd, AF_ALG, &out, 1, -1, NULL, 0, 0, -1, 0, GOSOCK_NO_DEADLINE),
            GOSOCK_E_AFALGOP);
  ASSERT_EQ(gosock_error_kind(GOSOCK_E_AFALGOP, NULL), GOSOCK_KIND_TYPE);
  return 0;
}

TEST_IMPL(sendfile_file) {
  char path[] = "/tmp/gosock-sendfile-XXXXXX";
  int f = mkstemp(path);
  ASSERT_GE(f, 0);
  unlink(path);
  size_t size = 3 << 20;
  char *data = calloc(1, size);
  ASSERT_EQ(write(f, data, size), size);
  free(data);

  int l, c;
  struct drainer d;
  tcp_pair_drained(&l, &c, &d);
  int64_t sent = -1;
  ASSERT_OK(gosock_sendfile(c, f, 1000, 0, -1, &sent));
  ASSERT_EQ(sent, size - 1000);
  ASSERT_EQ(lseek(f, 0, SEEK_CUR), size); /* untouched by sendfile */
  ASSERT_OK(gosock_sendfile(c, f, 0, 4096, -1, &sent));
  ASSERT_EQ(sent, 4096);
  ASSERT_EQ(gosock_sendfile(c, f, 0, 0, 0, &sent), GOSOCK_E_SENDFILENONBLOCK);
  ASSERT_EQ(gosock_sendfile(c, 987654, 0, 0, -1, &sent), -EBADF);
  ASSERT_EQ(sent, 0);
  ASSERT_EQ(gosock_sendfile(c, f, 0, 0, -1, NULL), GOSOCK_E_NULLPOINTER);
  gosock_shutdown(c, SHUT_WR);
  ASSERT_EQ(drainer_join(&d), size - 1000 + 4096);
  close(f);
  return 0;
}

TEST_IMPL(addr_netlink_packet) {
  gosock_info n;
  ASSERT_OK(gosock_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, -1, &n));
  gosock_addr a;
  memset(&a, 0, sizeof a);
  a.family = AF_NETLINK;
  ASSERT_OK(gosock_bind(n.fd, &a));
  gosock_addr name;
  ASSERT_OK(gosock_getsockname(n.fd, &name));
  ASSERT_EQ(name.family, AF_NETLINK);
  ASSERT(name.ints[0] != 0);
  ASSERT_EQ(name.ints[1], 0);
  gosock_close(n.fd);

  gosock_info p;
  int64_t r = gosock_socket(AF_PACKET, SOCK_DGRAM, 0, -1, &p);
  if (r == -EPERM) return 0; /* not root: AF_PACKET needs CAP_NET_RAW */
  ASSERT_OK(r);
  memset(&a, 0, sizeof a);
  a.family = AF_PACKET;
  strcpy(a.data, "lo");
  a.ints[0] = 0x0800;
  ASSERT_OK(gosock_bind(p.fd, &a));
  ASSERT_OK(gosock_getsockname(p.fd, &name));
  ASSERT_STR_EQ(name.data, "lo");
  ASSERT_EQ(name.ints[0], 0x0800);
  ASSERT_EQ(name.ints[2], 772); /* ARPHRD_LOOPBACK */
  ASSERT_EQ(name.len2, 6);
  a.ints[0] = 70000;
  ASSERT_EQ(gosock_bind(p.fd, &a), GOSOCK_E_PACKETPROTO);
  strcpy(a.data, "nosuchif0");
  ASSERT_EQ(gosock_bind(p.fd, &a), -ENODEV);
  /* Families this kernel lacks fail in socket(), as for the native module. */
  r = gosock_socket(AF_TIPC, SOCK_RDM, 0, -1, &p);
  ASSERT(r >= 0 || r == -EAFNOSUPPORT);
  return 0;
}

TEST_IMPL(accept_without_address) {
  int l, c, s;
  tcp_pair(&l, &c, &s);
  gosock_info c2;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &c2));
  gosock_addr name;
  ASSERT_OK(gosock_getsockname(l, &name));
  ASSERT_OK(gosock_connect(c2.fd, &name, GOSOCK_NO_DEADLINE));
  int64_t fd = gosock_accept(l, GOSOCK_NO_DEADLINE, NULL);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(gosock_get_inheritable((int)fd), 0);
  gosock_close((int)fd);
  return 0;
}
