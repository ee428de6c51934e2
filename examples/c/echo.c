/* echo.c: the reference document's echo server and client, in C over
 * libgosock. Usage: echo server [dual] | echo client [dual]
 * "dual" uses getaddrinfo to pick the address family, like the document's
 * IPv4/IPv6 pair. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "gosock.h"

#define PORT "50007"

static int fail(const char *what, int64_t code) {
  char msg[256];
  gosock_strerror(code, msg, sizeof msg);
  fprintf(stderr, "%s: %s\n", what, msg);
  return 1;
}

/* send_all sends everything; gosock_sendall stops with -EINTR when a signal
 * (or a short write) interrupted it, and we simply resume. */
static int64_t send_all(int fd, const char *buf, size_t len) {
  size_t done = 0;
  while (done < len) {
    size_t sent = 0;
    int64_t r = gosock_sendall(fd, buf + done, len - done, 0, GOSOCK_NO_DEADLINE, &sent);
    done += sent;
    if (r < 0 && r != -EINTR) return r;
  }
  return 0;
}

static void print_addr(const char *label, const gosock_addr *a) {
  if (a->family == AF_INET6)
    printf("%s ('%s', %u, %u, %u)\n", label, a->data, a->port, a->flowinfo, a->scope_id);
  else
    printf("%s ('%s', %u)\n", label, a->data, a->port);
  fflush(stdout);
}

/* open_socket: the first address of host:port that works, bound and
 * listening for a server, connected for a client. */
static int64_t open_socket(const char *host, int passive, int dual) {
  gosock_addrinfo *res;
  int family = dual ? AF_UNSPEC : AF_INET;
  int64_t n = gosock_getaddrinfo(host, PORT, family, SOCK_STREAM, 0, passive ? AI_PASSIVE : 0, &res);
  if (n < 0) return n;
  int64_t last = -1;
  for (int64_t i = 0; i < n; i++) {
    int64_t fd = gosock_socket(res[i].family, res[i].type, res[i].proto, -1, NULL);
    if (fd < 0) {
      last = fd;
      continue;
    }
    int64_t r;
    if (passive) {
      gosock_setsockopt_int((int)fd, SOL_SOCKET, SO_REUSEADDR, 1);
      r = gosock_bind((int)fd, &res[i].addr);
      if (r >= 0) r = gosock_listen((int)fd, 1);
    } else {
      r = gosock_connect((int)fd, &res[i].addr, GOSOCK_NO_DEADLINE);
    }
    if (r >= 0) {
      gosock_free(res);
      return fd;
    }
    last = r;
    gosock_close((int)fd);
  }
  gosock_free(res);
  return last;
}

static int server(int dual) {
  int64_t s = open_socket(dual ? NULL : "0.0.0.0", 1, dual);
  if (s < 0) return fail("could not open socket", s);
  gosock_addr peer;
  int64_t conn = gosock_accept((int)s, GOSOCK_NO_DEADLINE, &peer);
  if (conn < 0) return fail("accept", conn);
  print_addr("Connected by", &peer);
  char buf[1024];
  int64_t n;
  while ((n = gosock_recv((int)conn, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE)) > 0) {
    int64_t r = send_all((int)conn, buf, (size_t)n);
    if (r < 0) return fail("sendall", r);
  }
  gosock_close((int)conn);
  gosock_close((int)s);
  return n < 0 ? fail("recv", n) : 0;
}

static int client(int dual) {
  int64_t s = open_socket("localhost", 0, dual);
  if (s < 0) return fail("could not open socket", s);
  int64_t r = send_all((int)s, "Hello, world", 12);
  if (r < 0) return fail("sendall", r);
  char buf[1024];
  int64_t n = gosock_recv((int)s, buf, sizeof buf, 0, gosock_deadline(5000000000LL));
  if (n < 0) return fail("recv", n);
  gosock_close((int)s);
  printf("Received b'%.*s'\n", (int)n, buf);
  return 0;
}

int main(int argc, char **argv) {
  if (gosock_version() != GOSOCK_VERSION_HEX) {
    fprintf(stderr, "libgosock version mismatch\n");
    return 1;
  }
  int dual = argc > 2 && strcmp(argv[2], "dual") == 0;
  if (argc > 1 && strcmp(argv[1], "server") == 0) return server(dual);
  if (argc > 1 && strcmp(argv[1], "client") == 0) return client(dual);
  fprintf(stderr, "usage: %s server|client [dual]\n", argv[0]);
  return 2;
}
