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

/* Errors of the module-level functions (numbers from -40101 on). */
#define GOSOCK_E_INTTOOBIG       (-40101) /* OverflowError "signed integer is greater than maximum" */
#define GOSOCK_E_INTTOOSMALL     (-40102) /* OverflowError "signed integer is less than minimum" */
#define GOSOCK_E_HTONSNEGATIVE   (-40103) /* OverflowError (htons of a negative value) */
#define GOSOCK_E_HTONSTOOBIG     (-40104) /* OverflowError (htons above 65535) */
#define GOSOCK_E_NTOHSNEGATIVE   (-40105) /* OverflowError (ntohs of a negative value) */
#define GOSOCK_E_NTOHSTOOBIG     (-40106) /* OverflowError (ntohs above 65535) */
#define GOSOCK_E_NEGUNSIGNED     (-40107) /* OverflowError "can't convert negative value to unsigned int" */
#define GOSOCK_E_OVER32BITS      (-40108) /* OverflowError "int larger than 32 bits" */
#define GOSOCK_E_INETATON        (-40109) /* OSError "illegal IP address string passed to inet_aton" */
#define GOSOCK_E_INETPTON        (-40110) /* OSError "illegal IP address string passed to inet_pton" */
#define GOSOCK_E_NTOALENGTH      (-40111) /* OSError "packed IP wrong length for inet_ntoa" */
#define GOSOCK_E_NTOPLENGTH      (-40112) /* ValueError "invalid length of packed IP address string" */
#define GOSOCK_E_NTOPFAMILY      (-40113) /* ValueError "unknown address family" (Python adds the number) */
#define GOSOCK_E_SERVNOTFOUND    (-40114) /* OSError "service/proto not found" */
#define GOSOCK_E_PORTNOTFOUND    (-40115) /* OSError "port/proto not found" */
#define GOSOCK_E_PROTONOTFOUND   (-40116) /* OSError "protocol not found" */
#define GOSOCK_E_SERVPORTRANGE   (-40117) /* OverflowError "getservbyport: port must be 0-65535." */
#define GOSOCK_E_GNIFLOWINFO     (-40118) /* OverflowError "getnameinfo(): flowinfo must be 0-1048575." */
#define GOSOCK_E_GNIMULTIPLE     (-40119) /* OSError "sockaddr resolved to multiple addresses" */
#define GOSOCK_E_GNIIPV4TUPLE    (-40120) /* OSError "IPv4 sockaddr must be 2 tuple" */
#define GOSOCK_E_NOINTERFACE     (-40121) /* OSError "no interface with this name" */
#define GOSOCK_E_WILDCARDMULTI   (-40122) /* OSError "wildcard resolved to multiple address" */
#define GOSOCK_E_UNSUPFAMILY     (-40123) /* OSError "unsupported address family" */
#define GOSOCK_E_UNKNOWNFAMILY   (-40124) /* OSError "unknown address family" */
/* Ancillary data, sendfile and the Linux address families: own block. */
#define GOSOCK_E_CMSGITEMTOOLARGE (-40201) /* OSError "ancillary data item too large" */
#define GOSOCK_E_CMSGTOOMUCH      (-40202) /* OSError "too much ancillary data" */
#define GOSOCK_E_CMSGLENRANGE     (-40203) /* OverflowError "CMSG_LEN() argument out of range" */
#define GOSOCK_E_CMSGSPACERANGE   (-40204) /* OverflowError "CMSG_SPACE() argument out of range" */
#define GOSOCK_E_ANCBUFLEN        (-40205) /* ValueError "invalid ancillary data buffer length" */
#define GOSOCK_E_SOCKADDRLEN      (-40206) /* OSError "getsockaddrlen: bad family" */
#define GOSOCK_E_SENDFILENONBLOCK (-40207) /* ValueError "non-blocking sockets are not supported" */
#define GOSOCK_E_ALGONLY          (-40208) /* OSError "algset is only supported for AF_ALG" */
#define GOSOCK_E_PACKETHWADDR     (-40209) /* ValueError "Hardware address must be 8 bytes or less" */
#define GOSOCK_E_PACKETPROTO      (-40210) /* OverflowError "proto must be 0-65535." */
#define GOSOCK_E_CANIFNAMELONG    (-40211) /* OSError "AF_CAN interface name too long" */
#define GOSOCK_E_CANPROTO         (-40212) /* OSError "unsupported CAN protocol" */
#define GOSOCK_E_TIPCADDRTYPE     (-40213) /* TypeError "Invalid address type" (encoding) */
#define GOSOCK_E_TIPCBADADDRTYPE  (-40214) /* ValueError "Invalid address type" (decoding) */
#define GOSOCK_E_ALGTYPELONG      (-40215) /* ValueError "AF_ALG type too long." */
#define GOSOCK_E_ALGNAMELONG      (-40216) /* ValueError "AF_ALG name too long." */
#define GOSOCK_E_AFALGOP          (-40217) /* TypeError "Invalid or missing argument 'op'" */

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
 *  AF_NETLINK (pid, groups): ints[0], ints[1] (unsigned 32-bit values).
 *  AF_QIPCRTR (node, port): ints[0], ints[1].
 *  AF_VSOCK  (cid, port): ints[0], ints[1].
 *  AF_RDS    as AF_INET (RDS uses sockaddr_in).
 *  AF_PACKET (ifname, proto, pkttype, hatype, addr): data = interface name,
 *            ints[0] = proto (0-65535), ints[1] = pkttype, ints[2] =
 *            hatype, data2 = hardware address (len2 bytes, at most 8).
 *  AF_TIPC   (addr_type, v1, v2, v3, scope): ints[0..3], scope_id = scope.
 *  AF_CAN    data = interface name ("" for any); the socket's protocol
 *            decides the rest: CAN_RAW/CAN_BCM nothing, CAN_ISOTP ints[0] =
 *            rx_addr, ints[1] = tx_addr, CAN_J1939 ints[0] = name (64 bits),
 *            ints[1] = pgn, ints[2] = addr. On output port = the protocol.
 *  AF_ALG    (type, name, feat, mask): data = type, data2 = name, ints[0] =
 *            feat, ints[1] = mask.
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

