/* funcs.h: the one list of libgosock's Go entry points, as an X-macro.
 * X(name, parameter list, argument list): dispatch.c turns each into the
 * public gosock_<name> and a slot in the call table. */
#define GOSOCK_FUNCS(X) GOSOCK_ERROR_FUNCS(X) GOSOCK_CALL_FUNCS(X)

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
  X(free, (void *p), (p))
