/* funcs.h: the one list of libgosock's Go entry points, as an X-macro.
 * X(name, parameter list, argument list): dispatch.c turns each into the
 * public gosock_<name> and a slot in the call table. */
#define GOSOCK_FUNCS(X) GOSOCK_ERROR_FUNCS(X) GOSOCK_CALL_FUNCS(X) GOSOCK_INTERNAL_FUNCS(X)

/* Internal entry points: a slot in the call table, no public symbol. */
#define GOSOCK_INTERNAL_FUNCS(X) X(sched_yield, (void), ())

/* The error functions get hand-written public wrappers (dispatch.c). */
#define GOSOCK_ERROR_FUNCS(X)                                                                    \
  X(error_kind, (int64_t code, int32_t *num), (code, num))                                       \
  X(strerror, (int64_t code, char *buf, size_t buflen), (code, buf, buflen))

#define GOSOCK_CALL_FUNCS(X)                                                                     \
  X(monotonic_ns, (void), ())                                                                    \
  X(deadline, (int64_t timeout), (timeout))                                                      \
  X(debug_gc, (void), ())                                                                        \
  X(socket, (int family, int type, int proto, int64_t dt, gosock_info *out),                     \
    (family, type, proto, dt, out))                                                              \
  X(fromfd, (int fd, int family, int type, int proto, int64_t dt, gosock_info *out),             \
    (fd, family, type, proto, dt, out))                                                          \
  X(socketpair, (int family, int type, int proto, int64_t dt, gosock_info *a, gosock_info *b),   \
    (family, type, proto, dt, a, b))                                                             \
  X(close, (int fd), (fd))                                                                       \
  X(dup, (int fd), (fd))                                                                         \
  X(settimeout, (int fd, int64_t timeout), (fd, timeout))                                        \
  X(get_inheritable, (int fd), (fd))                                                             \
  X(set_inheritable, (int fd, int inheritable), (fd, inheritable))                               \
  X(bind, (int fd, const gosock_addr *addr), (fd, (gosock_addr *)addr))                          \
  X(listen, (int fd, int backlog), (fd, backlog))                                                \
  X(accept, (int fd, int64_t deadline, gosock_addr *from), (fd, deadline, from))                 \
  X(accept_fd, (int fd, int64_t deadline, gosock_addr *from, int32_t *newfd),                    \
    (fd, deadline, from, newfd))                                                                 \
  X(connect, (int fd, const gosock_addr *addr, int64_t deadline),                                \
    (fd, (gosock_addr *)addr, deadline))                                                         \
  X(connect_wait, (int fd, int64_t deadline), (fd, deadline))                                    \
  X(getsockname, (int fd, gosock_addr *out), (fd, out))                                          \
  X(getpeername, (int fd, gosock_addr *out), (fd, out))                                          \
  X(shutdown, (int fd, int how), (fd, how))                                                      \
  X(recv, (int fd, void *buf, size_t len, int flags, int64_t deadline),                          \
    (fd, buf, len, flags, deadline))                                                             \
  X(recvfrom, (int fd, void *buf, size_t len, int flags, int64_t deadline, gosock_addr *from),   \
    (fd, buf, len, flags, deadline, from))                                                       \
  X(send, (int fd, const void *buf, size_t len, int flags, int64_t deadline),                    \
    (fd, (void *)buf, len, flags, deadline))                                                     \
  X(sendto,                                                                                      \
    (int fd, const void *buf, size_t len, int flags, const gosock_addr *to, int64_t deadline),   \
    (fd, (void *)buf, len, flags, (gosock_addr *)to, deadline))                                  \
  X(sendall,                                                                                     \
    (int fd, const void *buf, size_t len, int flags, int64_t deadline, size_t *sent),            \
    (fd, (void *)buf, len, flags, deadline, sent))                                               \
  X(getsockopt_int, (int fd, int level, int opt, int32_t *value), (fd, level, opt, value))      \
  X(getsockopt_buf, (int fd, int level, int opt, void *buf, size_t buflen),                      \
    (fd, level, opt, buf, buflen))                                                               \
  X(setsockopt_int, (int fd, int level, int opt, int value), (fd, level, opt, value))           \
  X(setsockopt_buf, (int fd, int level, int opt, const void *buf, size_t len),                   \
    (fd, level, opt, (void *)buf, len))                                                          \
  X(getaddrinfo,                                                                                 \
    (const char *host, const char *port, int family, int type, int proto, int flags,             \
     gosock_addrinfo **out),                                                                     \
    ((char *)host, (char *)port, family, type, proto, flags, out))                               \
  X(cmsg_len, (int64_t n), (n))                                                                  \
  X(cmsg_space, (int64_t n), (n))                                                                \
  X(sendmsg,                                                                                     \
    (int fd, const gosock_iovec *iov, size_t iovcnt, const gosock_cmsg *cmsgs, size_t ncmsgs,    \
     int flags, const gosock_addr *to, int64_t deadline),                                        \
    (fd, (gosock_iovec *)iov, iovcnt, (gosock_cmsg *)cmsgs, ncmsgs, flags, (gosock_addr *)to,    \
     deadline))                                                                                  \
  X(recvmsg,                                                                                     \
    (int fd, int family, const gosock_iovec *iov, size_t iovcnt, void *control,                  \
     size_t controllen, int flags, int64_t deadline, gosock_msginfo *info),                      \
    (fd, family, (gosock_iovec *)iov, iovcnt, control, controllen, flags, deadline, info))       \
  X(cmsg_parse,                                                                                  \
    (const void *control, size_t controllen, gosock_cmsg *items, size_t maxitems,                \
     int32_t *status),                                                                           \
    ((void *)control, controllen, items, maxitems, status))                                      \
  X(cmsg_close_fds, (const void *control, size_t controllen), ((void *)control, controllen))     \
  X(sendmsg_afalg,                                                                               \
    (int fd, int family, const gosock_iovec *iov, size_t iovcnt, int op, const void *iv,         \
     size_t ivlen, int has_iv, int64_t assoclen, int flags, int64_t deadline),                   \
    (fd, family, (gosock_iovec *)iov, iovcnt, op, (void *)iv, ivlen, has_iv, assoclen, flags,    \
     deadline))                                                                                  \
  X(sendfile, (int sock, int file, int64_t offset, int64_t count, int64_t timeout_ns,            \
    int64_t *sent), (sock, file, offset, count, timeout_ns, sent))                               \
  X(free, (void *p), (p))                                                                        \
  GOSOCK_NETDB_FUNCS(X)

