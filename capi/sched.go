package main

/*
#include <stdint.h>
*/
import "C"

import (
	"os"
	"runtime"
)

// The Go scheduler as seen by threads that call in from C (Python threads).
//
// Every such thread, between its calls and while a call blocks in the
// kernel, holds a P (a Go scheduling slot) in "system call" state until
// sysmon takes it back, which it does at its next tick (20 µs to 10 ms) when
// no P is idle. A thread that enters while all Ps are held that way waits
// for that, and every such retake wakes another thread. With the P count at
// the CPU count (1 for a process pinned to one CPU, as bench/run.py does,
// or a one-CPU container) Python threads that take turns (an echo server
// and its client, a sender and a receiver) keep waiting for each other's P.
// minProcs gives that many threads a P each. The Ps only bound how many
// threads can be in Go at once: there are no goroutines to run, so more Ps
// than CPUs costs nothing measurable (the heap is small and GC rare).
// Measured with one CPU (bench/RESULTS.md): tcp_bulk_64k 2.0-2.1 GB/s with
// 2 Ps, 2.4-2.6 with 4 to 64, and the process idle 10 % of the time with 2.
// A GOMAXPROCS set in the environment is left alone.
const minProcs = 8

func init() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) < minProcs {
		runtime.GOMAXPROCS(minProcs)
	}
}

// gosockgo_sched_yield lets the runtime reschedule the calling goroutine;
// dispatch.c calls it from every thread once per 2 ms (see maybe_yield).
//
//export gosockgo_sched_yield
func gosockgo_sched_yield() C.int64_t {
	runtime.Gosched()
	return 0
}