/* Debugging and tests: runs a full garbage collection of the Go runtime
 * this process uses and returns the number of collections it has completed
 * (>= 1). In a forked child that is the child's fresh copy of the library,
 * so the count starts again. Never needed for normal use. */
int64_t gosock_debug_gc(void);

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

/* Returns the new (blocking, close-on-exec) descriptor; *from receives the
 * peer's address. With from NULL no address is asked of the kernel (what
 * AF_ALG sockets need). */
int64_t gosock_accept(int fd, int64_t deadline, gosock_addr *from);

/* As gosock_accept, and also stores the new descriptor in *newfd (required;
 * -1 on error) before returning. For callers that can be interrupted
 * between the call's return and reading its result: Python runs signal
 * handlers at that point, and a handler that raises would otherwise lose
 * the descriptor. Such a caller reads *newfd in its cleanup and closes it. */
int64_t gosock_accept_fd(int fd, int64_t deadline, gosock_addr *from, int32_t *newfd);

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

/* ---- messages: scatter/gather and ancillary data ---- */

/* gosock_iovec: one buffer of a scatter/gather list, with the layout of
 * struct iovec; the library hands the caller's buffers to the kernel as
 * they are, without copying. */
typedef struct gosock_iovec {
  void *base;
  size_t len;
} gosock_iovec;

/* gosock_cmsg: one control message (ancillary data item), Python's
 * (cmsg_level, cmsg_type, cmsg_data). To send, data points to len bytes of
 * the caller's; from gosock_cmsg_parse, data points into the caller's
 * control buffer. */
typedef struct gosock_cmsg {
  int32_t level;
  int32_t type;
  void *data;
  size_t len;
} gosock_cmsg;

/* gosock_msginfo: what gosock_recvmsg reports besides the byte count. */
typedef struct gosock_msginfo {
  int32_t flags;       /* msg_flags: MSG_TRUNC, MSG_CTRUNC, MSG_EOR, ... */
  int32_t reserved;
  uint64_t controllen; /* bytes of the control buffer filled; 0 on error */
  gosock_addr addr;    /* the sender; family 0 and len 0 when none */
} gosock_msginfo;

