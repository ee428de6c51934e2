/* test-basics.c: version, errors, creating sockets. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "helpers.h"

TEST_IMPL(version) {
  ASSERT_EQ(gosock_version(), GOSOCK_VERSION_HEX);
  int64_t t1 = gosock_monotonic_ns();
  int64_t d = gosock_deadline(1000000000);
  ASSERT_GE(d, t1 + 1000000000);
  ASSERT_EQ(gosock_deadline(-5), GOSOCK_NO_DEADLINE);
  return 0;
}

TEST_IMPL(errors) {
  char msg[128];
  int32_t num = -1;
  ASSERT_EQ(gosock_error_kind(-ECONNREFUSED, &num), GOSOCK_KIND_OSERROR);
  ASSERT_EQ(num, ECONNREFUSED);
  ASSERT_EQ(gosock_strerror(-ECONNREFUSED, msg, sizeof msg), strlen("Connection refused"));
  ASSERT_STR_EQ(msg, "Connection refused");
  ASSERT_EQ(gosock_error_kind(GOSOCK_ETIMEOUT, &num), GOSOCK_KIND_TIMEOUT);
  gosock_strerror(GOSOCK_ETIMEOUT, msg, sizeof msg);
  ASSERT_STR_EQ(msg, "timed out");
  ASSERT_EQ(gosock_error_kind(GOSOCK_EAI_BASE - 2, &num), GOSOCK_KIND_GAIERROR);
  ASSERT_EQ(num, -2);
  gosock_strerror(GOSOCK_EAI_BASE - 2, msg, sizeof msg);
  ASSERT_STR_EQ(msg, "Name or service not known");
  ASSERT_EQ(gosock_error_kind(GOSOCK_E_PORTRANGE, NULL), GOSOCK_KIND_OVERFLOW);
  /* Truncation keeps the buffer NUL-terminated and reports the full size. */
  ASSERT_EQ(gosock_strerror(-ECONNREFUSED, msg, 5), 18);
  ASSERT_STR_EQ(msg, "Conn");
  ASSERT_EQ(gosock_strerror(-ECONNREFUSED, NULL, 0), 18);
  return 0;
}

TEST_IMPL(socket_info) {
  gosock_info i;
  int64_t fd = gosock_socket(-1, -1, -1, -1, &i);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(i.fd, fd);
  ASSERT_EQ(i.family, AF_INET);
  ASSERT_EQ(i.type, SOCK_STREAM);
  ASSERT_EQ(i.timeout_ns, -1);
  ASSERT_EQ(gosock_get_inheritable((int)fd), 0);
  ASSERT_OK(gosock_set_inheritable((int)fd, 1));
  ASSERT_EQ(gosock_get_inheritable((int)fd), 1);
  ASSERT_OK(gosock_settimeout((int)fd, 5));
  ASSERT(fcntl((int)fd, F_GETFL) & O_NONBLOCK);
  ASSERT_OK(gosock_settimeout((int)fd, -1));
  ASSERT(!(fcntl((int)fd, F_GETFL) & O_NONBLOCK));
  int64_t d = gosock_dup((int)fd);
  ASSERT_GE(d, 0);
  gosock_info j;
  ASSERT_OK(gosock_fromfd((int)d, -1, -1, -1, 2000000, &j));
  ASSERT_EQ(j.family, AF_INET);
  ASSERT_EQ(j.type, SOCK_STREAM);
  ASSERT_EQ(j.proto, IPPROTO_TCP);
  ASSERT_EQ(j.timeout_ns, 2000000);
  ASSERT_OK(gosock_close((int)d));
  ASSERT_OK(gosock_close((int)fd));
  ASSERT_EQ(gosock_close((int)fd), -EBADF);

  gosock_info nb;
  ASSERT_OK(gosock_socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0, -1, &nb));
  ASSERT_EQ(nb.type, SOCK_DGRAM);
  ASSERT_EQ(nb.timeout_ns, 0);
  gosock_close(nb.fd);
  ASSERT_EQ(gosock_socket(12345, SOCK_STREAM, 0, -1, &nb), -EAFNOSUPPORT);
  return 0;
}

TEST_IMPL(fromfd_errors) {
  gosock_info i;
  ASSERT_EQ(gosock_fromfd(-1, -1, -1, -1, -1, &i), GOSOCK_E_NEGATIVEFD);
  ASSERT_EQ(gosock_error_kind(GOSOCK_E_NEGATIVEFD, NULL), GOSOCK_KIND_VALUE);
  ASSERT_EQ(gosock_fromfd(1000000, -1, -1, -1, -1, &i), -EBADF);
  int p[2];
  ASSERT(pipe(p) == 0);
  ASSERT_EQ(gosock_fromfd(p[0], -1, -1, -1, -1, &i), -ENOTSOCK);
  close(p[0]);
  close(p[1]);
  return 0;
}
