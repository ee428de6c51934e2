package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"
)

// Monotonic reads the runtime's vDSO clock: it must be CLOCK_MONOTONIC,
// the clock Python's deadlines are computed with.
func TestMonotonicIsClockMonotonic(t *testing.T) {
	for i := 0; i < 100; i++ {
		var a, b unix.Timespec
		assert.NoError(t, unix.ClockGettime(unix.CLOCK_MONOTONIC, &a))
		m := Monotonic()
		assert.NoError(t, unix.ClockGettime(unix.CLOCK_MONOTONIC, &b))
		assert.LessOrEqual(t, a.Nano(), m)
		assert.LessOrEqual(t, m, b.Nano())
	}
}

func TestDeadlineAfter(t *testing.T) {
	assert.Equal(t, NoDeadline, DeadlineAfter(-1))
	before := Monotonic()
	d := DeadlineAfter(1_000_000_000)
	assert.GreaterOrEqual(t, d, before+1_000_000_000)
}
