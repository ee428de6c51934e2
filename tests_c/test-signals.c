/* test-signals.c: a signal interrupts a blocking call with -EINTR (never
 * retried inside the library), and the caller resumes with the same
 * deadline. gosock_accept_fd reports the new descriptor through its
 * output parameter. */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include "helpers.h"

static volatile int alarms;

static void on_alarm(int sig) {
  (void)sig;
  alarms++;
}

/* interrupt_every installs a SIGALRM handler without SA_RESTART and a
 * timer firing every usec microseconds (0: off). */
static void interrupt_every(long usec) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it = {{0, usec}, {0, usec}};
  setitimer(ITIMER_REAL, &it, NULL);
}

TEST_IMPL(eintr_returned_and_resumed) {
  gosock_info a, b;
  ASSERT_OK(gosock_socketpair(-1, -1, -1, -1, &a, &b));
  char buf[8];
  interrupt_every(50000);
  /* Blocking mode: recv(2) itself is interrupted. */
  ASSERT_EQ(gosock_recv(a.fd, buf, sizeof buf, 0, GOSOCK_NO_DEADLINE), -EINTR);
  /* Timeout mode: poll is interrupted; resuming with the same deadline
   * ends at the deadline, not a full timeout after the last signal. */
  ASSERT_OK(gosock_settimeout(a.fd, 400000000));
  int64_t t0 = gosock_monotonic_ns();
  int64_t deadline = gosock_deadline(400000000);
  int64_t r;
  int interrupted = 0;
  while ((r = gosock_recv(a.fd, buf, sizeof buf, 0, deadline)) == -EINTR) interrupted++;
  int64_t elapsed = gosock_monotonic_ns() - t0;
  interrupt_every(0);
  ASSERT_EQ(r, GOSOCK_ETIMEOUT);
  ASSERT_GE(interrupted, 2);
  ASSERT_GE(elapsed, 390000000);
  ASSERT(elapsed < 3000000000LL);
  gosock_close(a.fd);
  gosock_close(b.fd);
  return 0;
}

TEST_IMPL(accept_fd_out) {
  int l, c, s;
  tcp_pair(&l, &c, &s);
  gosock_addr name, peer;
  ASSERT_OK(gosock_getsockname(l, &name));
  gosock_info ci;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &ci));
  ASSERT_OK(gosock_connect(ci.fd, &name, GOSOCK_NO_DEADLINE));
  int32_t nfd = -5;
  int64_t r = gosock_accept_fd(l, GOSOCK_NO_DEADLINE, &peer, &nfd);
  ASSERT_GE(r, 0);
  ASSERT_EQ(nfd, r);
  ASSERT_STR_EQ(peer.data, "127.0.0.1");
  /* Errors leave -1 there; the output parameter is required. */
  ASSERT_OK(gosock_settimeout(l, 0));
  ASSERT_EQ(gosock_accept_fd(l, GOSOCK_NO_DEADLINE, NULL, &nfd), -EAGAIN);
  ASSERT_EQ(nfd, -1);
  ASSERT_EQ(gosock_accept_fd(l, GOSOCK_NO_DEADLINE, NULL, NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_accept_fd(-1, GOSOCK_NO_DEADLINE, NULL, &nfd), -EBADF);
  gosock_close((int)r);
  gosock_close(ci.fd);
  gosock_close(l);
  gosock_close(c);
  gosock_close(s);
  return 0;
}

TEST_IMPL(debug_gc_counts) {
  int64_t a = gosock_debug_gc();
  int64_t b = gosock_debug_gc();
  ASSERT_GE(a, 1);
  ASSERT_GE(b, a + 1);
  return 0;
}