/* Module-level functions: conversions, names, interfaces. */
#define GOSOCK_NETDB_FUNCS(X)                                                                    \
  X(htons, (int64_t x), (x))                                                                     \
  X(ntohs, (int64_t x), (x))                                                                     \
  X(htonl, (int64_t x), (x))                                                                     \
  X(ntohl, (int64_t x), (x))                                                                     \
  X(inet_aton, (const char *ip), ((char *)ip))                                                   \
  X(inet_ntoa, (const void *packed, size_t len, char *out, size_t outlen),                       \
    ((void *)packed, len, out, outlen))                                                          \
  X(inet_pton, (int64_t af, const char *ip, void *out, size_t outlen),                           \
    (af, (char *)ip, out, outlen))                                                               \
  X(inet_pton4, (const char *ip), ((char *)ip))                                                  \
  X(inet_ntop, (int64_t af, const void *packed, size_t len, char *out, size_t outlen),           \
    (af, (void *)packed, len, out, outlen))                                                      \
  X(gethostname, (char *out, size_t outlen), (out, outlen))                                     \
  X(sethostname, (const void *name, size_t len), ((void *)name, len))                            \
  X(gethostbyname, (const char *host, char *out, size_t outlen), ((char *)host, out, outlen))    \
  X(gethostbyname_ex, (const char *host, gosock_hostent **out), ((char *)host, out))            \
  X(gethostbyaddr, (const char *host, gosock_hostent **out), ((char *)host, out))               \
  X(getnameinfo,                                                                                 \
    (const char *host, int64_t port, uint32_t flowinfo, uint32_t scope_id, int nfields,          \
     int64_t flags, gosock_nameinfo *out),                                                       \
    ((char *)host, port, flowinfo, scope_id, nfields, flags, out))                               \
  X(getservbyname, (const char *name, const char *proto), ((char *)name, (char *)proto))        \
  X(getservbyport, (int64_t port, const char *proto, char *out, size_t outlen),                  \
    (port, (char *)proto, out, outlen))                                                          \
  X(getprotobyname, (const char *name), ((char *)name))                                          \
  X(if_nameindex, (gosock_ifname **out), (out))                                                  \
  X(if_nametoindex, (const char *name), ((char *)name))                                          \
  X(if_indextoname, (uint32_t index, char *out, size_t outlen), (index, out, outlen))
