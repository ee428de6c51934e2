/* test-fork.c: a C program that forks keeps a working libgosock in the
 * child (which switches to a fresh copy of the library). */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static int child_echo(void) {
  gosock_info a, b;
  if (gosock_socketpair(-1, -1, -1, -1, &a, &b) < 0) return 3;
  if (gosock_send(a.fd, "ping", 4, 0, GOSOCK_NO_DEADLINE) != 4) return 4;
  char buf[8];
  if (gosock_recv(b.fd, buf, sizeof buf, 0, gosock_deadline(2000000000)) != 4) return 5;
  gosock_close(a.fd);
  gosock_close(b.fd);
  return 0;
}

static int wait_child(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

TEST_IMPL(fork_child_works) {
  ASSERT_EQ(child_echo(), 0); /* the parent's runtime is up and used */
  for (int i = 0; i < 20; i++) {
    pid_t pid = fork();
    ASSERT(pid >= 0);
    if (pid == 0) {
      alarm(10);
      _exit(child_echo());
    }
    ASSERT_EQ(wait_child(pid), 0);
  }
  ASSERT_EQ(child_echo(), 0);
  return 0;
}

static int nest(int depth) {
  if (child_echo() != 0) return 6;
  if (depth == 0) return 0;
  pid_t pid = fork();
  if (pid < 0) return 7;
  if (pid == 0) {
    alarm(20);
    _exit(nest(depth - 1));
  }
  return wait_child(pid);
}

TEST_IMPL(fork_nested) {
  ASSERT_EQ(nest(8), 0);
  return 0;
}

/* ---- forks from threads, while other threads are inside libgosock ---- */

struct blocked_accept {
  int listener;
  int64_t result;
};

static void *accept_thread(void *arg) {
  struct blocked_accept *b = arg;
  b->result = gosock_accept(b->listener, GOSOCK_NO_DEADLINE, NULL);
  return NULL;
}

/* copies counts the fresh copies of the library this process has mapped
 * (distinct memfd inodes in /proc/self/maps). */
static int copies(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (f == NULL) return -1;
  unsigned long inodes[64];
  int n = 0;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strstr(line, "memfd:libgosock-child") == NULL) continue;
    unsigned long ino = 0;
    if (sscanf(line, "%*s %*s %*s %*s %lu", &ino) != 1) continue;
    int seen = 0;
    for (int i = 0; i < n; i++) seen |= inodes[i] == ino;
    if (!seen && n < 64) inodes[n++] = ino;
  }
  fclose(f);
  return n;
}

/* child_work: an echo plus a forced collection in the child's runtime,
 * which must be a copy of its own: one more than its parent had. */
static int child_work(void) {
  int before = copies();
  int r = child_echo();
  if (r != 0) return r;
  if (copies() != before + 1) return 12;
  if (gosock_debug_gc() < 1) return 8;
  return 0;
}

struct forker {
  int n;
  int failures;
};

static void *fork_thread(void *arg) {
  struct forker *f = arg;
  for (int i = 0; i < f->n; i++) {
    pid_t pid = fork();
    if (pid < 0) {
      f->failures++;
      continue;
    }
    if (pid == 0) {
      alarm(10);
      _exit(child_work());
    }
    if (wait_child(pid) != 0) f->failures++;
  }
  return NULL;
}

static volatile int gc_stop;

static void *gc_thread(void *arg) {
  (void)arg;
  while (!gc_stop) {
    if (gosock_debug_gc() < 1) return (void *)1;
    if (child_echo() != 0) return (void *)2;
  }
  return NULL;
}

TEST_IMPL(fork_thread_while_accept_blocked) {
  gosock_info li;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &li));
  gosock_addr a = inet_addr_of(AF_INET, "127.0.0.1", 0);
  ASSERT_OK(gosock_bind(li.fd, &a));
  ASSERT_OK(gosock_listen(li.fd, 4));
  struct blocked_accept b = {li.fd, 0};
  pthread_t acceptor, forker, collector;
  ASSERT_EQ(pthread_create(&acceptor, NULL, accept_thread, &b), 0);
  gc_stop = 0;
  ASSERT_EQ(pthread_create(&collector, NULL, gc_thread, NULL), 0);
  usleep(20000); /* let the acceptor block in the kernel */
  struct forker f = {40, 0};
  ASSERT_EQ(pthread_create(&forker, NULL, fork_thread, &f), 0);
  ASSERT_EQ(pthread_join(forker, NULL), 0);
  ASSERT_EQ(f.failures, 0);
  gc_stop = 1;
  void *gc_result;
  ASSERT_EQ(pthread_join(collector, &gc_result), 0);
  ASSERT(gc_result == NULL);
  /* Release the acceptor: the parent's runtime was never disturbed. */
  gosock_addr name;
  ASSERT_OK(gosock_getsockname(li.fd, &name));
  gosock_info ci;
  ASSERT_OK(gosock_socket(AF_INET, SOCK_STREAM, 0, -1, &ci));
  ASSERT_OK(gosock_connect(ci.fd, &name, GOSOCK_NO_DEADLINE));
  ASSERT_EQ(pthread_join(acceptor, NULL), 0);
  ASSERT_GE(b.result, 0);
  gosock_close((int)b.result);
  gosock_close(ci.fd);
  gosock_close(li.fd);
  return 0;
}

/* A child forks while its own threads make the child's first calls (and
 * load its copy): the grandchildren load copies of their own. */
static void *echo_thread(void *arg) {
  (void)arg;
  if (child_echo() != 0 || gosock_debug_gc() < 1) return (void *)1;
  return NULL;
}

enum { RACE_FORKS = 16 };

/* racing_child forks grandchildren every 150 us from the moment its
 * threads start loading the child's copy, to land in every stage of it. */
static int racing_child(void) {
  pthread_t t[3];
  for (int i = 0; i < 3; i++)
    if (pthread_create(&t[i], NULL, echo_thread, NULL) != 0) return 9;
  pid_t pids[RACE_FORKS];
  for (int k = 0; k < RACE_FORKS; k++) {
    usleep(150);
    pids[k] = fork();
    if (pids[k] < 0) return 10;
    if (pids[k] == 0) {
      alarm(10);
      _exit(child_work());
    }
  }
  int rc = 0;
  for (int k = 0; k < RACE_FORKS; k++) {
    int r = wait_child(pids[k]);
    if (r != 0) rc = r;
  }
  for (int i = 0; i < 3; i++) {
    void *r;
    pthread_join(t[i], &r);
    if (r != NULL) return 11;
  }
  return rc;
}

TEST_IMPL(fork_while_child_loads) {
  for (int i = 0; i < 40; i++) {
    pid_t pid = fork();
    ASSERT(pid >= 0);
    if (pid == 0) {
      alarm(30);
      _exit(racing_child());
    }
    ASSERT_EQ(wait_child(pid), 0);
  }
  return 0;
}
