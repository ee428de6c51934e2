/* dispatch.c: the public gosock_* symbols, and how a forked child keeps
 * working.
 *
 * A child of fork() inherits the Go runtime's memory but not its threads,
 * so calling into the inherited runtime can hang forever (GC waiting on a
 * processor owned by a thread that no longer exists, and more). What works
 * is to give the child a fresh copy of the library: copy this very .so
 * into a memfd, dlopen it, and route every call there. The library keeps
 * no state between calls, so the switch is invisible to callers.
 *
 * Each public function calls through a table. A pthread_atfork child
 * handler marks the table stale; the child's first call loads the copy. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gosock.h"
#include "funcs.h"
#include "_cgo_export.h"

struct gosock_table {
#define X(name, params, args) int64_t(*name) params;
  GOSOCK_FUNCS(X)
#undef X
};

/* The Go exports take non-const pointers; the casts in funcs.h match. */
static const struct gosock_table own_table = {
#define X(name, params, args) .name = (int64_t(*) params)gosockgo_##name,
    GOSOCK_FUNCS(X)
#undef X
};

static struct gosock_table child_table;
static const struct gosock_table *volatile current = &own_table;
static volatile int stale;
static int reload_failed;
static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;
static char self_path[4096];
/* The library file as loaded, kept open so that a child reloads exactly this
 * build even if the file on disk was replaced since (make, pip upgrade). */
static int self_fd = -1;
static dev_t self_dev;
static ino_t self_ino;

static void after_fork_child(void) {
  stale = 1;
  reload_failed = 0;
  pthread_mutex_init(&reload_lock, NULL);
}

__attribute__((constructor)) static void gosock_dispatch_init(void) {
  Dl_info info;
  if (dladdr((void *)gosock_version, &info) && info.dli_fname &&
      strlen(info.dli_fname) < sizeof self_path) {
    strcpy(self_path, info.dli_fname);
    struct stat st;
    self_fd = open(self_path, O_RDONLY | O_CLOEXEC);
    if (self_fd >= 0 && fstat(self_fd, &st) == 0) {
      self_dev = st.st_dev;
      self_ino = st.st_ino;
    }
  }
  pthread_atfork(NULL, NULL, after_fork_child);
}

/* open_self returns a descriptor for the loaded library file: the one kept
 * since load if it still is that file (a program may have closed it, and
 * the number may have been reused), else the file at its path. */
static int open_self(void) {
  struct stat st;
  if (self_fd >= 0 && fstat(self_fd, &st) == 0 && st.st_dev == self_dev &&
      st.st_ino == self_ino) {
    return dup(self_fd);
  }
  return open(self_path, O_RDONLY | O_CLOEXEC);
}

/* copy_to_memfd returns a memfd holding the library file, or -1. */
static int copy_to_memfd(void) {
  int src = open_self();
  if (src < 0) return -1;

  int dst = memfd_create("libgosock-child", MFD_CLOEXEC);
  if (dst < 0) {
    close(src);
    return -1;
  }
  char buf[1 << 16];
  ssize_t n;
  off_t pos = 0;
  int ok = 1;
  /* pread: the descriptor's offset is shared with the parent and siblings. */
  while ((n = pread(src, buf, sizeof buf, pos)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = 0;
      break;
    }
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(dst, buf + off, (size_t)(n - off));
      if (w < 0) {
        if (errno == EINTR) continue;
        ok = 0;
        break;
      }
      off += w;
    }
    if (!ok) break;
    pos += n;
  }
  close(src);
  if (!ok) {
    close(dst);
    return -1;
  }
  return dst;
}

static int load_fresh_copy(void) {
  if (self_path[0] == 0) return -1;
  int fd = copy_to_memfd();
  if (fd < 0) return -1;
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  /* RTLD_DEEPBIND: the copy must bind to its own runtime, never to the
   * inherited one that a program linking libgosock has in global scope. */
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  close(fd);
  if (h == NULL) return -1;
#define X(name, params, args)                                            \
  child_table.name = (int64_t(*) params)dlsym(h, "gosockgo_" #name);   \
  if (child_table.name == NULL) return -1;
  GOSOCK_FUNCS(X)
#undef X
  return 0;
}

static const struct gosock_table *table(void) {
  if (__builtin_expect(!stale, 1)) return current;
  pthread_mutex_lock(&reload_lock);
  if (stale && !reload_failed) {
    if (load_fresh_copy() == 0) {
      current = &child_table;
      __atomic_store_n(&stale, 0, __ATOMIC_RELEASE);
    } else {
      reload_failed = 1;
    }
  }
  pthread_mutex_unlock(&reload_lock);
  return stale ? NULL : current;
}

int64_t gosock_version(void) { return GOSOCK_VERSION_HEX; }

/* Error details for the reload failure must not need Go. */
static int64_t fork_reload_kind(int32_t *num) {
  if (num) *num = 0;
  return GOSOCK_KIND_OSERROR;
}

static int64_t fork_reload_message(char *buf, size_t buflen) {
  static const char msg[] = "gosock: the forked child could not load its copy of libgosock";
  if (buf && buflen) snprintf(buf, buflen, "%s", msg);
  return (int64_t)(sizeof msg - 1);
}

int64_t gosock_error_kind(int64_t code, int32_t *num) {
  const struct gosock_table *t = table();
  if (t == NULL || code == GOSOCK_E_FORKRELOAD) return fork_reload_kind(num);
  return t->error_kind(code, num);
}

int64_t gosock_strerror(int64_t code, char *buf, size_t buflen) {
  const struct gosock_table *t = table();
  if (t == NULL || code == GOSOCK_E_FORKRELOAD) return fork_reload_message(buf, buflen);
  return t->strerror(code, buf, buflen);
}

/* A thread that calls into Go from C runs one and the same goroutine
 * forever, so the scheduling tick of the P it holds never moves; after
 * 10 ms on one tick, sysmon treats it as a goroutine that will not yield
 * and from then on, at every one of its ticks (20 µs and up), takes the P
 * away and wakes another thread to run it, which finds nothing to do:
 * thousands of needless thread wake-ups a second (bench/RESULTS.md). So
 * each calling thread lets the runtime reschedule it (two thread wake-ups)
 * once per YIELD_NS. The clock is read every 16th call only: a thread that
 * calls rarely does not keep its P between calls anyway. Per thread, since
 * each thread keeps its own P. */
#define YIELD_NS 2000000
static __thread unsigned yield_calls;
static __thread int64_t yield_last;

static inline void maybe_yield(const struct gosock_table *t) {
  if ((++yield_calls & 15) != 0) return;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  int64_t now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  if (now - yield_last < YIELD_NS) return;
  yield_last = now;
  t->sched_yield();
}

#define X(name, params, args)                  \
  int64_t gosock_##name params {               \
    const struct gosock_table *t = table();    \
    if (t == NULL) return GOSOCK_E_FORKRELOAD; \
    maybe_yield(t);                            \
    return t->name args;                       \
  }
GOSOCK_CALL_FUNCS(X)
#undef X
