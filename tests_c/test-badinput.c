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
