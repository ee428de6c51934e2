/* cbench: libgosock's C ABI against raw libc calls on the same descriptors.
 *
 *   build/cbench [--seconds S] [--repeats N] [--cpus A,B] [--only NAME,...]
 *                [--impl libc|gosock]   (one side only, for profiling)
 *
 * Workloads (each with two threads, both pinned; by default both on the
 * highest CPU, as bench/run.py pins its children):
 *   unix_pingpong_64b     64-byte send/recv echo over socketpair(AF_UNIX)
 *   tcp_pingpong_64b      the same over TCP loopback, TCP_NODELAY
 *   unix_pingpong_64b_timeout, tcp_pingpong_64b_timeout
 *                         timeout mode: gosock with a deadline (tries the call,
 *                         polls on EAGAIN) against libc doing what CPython's
 *                         socket module does (poll, then the call)
 *   unix_bulk_64k         a thread sends 64 KiB chunks, the other receives
 *   tcp_bulk_64k          the same over TCP loopback
 *
 * Sockets are made with libc on both sides; only the data calls differ:
 * send(2)/recv(2) against gosock_send/gosock_recv (deadline -1, or an
 * absolute CLOCK_MONOTONIC deadline in timeout mode). Each measurement runs
 * for --seconds cut into 10 slices and keeps the best slice (interference
 * only slows a slice down); libc and gosock alternate, the order flipping
 * every repeat; the median of the repeats is shown. ratio = gosock / libc
 * (> 1: gosock faster). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gosock.h"

#define MSG 64
#define CHUNK (64 * 1024)
#define TIMEOUT_NS 5000000000LL

static double seconds_per = 0.5;
static int repeats = 3;
static int cpu_a = -1, cpu_b = -1;
static int only_impl = -1; /* -1 both, 0 libc, 1 gosock */

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
  perror(what);
  exit(2);
}

/* --- the two implementations of "send" and "receive" ------------------- */

typedef struct {
  const char *name;
  ssize_t (*send)(int fd, const void *buf, size_t n, int timeout_mode);
  ssize_t (*recv)(int fd, void *buf, size_t n, int timeout_mode);
} impl;

/* libc in timeout mode does what CPython's sock_call_ex does: poll with the
 * time left, then the call, again on EAGAIN. */
static int libc_wait(int fd, short events, int64_t deadline) {
  for (;;) {
    int64_t left = deadline - now_ns();
    if (left < 0) left = 0;
    struct pollfd p = {.fd = fd, .events = events};
    int r = poll(&p, 1, (int)((left + 999999) / 1000000));
    if (r > 0) return 0;
    if (r == 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    if (errno != EINTR) return -1;
  }
}

static ssize_t libc_send(int fd, const void *buf, size_t n, int tm) {
  if (!tm) return send(fd, buf, n, 0);
  int64_t deadline = now_ns() + TIMEOUT_NS;
  for (;;) {
    if (libc_wait(fd, POLLOUT, deadline) < 0) return -1;
    ssize_t r = send(fd, buf, n, 0);
    if (r >= 0 || errno != EAGAIN) return r;
  }
}

static ssize_t libc_recv(int fd, void *buf, size_t n, int tm) {
  if (!tm) return recv(fd, buf, n, 0);
  int64_t deadline = now_ns() + TIMEOUT_NS;
  for (;;) {
    if (libc_wait(fd, POLLIN, deadline) < 0) return -1;
    ssize_t r = recv(fd, buf, n, 0);
    if (r >= 0 || errno != EAGAIN) return r;
  }
}

static ssize_t gs_result(int64_t r) {
  if (r >= 0) return (ssize_t)r;
  errno = r > -4096 ? (int)-r : EIO;
  return -1;
}

static ssize_t gosock_send_impl(int fd, const void *buf, size_t n, int tm) {
  return gs_result(gosock_send(fd, buf, n, 0, tm ? now_ns() + TIMEOUT_NS : GOSOCK_NO_DEADLINE));
}

static ssize_t gosock_recv_impl(int fd, void *buf, size_t n, int tm) {
  return gs_result(gosock_recv(fd, buf, n, 0, tm ? now_ns() + TIMEOUT_NS : GOSOCK_NO_DEADLINE));
}

static const impl impls[2] = {
    {"libc", libc_send, libc_recv},
    {"gosock", gosock_send_impl, gosock_recv_impl},
};

static int send_all(const impl *im, int fd, const char *p, size_t n, int tm) {
  while (n > 0) {
    ssize_t r = im->send(fd, p, n, tm);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

/* recv_exact returns n, or less at EOF, or -1. */
static ssize_t recv_exact(const impl *im, int fd, char *p, size_t n, int tm) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = im->recv(fd, p + got, n - got, tm);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    got += (size_t)r;
  }
  return (ssize_t)got;
}

/* --- sockets --------------------------------------------------------------- */

static void set_nonblock(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) die("fcntl");
}

