/* task.h: the tiny test harness of the C suite. Each test is a function
 * TEST_IMPL(name) returning 0; ASSERT* macros print both sides and abort
 * the test. runner.c runs every test of test-list.h in its own process
 * under a time limit. */
#ifndef GOSOCK_TASK_H
#define GOSOCK_TASK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gosock.h"

#define TEST_IMPL(name) int run_test_##name(void)

#define FAIL_AT(fmt, ...)                                                            \
  do {                                                                               \
    fprintf(stderr, "  %s:%d: " fmt "\n", __FILE__, __LINE__, __VA_ARGS__);          \
    exit(1);                                                                         \
  } while (0)

#define ASSERT(expr)                                        \
  do {                                                      \
    if (!(expr)) FAIL_AT("assertion failed: %s", #expr);    \
  } while (0)

#define ASSERT_EQ(a, b)                                                                        \
  do {                                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                                        \
    if (a_ != b_) FAIL_AT("%s == %s: %lld != %lld", #a, #b, a_, b_);                           \
  } while (0)

#define ASSERT_GE(a, b)                                                                        \
  do {                                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                                        \
    if (a_ < b_) FAIL_AT("%s >= %s: %lld < %lld", #a, #b, a_, b_);                             \
  } while (0)

#define ASSERT_STR_EQ(a, b)                                                   \
  do {                                                                        \
    const char *a_ = (a), *b_ = (b);                                          \
    if (strcmp(a_, b_) != 0) FAIL_AT("%s == %s: \"%s\" != \"%s\"", #a, #b, a_, b_); \
  } while (0)

/* ASSERT_OK: a gosock call succeeded (prints the library's message). */
#define ASSERT_OK(call)                                                     \
  do {                                                                      \
    int64_t r_ = (call);                                                    \
    if (r_ < 0) {                                                           \
      char m_[256];                                                         \
      gosock_strerror(r_, m_, sizeof m_);                                   \
      FAIL_AT("%s failed: %lld (%s)", #call, (long long)r_, m_);            \
    }                                                                       \
  } while (0)

#endif
