/* runner.c: runs each test of test-list.h in a process of its own (this
 * binary, re-executed with the test's name) under a time limit, printing
 * TAP-style lines and a summary. */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "task.h"
#include "test-list.h"

#define DECLARE(name) int run_test_##name(void);
TEST_LIST(DECLARE)

struct test {
  const char *name;
  int (*fn)(void);
};

static const struct test tests[] = {
#define ENTRY(name) {#name, run_test_##name},
    TEST_LIST(ENTRY)};

enum { NTESTS = sizeof tests / sizeof tests[0], LIMIT_SECONDS = 60 };

extern char **environ;

static int run_one(const char *self, const char *name) {
  char *argv[] = {(char *)self, (char *)name, NULL};
  pid_t pid;
  if (posix_spawn(&pid, self, NULL, NULL, argv, environ) != 0) return -1;
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    int st;
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - start.tv_sec > LIMIT_SECONDS) {
      kill(pid, SIGKILL);
      waitpid(pid, &st, 0);
      fprintf(stderr, "  timed out after %d s\n", LIMIT_SECONDS);
      return 124;
    }
    usleep(2000);
  }
}

int main(int argc, char **argv) {
  if (argc == 2) {
    for (int i = 0; i < NTESTS; i++)
      if (strcmp(tests[i].name, argv[1]) == 0) return tests[i].fn();
    fprintf(stderr, "no test %s\n", argv[1]);
    return 2;
  }
  int passed = 0, failed = 0;
  printf("1..%d\n", NTESTS);
  fflush(stdout);
  for (int i = 0; i < NTESTS; i++) {
    int rc = run_one("/proc/self/exe", tests[i].name);
    if (rc == 0) {
      passed++;
      printf("ok %d - %s\n", i + 1, tests[i].name);
    } else {
      failed++;
      printf("not ok %d - %s (exit %d)\n", i + 1, tests[i].name, rc);
    }
    fflush(stdout);
  }
  printf("c: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
