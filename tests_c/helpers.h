/* helpers.h: small helpers shared by the C tests. */
#ifndef GOSOCK_TEST_HELPERS_H
#define GOSOCK_TEST_HELPERS_H

#include <netinet/in.h>
#include <pthread.h>
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

/* udp_pair makes two datagram sockets of family: *bound bound to host on a
 * free port (its address in *name), *other unbound. */
static inline void udp_pair(int family, const char *host, int *bound, int *other,
                            gosock_addr *name) {
  gosock_info bi, oi;
  ASSERT_OK(gosock_socket(family, SOCK_DGRAM, 0, -1, &bi));
  ASSERT_OK(gosock_socket(family, SOCK_DGRAM, 0, -1, &oi));
  gosock_addr a = inet_addr_of(family, host, 0);
  ASSERT_OK(gosock_bind(bi.fd, &a));
  ASSERT_OK(gosock_getsockname(bi.fd, name));
  *bound = bi.fd;
  *other = oi.fd;
}

/* A drainer is a thread that reads a socket until EOF (or an error) and
 * counts the bytes: the receiving side of the bulk transfer tests. */
struct drainer {
  int fd;
  size_t got;
  pthread_t thread;
};

static inline void *drainer_run(void *p) {
  struct drainer *d = p;
  char buf[65536];
  int64_t n;
  while ((n = gosock_recv(d->fd, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE)) > 0) d->got += (size_t)n;
  return NULL;
}

/* tcp_pair_drained is tcp_pair with a drainer started on the server end:
 * write to *client, shut it down and drainer_join(d) for the count. */
static inline void tcp_pair_drained(int *listener, int *client, struct drainer *d) {
  int server;
  tcp_pair(listener, client, &server);
  d->fd = server;
  d->got = 0;
  ASSERT(pthread_create(&d->thread, NULL, drainer_run, d) == 0);
}

/* drainer_join waits for the drainer to see EOF; returns the bytes it read. */
static inline size_t drainer_join(struct drainer *d) {
  pthread_join(d->thread, NULL);
  return d->got;
}

#endif