/* Walk status of gosock_cmsg_parse. */
#define GOSOCK_CMSG_COMPLETE  0  /* every item is whole */
#define GOSOCK_CMSG_TRUNCATED 1  /* the last item has only part of its data */
#define GOSOCK_CMSG_MALFORMED (-1) /* a cut-off or lying header ended the walk */

/* CMSG_LEN(n) and CMSG_SPACE(n), with CPython's range rule (the result must
 * fit in INT_MAX; CMSG_SPACE leaves room for padding on both sides): an
 * out-of-range or negative n is GOSOCK_E_CMSGLENRANGE / _CMSGSPACERANGE. */
int64_t gosock_cmsg_len(int64_t n);
int64_t gosock_cmsg_space(int64_t n);

/* sendmsg(2): sends the iovcnt buffers of iov as one message with ncmsgs
 * control messages, laid out as CMSG_FIRSTHDR/CMSG_NXTHDR do (each item
 * takes CMSG_SPACE of its data; GOSOCK_E_CMSGITEMTOOLARGE,
 * GOSOCK_E_CMSGTOOMUCH past INT_MAX). to (NULL: none) is the destination;
 * its family is taken as the socket's, and it is checked before the control
 * messages. Returns the bytes sent. Deadline and -EINTR as for gosock_send. */
int64_t gosock_sendmsg(int fd, const gosock_iovec *iov, size_t iovcnt, const gosock_cmsg *cmsgs,
                       size_t ncmsgs, int flags, const gosock_addr *to, int64_t deadline);

/* recvmsg(2) into the iovcnt buffers of iov, with a control buffer of
 * controllen bytes (0: none; at most INT_MAX, else GOSOCK_E_ANCBUFLEN).
 * family is the socket's: it sizes the address buffer as CPython does
 * (GOSOCK_E_SOCKADDRLEN for a family CPython has no address length for).
 * Returns the bytes received and fills *info (required). The control
 * messages are the first info->controllen bytes of control: walk them with
 * gosock_cmsg_parse. They may carry descriptors (SCM_RIGHTS) that now belong
 * to the caller: gosock_cmsg_close_fds releases them if the caller cannot
 * deliver them. If the sender's address cannot be converted, the library
 * closes those descriptors itself and returns the error. */
int64_t gosock_recvmsg(int fd, int family, const gosock_iovec *iov, size_t iovcnt, void *control,
                       size_t controllen, int flags, int64_t deadline, gosock_msginfo *info);

/* Walks received control messages as CPython's recvmsg does: returns how
 * many items there are and writes the first maxitems of them to items
 * (call again with more room if the count is larger). *status (may be
 * NULL) receives GOSOCK_CMSG_*: CPython warns "received malformed or
 * improperly-truncated ancillary data" when it is not COMPLETE. A TRUNCATED
 * item is included with the data that is there. */
int64_t gosock_cmsg_parse(const void *control, size_t controllen, gosock_cmsg *items,
                          size_t maxitems, int32_t *status);

/* Closes every descriptor that the SCM_RIGHTS items of received control
 * messages carry (the items gosock_cmsg_parse lists). */
int64_t gosock_cmsg_close_fds(const void *control, size_t controllen);

/* CPython's sendmsg_afalg on an AF_ALG operation socket (family must be
 * AF_ALG, else GOSOCK_E_ALGONLY): sends iov with control messages setting
 * the operation op (>= 0, else GOSOCK_E_AFALGOP), the IV (ivlen bytes at
 * iv, when has_iv) and the AEAD associated data length (when assoclen >= 0).
 * Returns the bytes sent. */
int64_t gosock_sendmsg_afalg(int fd, int family, const gosock_iovec *iov, size_t iovcnt, int op,
                             const void *iv, size_t ivlen, int has_iv, int64_t assoclen, int flags,
                             int64_t deadline);

/* ---- files ---- */

