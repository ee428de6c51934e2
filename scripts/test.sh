#!/usr/bin/env bash
# test.sh: runs every suite (Go, C, Python), each under a time limit, and
# ends with one line "N passed, N failed" summing them.
set -u
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
logs=build/test-logs
mkdir -p "$logs"
total_pass=0
total_fail=0

add() { # suite, passed, failed
  printf '%-8s %d passed, %d failed\n' "$1" "$2" "$3"
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
}

# Go: core, with the C library reached through purego (no cgo).
CGO_ENABLED=0 timeout 900 go test -count=1 -v ./core/... >"$logs/go.log" 2>&1
rc=$?
# Then each fuzz target of core briefly (its seeds in core/testdata/fuzz ran
# above): a fixed number of inputs, so a loaded machine takes longer instead
# of testing less. A failing input is saved in core/testdata/fuzz.
for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' core/*_test.go); do
  CGO_ENABLED=0 timeout 300 go test -count=1 -v -run='^$' -fuzz="^$target\$" \
    -fuzztime="${GOSOCK_FUZZ_INPUTS:-30000}x" ./core >>"$logs/go.log" 2>&1 || rc=1
done
p=$(grep -c -- '^--- PASS' "$logs/go.log")
f=$(grep -c -- '^--- FAIL' "$logs/go.log")
if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; tail -20 "$logs/go.log"; fi
[ "$f" -gt 0 ] && grep -B2 -A15 -- '--- FAIL' "$logs/go.log" | head -80
add go "$p" "$f"

# C: each test in its own process, plus the constants check.
timeout 900 build/test-runner >"$logs/c.log" 2>&1
rc=$?
p=$(grep -c '^ok ' "$logs/c.log")
f=$(grep -c '^not ok ' "$logs/c.log")
timeout 60 build/test-consts >"$logs/c-consts.log" 2>&1
rc2=$?
p=$((p + $(grep -c '^ok ' "$logs/c-consts.log")))
f=$((f + $(grep -c '^not ok ' "$logs/c-consts.log")))
if { [ $rc -ne 0 ] || [ $rc2 -ne 0 ]; } && [ "$f" -eq 0 ]; then f=1; fi
[ "$f" -gt 0 ] && grep -A3 '^not ok' "$logs/c.log" "$logs/c-consts.log" | head -60
add c "$p" "$f"

# Python: unittest over tests_py with gosock from python/.
# GOSOCK_FORK_DEBUG: a forked child that hangs is shown with gdb (where gdb exists) before
# it is killed, and that dump is printed below.
GOSOCK_FORK_DEBUG=1 PYTHONPATH=python timeout 1800 python3 -X dev -m unittest discover -s tests_py -t . -v >"$logs/py.log" 2>&1
rc=$?
ran=$(sed -n 's/^Ran \([0-9]*\) tests\?.*/\1/p' "$logs/py.log" | tail -1)
ran=${ran:-0}
fails=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' "$logs/py.log" | tail -1)
errs=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' "$logs/py.log" | tail -1)
skips=$(sed -n 's/.*skipped=\([0-9]*\).*/\1/p' "$logs/py.log" | tail -1)
f=$(( ${fails:-0} + ${errs:-0} ))
p=$(( ran - f - ${skips:-0} ))
if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; tail -30 "$logs/py.log"; fi
[ "$f" -gt 0 ] && grep -A25 -E '^(FAIL|ERROR):' "$logs/py.log" | head -120
grep -q '^=== hung child' "$logs/py.log" && sed -n '/^=== hung child/,/^===/p' "$logs/py.log" | head -200
grep -h '^forks: ' "$logs/py.log" | head -1   # the fork stress test's figure
add python "$p" "$f"

# The benchmark harness (formats, error handling, floor.py's cases; no timing).
timeout 600 python3 -m unittest -v bench/test_bench_harness.py >"$logs/bench.log" 2>&1
rc=$?
ran=$(sed -n 's/^Ran \([0-9]*\) tests\?.*/\1/p' "$logs/bench.log" | tail -1)
fails=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' "$logs/bench.log" | tail -1)
errs=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' "$logs/bench.log" | tail -1)
f=$(( ${fails:-0} + ${errs:-0} ))
p=$(( ${ran:-0} - f ))
if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; tail -30 "$logs/bench.log"; fi
[ "$f" -gt 0 ] && grep -A25 -E '^(FAIL|ERROR):' "$logs/bench.log" | head -60
add bench "$p" "$f"

# Conformance: CPython's own suites with gosock installed as socket; every
# test recorded as passing (conformance/passing.txt) must still pass.
if [ -f ../shared/conformance/cpysuite.py ] && [ "${GOSOCK_SKIP_CONFORMANCE:-0}" != 1 ]; then
  timeout 1500 python3 scripts/conformance.py --timeout 120 >"$logs/conformance.log" 2>&1
  rc=$?
  line=$(grep '^recorded: ' "$logs/conformance.log" | tail -1)
  p=$(echo "$line" | sed -n 's/recorded: \([0-9]*\) passed.*/\1/p')
  f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed/\1/p')
  p=${p:-0}; f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; tail -20 "$logs/conformance.log"; fi
  [ "$f" -gt 0 ] && grep -A40 '^REGRESSIONS' "$logs/conformance.log"
  grep '^conformance:' "$logs/conformance.log"
  add conform "$p" "$f"
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
