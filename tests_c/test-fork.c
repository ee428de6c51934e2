/* test-fork.c: a C program that forks keeps a working libgosock in the
 * child (which switches to a fresh copy of the library). */
#include <signal.h>
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
