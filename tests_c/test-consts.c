/*
 * test-consts.c: checks GOSOCK_ constants of include/gosock_consts.h against
 * the values of the system headers.
 *
 *   gcc -Wall -Werror -Iinclude -o tests_c/bin/test-consts tests_c/test-consts.c
 *   tests_c/bin/test-consts
 *
 * Prints one "ok N - NAME" or "not ok N - NAME ..." line per check and a
 * "1..N" plan, and exits 1 if any check failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <linux/netlink.h>
#include <linux/tipc.h>
#include <linux/can.h>
#include <linux/can/bcm.h>
#include <linux/can/j1939.h>
#include <linux/if_alg.h>
#include <linux/vm_sockets.h>

#include "gosock_consts.h"

static int checks;
static int failures;

/* Both sides are converted to long, as the generator and Python do. */
static void check(const char *name, long got, long want)
{
    checks++;
    if (got == want) {
        printf("ok %d - %s\n", checks, name);
        return;
    }
    failures++;
    printf("not ok %d - %s: GOSOCK_%s is %ld, the system header says %ld\n",
           checks, name, name, got, want);
}

/* CHECK(X) compares GOSOCK_X with the system's X. */
#define CHECK(name) check(#name, (long)(GOSOCK_##name), (long)(name))
/* CHECK_AS(X, expr) compares GOSOCK_X with a system expression of another name. */
#define CHECK_AS(name, expr) check(#name, (long)(GOSOCK_##name), (long)(expr))

int main(void)
{
    CHECK(AF_UNSPEC);
    CHECK(AF_UNIX);
    CHECK(AF_INET);
    CHECK(AF_INET6);
    CHECK(AF_NETLINK);
    CHECK(AF_ROUTE);
    CHECK(AF_PACKET);
    CHECK(AF_CAN);
    CHECK(AF_TIPC);
    CHECK(AF_ALG);
    CHECK(AF_VSOCK);
    CHECK(AF_DECnet);
    CHECK(SOCK_STREAM);
    CHECK(SOCK_DGRAM);
    CHECK(SOCK_RAW);
    CHECK(SOCK_SEQPACKET);
    CHECK(SOCK_NONBLOCK);
    CHECK(SOCK_CLOEXEC);
    CHECK(SOL_SOCKET);
    CHECK(SO_REUSEADDR);
    CHECK(SO_REUSEPORT);
    CHECK(SO_KEEPALIVE);
    CHECK(SO_ERROR);
    CHECK(SO_RCVTIMEO);
    CHECK(SO_PEERCRED);
    CHECK(SOMAXCONN);
    CHECK(MSG_OOB);
    CHECK(MSG_PEEK);
    CHECK(MSG_DONTWAIT);
    CHECK(MSG_NOSIGNAL);
    CHECK(MSG_CMSG_CLOEXEC);
    CHECK(IPPROTO_TCP);
    CHECK(IPPROTO_UDP);
    CHECK(IPPROTO_MPTCP);
    CHECK(IP_TOS);
    CHECK(IP_MULTICAST_TTL);
    CHECK(IPV6_V6ONLY);
    CHECK(IPV6_JOIN_GROUP);
    CHECK(TCP_NODELAY);
    CHECK(TCP_KEEPIDLE);
    CHECK(TCP_NOTSENT_LOWAT);
    CHECK(INADDR_ANY);
    CHECK(INADDR_LOOPBACK);
    CHECK(INADDR_BROADCAST);
    CHECK(SCM_RIGHTS);
    CHECK(SHUT_RDWR);
    CHECK(EAI_NONAME);
    CHECK(EAI_SYSTEM);
    CHECK(AI_PASSIVE);
    CHECK(AI_NUMERICSERV);
    CHECK(NI_MAXHOST);
    CHECK(NI_NUMERICHOST);
    CHECK(NETLINK_ROUTE);
    CHECK(TIPC_WAIT_FOREVER);
    CHECK(CAN_EFF_FLAG);
    CHECK(CAN_RAW);
    CHECK_AS(CAN_BCM_TX_SETUP, TX_SETUP);
    CHECK_AS(CAN_BCM_CAN_FD_FRAME, CAN_FD_FRAME);
    CHECK(J1939_NO_PGN);
    CHECK(ALG_SET_KEY);
    CHECK(VMADDR_CID_ANY);
    CHECK(IOCTL_VM_SOCKETS_GET_LOCAL_CID);
    CHECK(EAGAIN);
    CHECK(EWOULDBLOCK);

    printf("1..%d\n", checks);
    return failures ? 1 : 0;
}
