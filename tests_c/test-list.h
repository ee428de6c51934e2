/* test-list.h: every C test, one line each. */
#define TEST_LIST(X)         \
  X(version)                 \
  X(errors)                  \
  X(socket_info)             \
  X(fromfd_errors)           \
  X(tcp_echo)                \
  X(recv_timeout)            \
  X(nonblocking_eagain)      \
  X(connect_refused)         \
  X(udp_inet6)               \
  X(unix_abstract)           \
  X(sendall_large)           \
  X(sockopts)                \
  X(null_pointers)           \
  X(huge_lengths)            \
  X(resolve_bad_host)        \
  X(cmsg_macros)             \
  X(msg_scm_rights)          \
  X(msg_udp_address_and_trunc) \
  X(msg_errors)              \
  X(sendfile_file)           \
  X(addr_netlink_packet)     \
  X(accept_without_address)  \
  X(fork_child_works)        \
  X(fork_nested)             \
  X(vectors)                 \
  X(hostent_block)           \
  X(string_results)          \
  X(address_numbers)         \
  X(interfaces_match_libc)   \
  X(netdb_null_pointers)