/* Sends count bytes (0: to the end of the file) of the file open on
 * descriptor file, from offset, over the connected stream socket sock with
 * sendfile(2), without copying and without moving the file's position.
 * timeout_ns is the socket's: -1 blocking, > 0 timeout mode, where each wait
 * for room in the socket may last timeout_ns (CPython restarts the timeout
 * for every chunk: GOSOCK_ETIMEOUT when one wait runs out), 0 non-blocking:
 * GOSOCK_E_SENDFILENONBLOCK unless the file is empty (then 0 bytes, no
 * error). *sent (required) receives the bytes sent, also on error: after
 * -EINTR resume at offset + *sent. An error with *sent == 0 (fstat fails,
 * sendfile(2) cannot read the file) is where Python falls back to send(). */
int64_t gosock_sendfile(int sock, int file, int64_t offset, int64_t count, int64_t timeout_ns,
                        int64_t *sent);

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

/* ---- module-level functions: conversions ----
 *
 * Integer arguments are int64_t so that the library, not the caller, makes
 * CPython's range checks (C int range for "int" arguments, then each
 * function's own). */

/* htons/ntohs: x must be 0..65535. Returns the swapped value, or
 * GOSOCK_E_INTTOOBIG / GOSOCK_E_INTTOOSMALL (outside the C int range),
 * GOSOCK_E_HTONSNEGATIVE / GOSOCK_E_HTONSTOOBIG (the NTOHS pair for ntohs). */
int64_t gosock_htons(int64_t x);
int64_t gosock_ntohs(int64_t x);

/* htonl/ntohl: x must be 0..2**32-1. Returns the swapped value, or
 * GOSOCK_E_NEGUNSIGNED / GOSOCK_E_OVER32BITS. */
int64_t gosock_htonl(int64_t x);
int64_t gosock_ntohl(int64_t x);

/* CMSG_LEN(n) and CMSG_SPACE(n), with CPython's range rule (the result must
 * fit in INT_MAX; CMSG_SPACE leaves room for padding on both sides): an
 * out-of-range or negative n is GOSOCK_E_CMSGLENRANGE / _CMSGSPACERANGE. */
int64_t gosock_cmsg_len(int64_t n);
int64_t gosock_cmsg_space(int64_t n);

/* inet_aton(3)'s lenient syntax ("127.1", "0x7f.1", trailing blanks and
 * what follows them ignored). Returns the address as a number, first byte
 * most significant (127.0.0.1 is 0x7f000001), or GOSOCK_E_INETATON. */
int64_t gosock_inet_aton(const char *ip);

/* The dotted text of a 4-byte packed address into out (see "String
 * results"), or GOSOCK_E_NTOALENGTH when len is not 4. */
int64_t gosock_inet_ntoa(const void *packed, size_t len, char *out, size_t outlen);

/* inet_pton(3): af AF_INET or AF_INET6. Writes the 4 or 16 bytes into out
 * (outlen must be at least that, else GOSOCK_E_BUFTOOSMALL) and returns the
 * count; GOSOCK_E_INETPTON for a malformed address, -EAFNOSUPPORT for
 * another family. */
int64_t gosock_inet_pton(int64_t af, const char *ip, void *out, size_t outlen);

/* inet_pton(AF_INET, ip) as a number, first byte most significant, or
 * GOSOCK_E_INETPTON: the strict dotted-quad syntax, no output buffer. */
int64_t gosock_inet_pton4(const char *ip);

/* inet_ntop(3) of a 4- or 16-byte address into out ("String results"):
 * GOSOCK_E_NTOPLENGTH for a wrong length, GOSOCK_E_NTOPFAMILY for a
 * family other than AF_INET/AF_INET6. GOSOCK_ADDRSTRLEN bytes always do. */
int64_t gosock_inet_ntop(int64_t af, const void *packed, size_t len, char *out, size_t outlen);

#define GOSOCK_ADDRSTRLEN 46 /* INET6_ADDRSTRLEN */

/* ---- module-level functions: names ----
 *
 * String results: a function that returns text writes it NUL-terminated
 * into the caller's out buffer, truncated to outlen - 1 bytes, and returns
 * its full length (like snprintf): a result >= outlen means "call again
 * with a larger buffer". out may be NULL when outlen is 0.
 *
 * Lookups go through the C library (nsswitch.conf, /etc/hosts,
 * /etc/services, DNS) and may block; they hold no lock of the library's
 * own, so other threads' calls go on meanwhile. Host names are passed as
 * the resolver expects them (Python encodes them with IDNA first). */