static void make_pair(int tcp, int nodelay, int sv[2]) {
  if (!tcp) {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) die("socketpair");
    return;
  }
  int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t al = sizeof a;
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 1) < 0 ||
      getsockname(l, (struct sockaddr *)&a, &al) < 0)
    die("listen");
  sv[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sv[0] < 0 || connect(sv[0], (struct sockaddr *)&a, sizeof a) < 0) die("connect");
  sv[1] = accept4(l, NULL, NULL, SOCK_CLOEXEC);
  if (sv[1] < 0) die("accept");
  close(l);
  int one = 1;
  if (nodelay) {
    setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
}

static void pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) die("pin");
}

/* --- measurement ----------------------------------------------------------- */

/* Slices: the best slice's rate (units per second). */
typedef struct {
  int64_t t0, last_t, slice_ns;
  double units, last_units, best;
} slices;

static void sl_start(slices *s) {
  s->t0 = s->last_t = now_ns();
  s->slice_ns = (int64_t)(seconds_per * 1e9 / 10);
  s->units = s->last_units = 0;
  s->best = 0;
}

/* sl_tick returns 1 when the measurement is over. */
static int sl_tick(slices *s, double units) {
  s->units += units;
  int64_t t = now_ns();
  if (t - s->last_t >= s->slice_ns) {
    double r = (s->units - s->last_units) / ((double)(t - s->last_t) / 1e9);
    if (r > s->best) s->best = r;
    s->last_t = t;
    s->last_units = s->units;
  }
  return t - s->t0 >= (int64_t)(seconds_per * 1e9);
}

typedef struct {
  const impl *im;
  int fd, tm, cpu;
  volatile int stop;
  int failed;
} peer;

static void *echo_thread(void *arg) {
  peer *p = arg;
  pin(p->cpu);
  char buf[MSG];
  for (;;) {
    ssize_t r = recv_exact(p->im, p->fd, buf, MSG, p->tm);
    if (r < MSG) {
      if (r < 0) p->failed = 1;
      break;
    }
    if (send_all(p->im, p->fd, buf, MSG, p->tm) < 0) {
      p->failed = 1;
      break;
    }
  }
  return NULL;
}

static double run_pingpong(const impl *im, int tcp, int tm) {
  int sv[2];
  make_pair(tcp, 1, sv);
  if (tm) {
    set_nonblock(sv[0]);
    set_nonblock(sv[1]);
  }
  peer e = {.im = im, .fd = sv[1], .tm = tm, .cpu = cpu_b};
  pthread_t th;
  pin(cpu_a);
  if (pthread_create(&th, NULL, echo_thread, &e) != 0) die("pthread_create");
  char msg[MSG], back[MSG];
  memset(msg, 'm', sizeof msg);
  /* warm-up */
  for (int i = 0; i < 2000; i++) {
    if (send_all(im, sv[0], msg, MSG, tm) < 0 || recv_exact(im, sv[0], back, MSG, tm) != MSG)
      die("pingpong warm-up");
  }
  slices s;
  sl_start(&s);
  for (;;) {
    for (int i = 0; i < 100; i++) {
      if (send_all(im, sv[0], msg, MSG, tm) < 0 || recv_exact(im, sv[0], back, MSG, tm) != MSG)
        die("pingpong");
    }
    if (sl_tick(&s, 100)) break;
  }
  shutdown(sv[0], SHUT_WR);
  pthread_join(th, NULL);
  close(sv[0]);
  close(sv[1]);
  if (e.failed) die("echo thread");
  return s.best;
}

static void *sender_thread(void *arg) {
  peer *p = arg;
  pin(p->cpu);
  static char chunk[CHUNK];
  memset(chunk, 'b', sizeof chunk);
  while (!p->stop) {
    if (send_all(p->im, p->fd, chunk, CHUNK, p->tm) < 0) {
      p->failed = 1;
      break;
    }
  }
  shutdown(p->fd, SHUT_WR);
  return NULL;
}

static double run_bulk(const impl *im, int tcp) {
  int sv[2];
  make_pair(tcp, 0, sv);
  peer snd = {.im = im, .fd = sv[0], .tm = 0, .cpu = cpu_b};
  pthread_t th;
  pin(cpu_a);
  if (pthread_create(&th, NULL, sender_thread, &snd) != 0) die("pthread_create");
  static char buf[CHUNK];
  for (int i = 0; i < 200; i++) {
    if (im->recv(sv[1], buf, CHUNK, 0) <= 0) die("bulk warm-up");
  }
  slices s;
  sl_start(&s);
  for (;;) {
    double got = 0;
    for (int i = 0; i < 16; i++) {
      ssize_t r = im->recv(sv[1], buf, CHUNK, 0);
      if (r <= 0) die("bulk recv");
      got += (double)r;
    }
    if (sl_tick(&s, got / 1e6)) break;
  }
  snd.stop = 1;
  while (im->recv(sv[1], buf, CHUNK, 0) > 0) {
  }
  pthread_join(th, NULL);
  close(sv[0]);
  close(sv[1]);
  if (snd.failed) die("sender thread");
  return s.best;
}

