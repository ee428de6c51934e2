/* test-netdb.c: what the vectors cannot show about the module-level
 * functions' C API: memory the library allocates, string results, NULL
 * pointers, and agreement with the C library on this machine. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <unistd.h>

#include "task.h"

/* A host entry is one block: everything in it lies inside the allocation,
 * and one gosock_free releases it. */
TEST_IMPL(hostent_block) {
  gosock_hostent *h = NULL;
  ASSERT_OK(gosock_gethostbyname_ex("localhost", &h));
  ASSERT(h != NULL);
  ASSERT_STR_EQ(h->name, "localhost");
  ASSERT_EQ(h->family, AF_INET);
  ASSERT_GE(h->naddrs, 1);
  ASSERT(h->aliases[h->naliases] == NULL);
  ASSERT(h->addrs[h->naddrs] == NULL);
  ASSERT_STR_EQ(h->addrs[0], "127.0.0.1");
  const char *lo = (const char *)h, *hi = lo + 4096;
  ASSERT(h->name > lo && h->name < hi);
  ASSERT((const char *)h->addrs > lo && (const char *)h->addrs < hi);
  ASSERT(h->addrs[0] > lo && h->addrs[0] < hi);
  ASSERT_OK(gosock_free(h));

  /* The same answer as the C library's gethostbyaddr. */
  h = NULL;
  ASSERT_OK(gosock_gethostbyaddr("127.0.0.1", &h));
  struct in_addr a;
  inet_pton(AF_INET, "127.0.0.1", &a);
  struct hostent *want = gethostbyaddr(&a, sizeof a, AF_INET);
  ASSERT(want != NULL);
  ASSERT_STR_EQ(h->name, want->h_name);
  int n = 0;
  while (want->h_aliases[n]) n++;
  ASSERT_EQ(h->naliases, n);
  gosock_free(h);

  /* Errors leave *out NULL. */
  h = (gosock_hostent *)1;
  int64_t r = gosock_gethostbyaddr("", &h);
  ASSERT_EQ(r, GOSOCK_E_WILDCARDMULTI);
  ASSERT(h == NULL);
  return 0;
}

/* String results follow snprintf: truncated, NUL-terminated, full length
 * returned. */
TEST_IMPL(string_results) {
  char buf[64];
  ASSERT_EQ(gosock_inet_ntop(AF_INET6, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16, buf,
                             sizeof buf),
            strlen("2001:db8::1"));
  ASSERT_STR_EQ(buf, "2001:db8::1");
  char small[5];
  memset(small, 'x', sizeof small);
  ASSERT_EQ(gosock_inet_ntop(AF_INET6, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16, small,
                             sizeof small),
            11);
  ASSERT_STR_EQ(small, "2001");
  ASSERT_EQ(gosock_inet_ntoa("\x7f\0\0\x01", 4, NULL, 0), 9);
  ASSERT_EQ(gosock_getservbyport(80, "tcp", buf, sizeof buf), 4);
  ASSERT_STR_EQ(buf, "http");

  char host[256];
  ASSERT_OK(gethostname(host, sizeof host));
  int64_t len = gosock_gethostname(buf, sizeof buf);
  ASSERT_EQ(len, strlen(host));
  ASSERT_STR_EQ(buf, host);

  gosock_nameinfo ni;
  ASSERT_OK(gosock_getnameinfo("127.0.0.1", 22, 0, 0, 2, NI_NUMERICHOST, &ni));
  ASSERT_STR_EQ(ni.host, "127.0.0.1");
  ASSERT_STR_EQ(ni.serv, "ssh");
  return 0;
}

/* Numbers: the inet_aton and inet_pton4 results are the address with its
 * first byte most significant. */
TEST_IMPL(address_numbers) {
  ASSERT_EQ(gosock_inet_aton("127.1"), 0x7f000001);
  ASSERT_EQ(gosock_inet_aton("255.255.255.255"), 0xffffffffLL);
  ASSERT_EQ(gosock_inet_pton4("10.0.0.1"), 0x0a000001);
  ASSERT_EQ(gosock_inet_pton4("127.1"), GOSOCK_E_INETPTON);
  unsigned char out[16];
  ASSERT_EQ(gosock_inet_pton(AF_INET6, "::1", out, 15), GOSOCK_E_BUFTOOSMALL);
  ASSERT_EQ(gosock_inet_pton(AF_INET, "1.2.3.4", out, 4), 4);
  ASSERT_EQ(gosock_htons(0x1234), 0x3412);
  ASSERT_EQ(gosock_htonl(0x12345678), 0x78563412);
  ASSERT_EQ(gosock_cmsg_space(4), CMSG_SPACE(4));
  ASSERT_EQ(gosock_cmsg_len(4), CMSG_LEN(4));
  return 0;
}

TEST_IMPL(interfaces_match_libc) {
  gosock_ifname *list = NULL;
  int64_t n = gosock_if_nameindex(&list);
  ASSERT_GE(n, 1);
  struct if_nameindex *want = if_nameindex();
  ASSERT(want != NULL);
  int64_t i = 0;
  for (; want[i].if_index != 0; i++) {
    ASSERT(i < n);
    ASSERT_EQ(list[i].index, want[i].if_index);
    ASSERT_STR_EQ(list[i].name, want[i].if_name);
    ASSERT_EQ(gosock_if_nametoindex(list[i].name), list[i].index);
    char name[GOSOCK_IF_NAMESIZE];
    ASSERT_EQ(gosock_if_indextoname(list[i].index, name, sizeof name), strlen(list[i].name));
    ASSERT_STR_EQ(name, list[i].name);
  }
  ASSERT_EQ(i, n);
  if_freenameindex(want);
  gosock_free(list);
  char name[GOSOCK_IF_NAMESIZE];
  ASSERT_EQ(gosock_if_indextoname(0, name, sizeof name), -ENXIO);
  ASSERT_EQ(gosock_if_nametoindex("no-such-if0"), GOSOCK_E_NOINTERFACE);
  return 0;
}

TEST_IMPL(netdb_null_pointers) {
  char buf[64];
  ASSERT_EQ(gosock_inet_aton(NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_inet_pton(AF_INET, NULL, buf, sizeof buf), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_inet_pton(AF_INET, "1.2.3.4", NULL, 0), GOSOCK_E_BUFTOOSMALL);
  ASSERT_EQ(gosock_inet_pton4(NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_inet_ntoa(NULL, 4, buf, sizeof buf), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_inet_ntop(AF_INET, NULL, 4, buf, sizeof buf), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_gethostbyname(NULL, buf, sizeof buf), GOSOCK_E_NULLPOINTER);
  gosock_hostent *h;
  ASSERT_EQ(gosock_gethostbyname_ex(NULL, &h), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_gethostbyaddr("127.0.0.1", NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_getnameinfo("127.0.0.1", 80, 0, 0, 2, 0, NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_getnameinfo(NULL, 80, 0, 0, 2, 0, NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_getservbyname(NULL, "tcp"), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_getprotobyname(NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_if_nameindex(NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_if_nametoindex(NULL), GOSOCK_E_NULLPOINTER);
  ASSERT_EQ(gosock_sethostname(NULL, 3), GOSOCK_E_NULLPOINTER);
  /* Optional and empty outputs are fine. */
  ASSERT_EQ(gosock_gethostname(NULL, 0) > 0, 1);
  ASSERT_EQ(gosock_getservbyname("http", NULL), 80);
  return 0;
}
