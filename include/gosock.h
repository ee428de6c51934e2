/*
 * gosock.h: the C API of libgosock, Python's socket module implemented in Go.
 *
 * Conventions
 *  - Every function is prefixed gosock_ and returns int64_t: a value >= 0 is
 *    the result (a byte count, a descriptor, 0 for "done"); a negative value
 *    is an error code (see "Errors" below). Nothing is reported through errno.
 *  - The library keeps no state per socket: a socket is its descriptor, and
 *    each call gets the descriptor, the flags and the deadline it needs.
 *  - Deadlines are absolute CLOCK_MONOTONIC times in nanoseconds (the clock
 *    of clock_gettime(CLOCK_MONOTONIC) and Python's time.monotonic_ns()), or
 *    GOSOCK_NO_DEADLINE. See "Timeouts".
 *  - Buffers are always owned by the caller; the library never keeps a
 *    pointer it was given after the call returns, and never hands out
 *    pointers to its own memory except where a gosock_free* function is
 *    named for them.
 *  - All functions are thread-safe, and the library works in the child of a
 *    fork() without exec: the first call in the child loads a fresh copy of
 *    the library (about 2-3 ms once), because the Go runtime of the parent
 *    cannot run in a child.
 *
 * Timeouts
 *  A socket is in one of three modes, as in Python: blocking (timeout -1),
 *  non-blocking (timeout 0) or timeout mode (timeout > 0, in nanoseconds).
 *  gosock_settimeout() sets the descriptor's O_NONBLOCK flag for a mode.
 *  Each I/O call then takes a deadline:
 *   - GOSOCK_NO_DEADLINE for blocking and non-blocking mode: the system
 *     call's result is final (non-blocking sockets report -EAGAIN);
 *   - gosock_deadline(timeout_ns) for timeout mode: the call waits with
 *     poll(2) until the deadline and then fails with GOSOCK_ETIMEOUT.
 *  When a signal interrupts a call it returns -EINTR without retrying, so
 *  that the caller can handle the signal; to resume, call again with the
 *  same deadline (after -EINTR from gosock_connect, call
 *  gosock_connect_wait instead: the connection goes on in the kernel).
 *
 * Errors
 *  code in -1 .. -4095       -errno                        (Python: OSError)
 *  GOSOCK_ETIMEOUT           the deadline passed           (TimeoutError)
 *  GOSOCK_EAI_BASE + eai     getaddrinfo error EAI_*       (gaierror)
 *  GOSOCK_HERR_BASE - h      resolver h_errno              (herror)
 *  GOSOCK_E_*                gosock's own errors, each with a fixed kind
 *  gosock_error_kind() tells the kind and number of any code and
 *  gosock_strerror() its message.
 */
#ifndef GOSOCK_H
#define GOSOCK_H

#include <stddef.h>
#include <stdint.h>

#include "gosock_consts.h" /* GOSOCK_AF_INET, ...: the socket module's constants */