/* --- main ------------------------------------------------------------------- */

typedef struct {
  const char *name, *unit;
  int kind; /* 0 ping-pong, 1 bulk */
  int tcp, tm;
} workload;

static const workload workloads[] = {
    {"unix_pingpong_64b", "ops/s", 0, 0, 0},
    {"tcp_pingpong_64b", "ops/s", 0, 1, 0},
    {"unix_pingpong_64b_timeout", "ops/s", 0, 0, 1},
    {"tcp_pingpong_64b_timeout", "ops/s", 0, 1, 1},
    {"unix_bulk_64k", "MB/s", 1, 0, 0},
    {"tcp_bulk_64k", "MB/s", 1, 1, 0},
};
#define NWORKLOADS (int)(sizeof workloads / sizeof workloads[0])

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int selected(const char *only, const char *name) {
  if (only == NULL) return 1;
  size_t n = strlen(name);
  for (const char *p = only; (p = strstr(p, name)) != NULL; p += n) {
    if ((p == only || p[-1] == ',') && (p[n] == 0 || p[n] == ',')) return 1;
  }
  return 0;
}

static void fmt_rate(char *out, size_t size, double v) {
  if (v >= 1e6)
    snprintf(out, size, "%.3gM", v / 1e6);
  else if (v >= 1e3)
    snprintf(out, size, "%.4gk", v / 1e3);
  else
    snprintf(out, size, "%.4g", v);
}

int main(int argc, char **argv) {
  const char *only = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
      seconds_per = atof(argv[++i]);
    else if (!strcmp(argv[i], "--repeats") && i + 1 < argc)
      repeats = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--cpus") && i + 1 < argc) {
      if (sscanf(argv[++i], "%d,%d", &cpu_a, &cpu_b) != 2) cpu_b = cpu_a;
    } else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
      only = argv[++i];
    } else if (!strcmp(argv[i], "--impl") && i + 1 < argc) {
      i++;
      only_impl = !strcmp(argv[i], "libc") ? 0 : !strcmp(argv[i], "gosock") ? 1 : -2;
      if (only_impl == -2) {
        fprintf(stderr, "cbench: --impl libc or gosock\n");
        return 2;
      }
    } else {
      fprintf(stderr,
              "usage: %s [--seconds S] [--repeats N] [--cpus A[,B]] [--only NAME,...] "
              "[--impl libc|gosock]\n",
              argv[0]);
      return 2;
    }
  }
  if (repeats < 1 || repeats > 50 || seconds_per <= 0) {
    fprintf(stderr, "cbench: bad --repeats or --seconds\n");
    return 2;
  }
  if (cpu_a < 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_a = cpu_b = n > 0 ? (int)n - 1 : 0;
  }
  printf("# libgosock C ABI against libc: %d repeat(s) x %.2f s, best slice, median shown; "
         "threads on CPUs %d,%d\n",
         repeats, seconds_per, cpu_a, cpu_b);
  printf("%-26s %-6s %9s %9s %7s\n", "workload", "unit", "libc", "gosock", "ratio");
  for (int w = 0; w < NWORKLOADS; w++) {
    const workload *wl = &workloads[w];
    if (!selected(only, wl->name)) continue;
    double r[2][50] = {{0}};
    for (int k = 0; k < repeats; k++) {
      for (int j = 0; j < 2; j++) {
        int which = (k % 2) ? 1 - j : j;
        if (only_impl >= 0 && which != only_impl) continue;
        const impl *im = &impls[which];
        r[which][k] = wl->kind == 0 ? run_pingpong(im, wl->tcp, wl->tm) : run_bulk(im, wl->tcp);
      }
    }
    double libc = median(r[0], repeats), gs = median(r[1], repeats);
    char a[32], b[32];
    fmt_rate(a, sizeof a, libc);
    fmt_rate(b, sizeof b, gs);
    if (only_impl >= 0)
      printf("%-26s %-6s %9s %9s %7s\n", wl->name, wl->unit, only_impl ? "-" : a,
             only_impl ? b : "-", "-");
    else
      printf("%-26s %-6s %9s %9s %7.3f\n", wl->name, wl->unit, a, b, gs / libc);
    fflush(stdout);
  }
  return 0;
}
