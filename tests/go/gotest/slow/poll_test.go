package slow

import (
	"testing"
	"time"
)

func TestWaitForReady(t *testing.T) {
	waitFor(func() bool { return true }, time.Millisecond)
}

func TestWaitForLeader(t *testing.T) {
	leader := false // no election happens in this test
	waitFor(func() bool { return leader }, 50*time.Millisecond)
}
