package chandeadlock

import (
	"testing"
	"time"
)

func TestNewExecutor(t *testing.T) {
	if newExecutor().done == nil {
		t.Fatal("no done channel")
	}
}

func TestShutdownTimeout(t *testing.T) {
	e := newExecutor()
	if e.shutdown(time.Millisecond) {
		t.Log("stopped in time")
	}
	e.stopped.Wait() // the test waits for stop, which waits for a receiver
}