#ifdef __cplusplus
extern "C" {
#endif

#define GOSOCK_VERSION_MAJOR 0
#define GOSOCK_VERSION_MINOR 1
#define GOSOCK_VERSION_PATCH 0
#define GOSOCK_VERSION_HEX \
  ((GOSOCK_VERSION_MAJOR << 16) | (GOSOCK_VERSION_MINOR << 8) | GOSOCK_VERSION_PATCH)

#define GOSOCK_NO_DEADLINE (-1)

/* Error kinds, as returned by gosock_error_kind(). */
#define GOSOCK_KIND_OK       0
#define GOSOCK_KIND_OSERROR  1 /* OSError(errno, strerror) or OSError(message) */
#define GOSOCK_KIND_TIMEOUT  2 /* TimeoutError("timed out") */
#define GOSOCK_KIND_GAIERROR 3 /* gaierror(EAI code, gai_strerror) */
#define GOSOCK_KIND_HERROR   4 /* herror(h_errno, hstrerror) */
#define GOSOCK_KIND_VALUE    5 /* ValueError(message) */
#define GOSOCK_KIND_TYPE     6 /* TypeError(message) */
#define GOSOCK_KIND_OVERFLOW 7 /* OverflowError(message) */
#define GOSOCK_KIND_INTERNAL 8 /* a bug in gosock (a Go panic was caught) */

/* Error code ranges. Numbers are never reused. */
#define GOSOCK_ETIMEOUT  (-10001)
#define GOSOCK_EAI_BASE  (-20000)
#define GOSOCK_HERR_BASE (-30000)

/* gosock's own errors: fixed kind and message. */
#define GOSOCK_E_PANIC          (-40001) /* internal: a Go panic was caught */
#define GOSOCK_E_BADFAMILY      (-40002) /* OSError "getsockaddrarg: bad family" */
#define GOSOCK_E_PORTRANGE      (-40003) /* OverflowError "port must be 0-65535." */
#define GOSOCK_E_FLOWINFO       (-40004) /* OverflowError "flowinfo must be 0-1048575." */
#define GOSOCK_E_UNIXPATHLONG   (-40005) /* OSError "AF_UNIX path too long" */
#define GOSOCK_E_FAMILYMISMATCH (-40006) /* OSError "address family mismatched" */
#define GOSOCK_E_NEGATIVESIZE   (-40007) /* ValueError "negative buffersize" */
#define GOSOCK_E_BUFTOOSMALL    (-40008) /* ValueError */
#define GOSOCK_E_ADDRTOOLONG    (-40009) /* OSError "address too long" */
#define GOSOCK_E_INVALIDARG     (-40010) /* ValueError "invalid argument" */
#define GOSOCK_E_EMBEDDEDNUL    (-40011) /* ValueError "embedded null character" */
#define GOSOCK_E_NOADDRESS      (-40012) /* OSError "no address" */
#define GOSOCK_E_BADADDRLEN     (-40013) /* OSError */
#define GOSOCK_E_SCOPERANGE     (-40014) /* OverflowError */
#define GOSOCK_E_TIMEOUTRANGE   (-40015) /* OverflowError */
#define GOSOCK_E_BADTIMEOUT     (-40016) /* ValueError */
#define GOSOCK_E_OPTLENRANGE    (-40017) /* OSError "getsockopt buflen out of range" */
#define GOSOCK_E_NULLPOINTER    (-40018) /* ValueError: a required pointer was NULL */
#define GOSOCK_E_NEGATIVEFD     (-40019) /* ValueError "negative file descriptor" */
#define GOSOCK_E_FORKRELOAD     (-40020) /* OSError: a forked child could not load its copy */

/* Size of gosock_addr.data: the longest host name getnameinfo returns. */
#define GOSOCK_ADDR_DATA 1025
#define GOSOCK_ADDR_DATA2 128

/*
 * gosock_addr: one address of any family, in the shape of Python's tuples.
 *
 *  AF_INET   data = host ("" is INADDR_ANY, "<broadcast>" INADDR_BROADCAST,
 *            numeric, or a name to resolve), port.
 *  AF_INET6  data = host, port, flowinfo, scope_id.
 *  AF_UNIX   data = path bytes, len bytes long; a path starting with a NUL
 *            byte is a Linux abstract name. len 0 is an unnamed socket.
 *  family 0 with len 0 is "no address" (Python None).
 *  Families without a tuple form come back as family plus the 14 bytes of
 *  sockaddr's sa_data in data.
 *
 * On input, data must be NUL-terminated for AF_INET/AF_INET6 (len may be 0
 * then) and exactly len bytes for AF_UNIX. On output, the library fills
 * every field and NUL-terminates data where room allows.
 */
typedef struct gosock_addr {
  int32_t family;
  uint32_t port;
  uint32_t flowinfo;
  uint32_t scope_id;
  int64_t ints[4];  /* integer fields of other families, tuple order */
  uint32_t len;     /* bytes used in data */
  uint32_t len2;    /* bytes used in data2 */
  char data[GOSOCK_ADDR_DATA];
  char data2[GOSOCK_ADDR_DATA2];
} gosock_addr;

/* gosock_info: what a new socket is. timeout_ns: -1 blocking, 0 non-blocking,
 * > 0 timeout mode. type has SOCK_NONBLOCK/SOCK_CLOEXEC masked out. */
typedef struct gosock_info {
  int32_t fd;
  int32_t family;
  int32_t type;
  int32_t proto;
  int64_t timeout_ns;
} gosock_info;

/* ---- library ---- */

/* The library's version as GOSOCK_VERSION_HEX; compare with the header's. */
int64_t gosock_version(void);

/* CLOCK_MONOTONIC now, in nanoseconds. */
int64_t gosock_monotonic_ns(void);

/* The deadline for a timeout: now + timeout_ns, or GOSOCK_NO_DEADLINE when
 * timeout_ns < 0. Pass 0 for "already due" (poll once). */
int64_t gosock_deadline(int64_t timeout_ns);

/* The kind (GOSOCK_KIND_*) of an error code; *num (may be NULL) receives the
 * number the exception carries: errno, EAI code, h_errno, or 0. */
int64_t gosock_error_kind(int64_t code, int32_t *num);

/* Writes the message for code into buf (NUL-terminated, truncated to
 * buflen). Returns the full message length. */
int64_t gosock_strerror(int64_t code, char *buf, size_t buflen);

/* ---- creating and closing ---- */

/* socket(family, type, proto): -1 picks AF_INET, SOCK_STREAM, 0. The
 * descriptor is close-on-exec. default_timeout_ns is the module default
 * timeout (-1 for none): the socket starts in that mode unless type has
 * SOCK_NONBLOCK. Fills *out; returns the descriptor. */
int64_t gosock_socket(int family, int type, int proto, int64_t default_timeout_ns,
                      gosock_info *out);

/* Wraps an existing descriptor; -1 for family/type/proto reads them from
 * the kernel. Fails with -EBADF/-ENOTSOCK if fd is not a socket. */
int64_t gosock_fromfd(int fd, int family, int type, int proto, int64_t default_timeout_ns,
                      gosock_info *out);

/* socketpair(): -1 picks AF_UNIX, SOCK_STREAM, 0. */
int64_t gosock_socketpair(int family, int type, int proto, int64_t default_timeout_ns,
                          gosock_info *a, gosock_info *b);

/* close(fd); ECONNRESET is not reported. */
int64_t gosock_close(int fd);

/* A close-on-exec duplicate of fd; returns the new descriptor. */
int64_t gosock_dup(int fd);

/* Puts fd in the mode for timeout_ns (-1 blocking, >= 0 O_NONBLOCK). */
int64_t gosock_settimeout(int fd, int64_t timeout_ns);

/* 1 if fd is inheritable (no FD_CLOEXEC), else 0. */
int64_t gosock_get_inheritable(int fd);
int64_t gosock_set_inheritable(int fd, int inheritable);

/* ---- addresses and connections ---- */

/* Binds fd to addr; addr->family must be the socket's family. Host names
 * are resolved as Python does ("" is the wildcard). */
int64_t gosock_bind(int fd, const gosock_addr *addr);

/* Marks fd as accepting connections; a negative backlog counts as 0. */
int64_t gosock_listen(int fd, int backlog);

/* Returns the new (blocking, close-on-exec) descriptor; *from (may be
 * NULL) receives the peer's address. */
int64_t gosock_accept(int fd, int64_t deadline, gosock_addr *from);

/* Under a deadline an in-progress connection is waited for. After -EINTR
 * call gosock_connect_wait(fd, deadline). */
int64_t gosock_connect(int fd, const gosock_addr *addr, int64_t deadline);
int64_t gosock_connect_wait(int fd, int64_t deadline);

/* The address fd is bound to (getsockname) or connected to (getpeername),
 * written to *out (may be NULL). */
int64_t gosock_getsockname(int fd, gosock_addr *out);
int64_t gosock_getpeername(int fd, gosock_addr *out);

/* Disables receives (SHUT_RD), sends (SHUT_WR) or both (SHUT_RDWR). */
int64_t gosock_shutdown(int fd, int how);

/* ---- data ---- */

/* recv/recvfrom/send/sendto return the byte count (0 at end of stream for
 * recv). *from (may be NULL) receives the sender's address; to->family must
 * be the socket's family. */
int64_t gosock_recv(int fd, void *buf, size_t len, int flags, int64_t deadline);
int64_t gosock_recvfrom(int fd, void *buf, size_t len, int flags, int64_t deadline,
                        gosock_addr *from);
int64_t gosock_send(int fd, const void *buf, size_t len, int flags, int64_t deadline);
int64_t gosock_sendto(int fd, const void *buf, size_t len, int flags, const gosock_addr *to,
                      int64_t deadline);

/* Sends all len bytes under one deadline. *sent (required) receives the
 * count sent, also on error. -EINTR means "interrupted": by a signal, or
 * after a short write (which is how the kernel reports a signal that came
 * after some bytes were copied); handle pending signals, then resume with
 * buf + *sent, len - *sent and the same deadline. */
int64_t gosock_sendall(int fd, const void *buf, size_t len, int flags, int64_t deadline,
                       size_t *sent);

/* ---- options ---- */

/* Reads an int option into *value (required). */
int64_t gosock_getsockopt_int(int fd, int level, int opt, int32_t *value);
/* Reads at most buflen (1..1024) bytes; returns the length the kernel set. */
int64_t gosock_getsockopt_buf(int fd, int level, int opt, void *buf, size_t buflen);
/* Sets an int option. */
int64_t gosock_setsockopt_int(int fd, int level, int opt, int value);
/* buf may be NULL with len > 0 (Python's setsockopt(level, opt, None, len)). */
int64_t gosock_setsockopt_buf(int fd, int level, int opt, const void *buf, size_t len);

/* ---- name resolution ---- */

/* gosock_addrinfo: one getaddrinfo result. */
typedef struct gosock_addrinfo {
  int32_t family;
  int32_t type;
  int32_t proto;
  int32_t reserved;
  char canonname[GOSOCK_ADDR_DATA]; /* NUL-terminated, "" when not asked for */
  gosock_addr addr;
} gosock_addrinfo;

/* getaddrinfo(3) through the C library (so /etc/hosts, nsswitch.conf and
 * gai.conf apply). host and port may be NULL. On success *out points to an
 * array of the returned count of results, allocated by the library: release
 * it with gosock_free(). On error *out is NULL and the code is a gaierror
 * (GOSOCK_EAI_BASE + EAI_*) or -errno. */
int64_t gosock_getaddrinfo(const char *host, const char *port, int family, int type, int proto,
                           int flags, gosock_addrinfo **out);

/* Releases memory the library allocated for a result (NULL is fine). */
int64_t gosock_free(void *p);

#ifdef __cplusplus
}
#endif
#endif /* GOSOCK_H */
