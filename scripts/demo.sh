#!/usr/bin/env bash
# demo.sh: the reference document's echo programs, once in Python through
# gosock and once in C over libgosock. Each pair: server in the background,
# then the client; both print what they got.
set -u
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}"
status=0

pair() { # label, server command..., --, client command...
  local label=$1; shift
  local server=() client=()
  while [ "$1" != "--" ]; do server+=("$1"); shift; done; shift
  client=("$@")
  echo "== $label"
  "${server[@]}" & local spid=$!
  local ok=0
  for _ in $(seq 1 50); do
    if "${client[@]}" 2>/dev/null; then ok=1; break; fi
    sleep 0.1
  done
  [ $ok = 1 ] || { echo "client failed"; status=1; kill $spid 2>/dev/null; }
  if ! timeout 10 tail --pid=$spid -f /dev/null; then kill $spid 2>/dev/null; status=1; fi
  wait $spid || status=1
}

pair "Python, IPv4" python3 examples/python/echo_server.py -- python3 examples/python/echo_client.py
pair "Python, getaddrinfo dual-stack" python3 examples/python/echo_server_dual.py -- python3 examples/python/echo_client_dual.py
pair "C, IPv4" build/echo server -- build/echo client
pair "C, getaddrinfo dual-stack" build/echo server dual -- build/echo client dual
pair "C, client with a timeout" build/echo server -- build/timeout_client localhost 50007 5

# The timeout client against a server that accepts nothing and never
# answers: it must give up after 0.5 s (exit status 3). The server takes a
# free port and writes it to a file.
echo "== C, client with a timeout, silent server"
portfile=$(mktemp)
python3 -c 'import gosock, sys, time
s = gosock.create_server(("127.0.0.1", 0))
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(15)' "$portfile" &
spid=$!
for _ in $(seq 1 100); do [ -s "$portfile" ] && break; sleep 0.05; done
out=$(build/timeout_client 127.0.0.1 "$(cat "$portfile")" 0.5 2>&1); rc=$?
echo "$out"
kill $spid 2>/dev/null; wait $spid 2>/dev/null
rm -f "$portfile"
[ $rc = 3 ] || { echo "expected a timeout (exit 3), got exit $rc"; status=1; }
exit $status