/* The host name (gethostname(2)); at most 64 bytes. */
int64_t gosock_gethostname(char *out, size_t outlen);

/* sethostname(2) with len bytes of name: -EPERM without the privilege,
 * -EINVAL when longer than 64 bytes. */
int64_t gosock_sethostname(const void *name, size_t len);

/* The IPv4 address of host as text: numeric forms are taken as they are,
 * "" is 0.0.0.0, "<broadcast>" 255.255.255.255, other names go through
 * getaddrinfo (errors: gaierror codes). */
int64_t gosock_gethostbyname(const char *host, char *out, size_t outlen);

/* gosock_hostent: a host's official name, aliases and addresses (text). */
typedef struct gosock_hostent {
  char *name;
  char **aliases; /* naliases entries, then NULL */
  char **addrs;   /* naddrs entries, then NULL */
  int32_t family; /* AF_INET or AF_INET6 */
  int32_t naliases;
  int32_t naddrs;
  int32_t reserved;
} gosock_hostent;

/* gethostbyname_ex(host) and gethostbyaddr(host): *out receives one block
 * of memory (the struct, its arrays and strings) that the caller releases
 * with a single gosock_free(*out); on error *out is NULL. A failed lookup
 * is a GOSOCK_HERR_BASE code (herror) with the resolver's h_errno of the
 * calling thread, as CPython reports it; bad addresses give gaierror
 * codes. gethostbyaddr takes an IPv4 or IPv6 address or a name (its first
 * address is looked up). */
int64_t gosock_gethostbyname_ex(const char *host, gosock_hostent **out);
int64_t gosock_gethostbyaddr(const char *host, gosock_hostent **out);

#define GOSOCK_NI_MAXHOST 1025
#define GOSOCK_NI_MAXSERV 32

/* gosock_nameinfo: getnameinfo's host and service names. */
typedef struct gosock_nameinfo {
  char host[GOSOCK_NI_MAXHOST];
  char serv[GOSOCK_NI_MAXSERV];
} gosock_nameinfo;

/* getnameinfo for Python's address tuple (host, port[, flowinfo[,
 * scope_id]]), nfields (2..4) being the tuple's length: host must be a
 * numeric address; IPv4 needs nfields 2 (GOSOCK_E_GNIIPV4TUPLE);
 * flowinfo must be below 2**20 (GOSOCK_E_GNIFLOWINFO); port and flags are
 * C ints. Fills *out (required). */
int64_t gosock_getnameinfo(const char *host, int64_t port, uint32_t flowinfo, uint32_t scope_id,
                           int nfields, int64_t flags, gosock_nameinfo *out);

/* The port of a service; proto NULL matches any protocol.
 * GOSOCK_E_SERVNOTFOUND when there is none. */
int64_t gosock_getservbyname(const char *name, const char *proto);

/* The name of the service on port (0..65535, else GOSOCK_E_SERVPORTRANGE)
 * into out ("String results"); GOSOCK_E_PORTNOTFOUND when there is none. */
int64_t gosock_getservbyport(int64_t port, const char *proto, char *out, size_t outlen);

/* The number of a protocol, or GOSOCK_E_PROTONOTFOUND. */
int64_t gosock_getprotobyname(const char *name);

/* ---- network interfaces ---- */

#define GOSOCK_IF_NAMESIZE 16

typedef struct gosock_ifname {
  uint32_t index;
  char name[GOSOCK_IF_NAMESIZE]; /* NUL-terminated */
} gosock_ifname;

/* Every interface: *out receives an array of the returned count of
 * entries, allocated by the library: release it with gosock_free(). */
int64_t gosock_if_nameindex(gosock_ifname **out);

/* The index of the named interface, or GOSOCK_E_NOINTERFACE. */
int64_t gosock_if_nametoindex(const char *name);

/* The name of the interface with this index into out ("String results";
 * GOSOCK_IF_NAMESIZE bytes always do), or -ENXIO. */
int64_t gosock_if_indextoname(uint32_t index, char *out, size_t outlen);

/* Releases memory the library allocated for a result (NULL is fine). */
int64_t gosock_free(void *p);

#ifdef __cplusplus
}
#endif
#endif /* GOSOCK_H */
