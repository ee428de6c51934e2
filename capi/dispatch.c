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
#include <limits.h>
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

/* The library file this copy was loaded from, kept open so that a child
 * loads exactly the same code even if the file was replaced since (an
 * upgrade, a rebuild). self_path is the fallback when a program closed the
 * descriptor (daemons close everything): then self_dev/self_ino tell
 * whether a descriptor of that number still is the library. */
static char self_path[PATH_MAX];
static int self_fd = -1;
static dev_t self_dev;
static ino_t self_ino;

/* How the fresh copies are named for dlopen; see load_fresh_copy. */
#define COPY_PATH_PREFIX "/proc/self/fd/"

/* A fork waits until no thread is loading a copy: a child forked in the
 * middle of dlopen inherits the dynamic loader's lists half updated, and
 * its own dlopen then fails an assertion. The copy's constructors
 * register no fork handlers, so a load never waits for a fork. */
static void before_fork(void) { pthread_mutex_lock(&reload_lock); }

static void after_fork_parent(void) { pthread_mutex_unlock(&reload_lock); }

static void after_fork_child(void) {
  stale = 1;
  reload_failed = 0;
  pthread_mutex_init(&reload_lock, NULL);
}

__attribute__((constructor)) static void gosock_dispatch_init(void) {
  Dl_info info;
  int found = dladdr((void *)gosock_version, &info) && info.dli_fname != NULL;
  /* A fresh copy in a child: its public symbols are never called (the
   * first copy's dispatch routes to its gosockgo_* directly), so it needs
   * neither the file nor a fork handler. */
  if (found && strncmp(info.dli_fname, COPY_PATH_PREFIX, strlen(COPY_PATH_PREFIX)) == 0) return;
  /* Without the file a child fails with GOSOCK_E_FORKRELOAD: better than
   * the inherited runtime, which may hang. */
  pthread_atfork(before_fork, after_fork_parent, after_fork_child);
  if (!found) return;
  if (realpath(info.dli_fname, self_path) == NULL) {
    if (strlen(info.dli_fname) >= sizeof self_path) return;
    strcpy(self_path, info.dli_fname);
  }
  int fd = open(self_path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && fstat(fd, &st) == 0) {
    self_fd = fd;
    self_dev = st.st_dev;
    self_ino = st.st_ino;
  } else if (fd >= 0) {
    close(fd);
  }
}

/* open_self returns a descriptor to read the library from and whether the
 * caller must close it. */
static int open_self(int *owned) {
  struct stat st;
  *owned = 0;
  if (self_fd >= 0 && fstat(self_fd, &st) == 0 && st.st_dev == self_dev &&
      st.st_ino == self_ino)
    return self_fd;
  if (self_path[0] == 0) return -1;
  *owned = 1;
  return open(self_path, O_RDONLY | O_CLOEXEC);
}

/* copy_to_memfd returns a memfd holding the library file, or -1. It reads
 * with pread: the kept descriptor's file offset is shared with the parent
 * and every other child. */
static int copy_to_memfd(void) {
  int owned;
  int src = open_self(&owned);
  if (src < 0) return -1;
  int dst = memfd_create("libgosock-child", MFD_CLOEXEC);
  if (dst < 0) {
    if (owned) close(src);
    return -1;
  }
  char buf[1 << 16];
  off_t pos = 0;
  int ok = 1;
  for (;;) {
    ssize_t n = pread(src, buf, sizeof buf, pos);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = 0;
      break;
    }
    pos += n;
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
  }
  if (owned) close(src);
  if (!ok || pos == 0) {
    close(dst);
    return -1;
  }
  return dst;
}

/* unused_name finds a path under which the memfd fd can be opened and
 * that names no library loaded already: dlopen returns an object already
 * loaded under the same name without opening the file. A grandchild whose
 * memfd gets the same descriptor number as its parent's had would be
 * handed the parent's copy, whose runtime lost its threads in the fork.
 * Returns the descriptor to use (fd or a duplicate of it), or -1. */
static int unused_name(int fd, char *path, size_t pathlen) {
  for (int tries = 0; tries < 64; tries++) {
    snprintf(path, pathlen, COPY_PATH_PREFIX "%d", fd);
    void *h = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
    if (h == NULL) return fd;
    dlclose(h);
    int next = fcntl(fd, F_DUPFD_CLOEXEC, fd + 1);
    close(fd);
    if (next < 0) return -1;
    fd = next;
  }
  close(fd);
  return -1;
}

/* load_fresh_copy loads a copy and fills child_table. Returns 0, or
 * RELOAD_AGAIN when it failed before dlopen (out of descriptors or memory:
 * the next call tries again), or RELOAD_NEVER when the file does not load
 * as a complete libgosock (trying again would only load more copies). */
enum { RELOAD_AGAIN = -1, RELOAD_NEVER = -2 };

static int load_fresh_copy(void) {
  int fd = copy_to_memfd();
  if (fd < 0) return RELOAD_AGAIN;
  char path[64];
  fd = unused_name(fd, path, sizeof path);
  if (fd < 0) return RELOAD_AGAIN;
  /* RTLD_DEEPBIND: the copy must bind to its own runtime, never to the
   * inherited one that a program linking libgosock has in global scope. */
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  close(fd);
  if (h == NULL) return RELOAD_NEVER;
#define X(name, params, args)                                            \
  child_table.name = (int64_t(*) params)dlsym(h, "gosockgo_" #name);   \
  if (child_table.name == NULL) return RELOAD_NEVER;
  GOSOCK_FUNCS(X)
#undef X
  /* The copy's Go runtime starts on a thread of its own; the first call
   * waits for it. Waiting here, under reload_lock, means that no fork
   * snapshots a runtime halfway through its start. */
  child_table.monotonic_ns();
  return 0;
}

static const struct gosock_table *table(void) {
  if (__builtin_expect(!stale, 1)) return current;
  pthread_mutex_lock(&reload_lock);
  if (stale && !reload_failed) {
    int r = load_fresh_copy();
    if (r == 0) {
      current = &child_table;
      __atomic_store_n(&stale, 0, __ATOMIC_RELEASE);
    } else if (r == RELOAD_NEVER) {
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
