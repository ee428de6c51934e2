/* timeout_client.c: an echo client that never waits longer than it was
 * told, over libgosock.
 *
 * Usage: timeout_client [host [port [seconds]]]   (localhost 50007 5)
 *
 * It resolves host with getaddrinfo, connects to the first address that
 * answers, sends "Hello, world" and waits for the reply. One timeout covers
 * the whole exchange: the deadline is computed once, and every call gets
 * the same deadline, so a retry after a signal (-EINTR) keeps the time that
 * is left instead of starting over.
 *
 * Exit status: 0 reply received, 1 error, 2 usage, 3 timed out. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "gosock.h"

enum { EXIT_TIMEOUT = 3 };

static int fail(const char *what, int64_t code) {
  char msg[256];
  gosock_strerror(code, msg, sizeof msg);
  fprintf(stderr, "%s: %s\n", what, msg);
  return code == GOSOCK_ETIMEOUT ? EXIT_TIMEOUT : 1;
}

/* connect_any: a socket connected to the first address of host:port that
 * answers before the deadline, or an error code. */
static int64_t connect_any(const char *host, const char *port, int64_t timeout_ns,
                           int64_t deadline) {
  gosock_addrinfo *res;
  int64_t n = gosock_getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM, 0, 0, &res);
  if (n < 0) return n;
  int64_t last = GOSOCK_E_NOADDRESS;
  for (int64_t i = 0; i < n; i++) {
    /* timeout mode: the descriptor is non-blocking, calls wait with poll. */
    int64_t fd = gosock_socket(res[i].family, res[i].type, res[i].proto, timeout_ns, NULL);
    if (fd < 0) {
      last = fd;
      continue;
    }
    int64_t r = gosock_connect((int)fd, &res[i].addr, deadline);
    /* A signal does not stop the kernel's connection attempt: wait on. */
    while (r == -EINTR) r = gosock_connect_wait((int)fd, deadline);
    if (r >= 0) {
      gosock_free(res);
      return fd;
    }
    last = r;
    gosock_close((int)fd);
    if (r == GOSOCK_ETIMEOUT) break; /* the time is spent for every address */
  }
  gosock_free(res);
  return last;
}

int main(int argc, char **argv) {
  if (argc > 4) {
    fprintf(stderr, "usage: %s [host [port [seconds]]]\n", argv[0]);
    return 2;
  }
  const char *host = argc > 1 ? argv[1] : "localhost";
  const char *port = argc > 2 ? argv[2] : "50007";
  double seconds = argc > 3 ? strtod(argv[3], NULL) : 5.0;
  if (!(seconds > 0)) {
    fprintf(stderr, "seconds must be > 0\n");
    return 2;
  }
  int64_t timeout_ns = (int64_t)(seconds * 1e9);
  int64_t deadline = gosock_deadline(timeout_ns); /* one deadline for everything */

  int64_t s = connect_any(host, port, timeout_ns, deadline);
  if (s < 0) return fail("connect", s);

  static const char hello[] = "Hello, world";
  size_t sent = 0;
  int64_t r;
  do { /* after -EINTR, resume where sendall stopped */
    size_t part;
    r = gosock_sendall((int)s, hello + sent, sizeof hello - 1 - sent, 0, deadline, &part);
    sent += part;
  } while (r == -EINTR);
  if (r < 0) {
    gosock_close((int)s);
    return fail("sendall", r);
  }

  char buf[1024];
  int64_t n;
  do n = gosock_recv((int)s, buf, sizeof buf, 0, deadline);
  while (n == -EINTR);
  gosock_close((int)s);
  if (n == GOSOCK_ETIMEOUT) {
    fprintf(stderr, "recv: no reply within %g s: timed out\n", seconds);
    return EXIT_TIMEOUT;
  }
  if (n < 0) return fail("recv", n);
  printf("Received b'%.*s'\n", (int)n, buf);
  return 0;
}
