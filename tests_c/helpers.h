/* helpers.h: small helpers shared by the C tests. */
#ifndef GOSOCK_TEST_HELPERS_H
#define GOSOCK_TEST_HELPERS_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "task.h"

static inline gosock_addr inet_addr_of(int family, const char *host, int port) {
  gosock_addr a;
  memset(&a, 0, sizeof a);
  a.family = family;
  a.port = (uint32_t)port;
  snprintf(a.data, sizeof a.data, "%s", host);
  return a;
}

/* tcp_pair connects a client to a fresh listener on 127.0.0.1. */
static inline void tcp_pair(int *listener, int *client, int *server) {
  gosock_info li, ci;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &li));
  gosock_addr a = inet_addr_of(AF_INET, "127.0.0.1", 0);
  ASSERT_OK(gosock_bind(li.fd, &a));
  ASSERT_OK(gosock_listen(li.fd, 16));
  gosock_addr name;
  ASSERT_OK(gosock_getsockname(li.fd, &name));
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &ci));
  ASSERT_OK(gosock_connect(ci.fd, &name, GOSOCK_NO_DEADLINE));
  int64_t s = gosock_accept(li.fd, GOSOCK_NO_DEADLINE, NULL);
  ASSERT_GE(s, 0);
  *listener = li.fd;
  *client = ci.fd;
  *server = (int)s;
}

#endif
