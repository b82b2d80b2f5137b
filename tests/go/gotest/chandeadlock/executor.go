// Package chandeadlock has the shape of go-co-op/gocron#835: the executor's
// stop sends its result on an unbuffered channel, but the scheduler gave up
// waiting for it (its own timeout fired first), so the send blocks forever
// and so does everyone who waits for stop to finish.
package chandeadlock

import (
	"sync"
	"time"
)

type executor struct {
	done    chan error
	stopped sync.WaitGroup
}

func newExecutor() *executor { return &executor{done: make(chan error)} }

// stop reports on e.done; nobody is left to receive.
func (e *executor) stop() {
	defer e.stopped.Done()
	time.Sleep(10 * time.Millisecond) // the jobs take longer than the scheduler waits
	e.done <- nil // want hung
}

// shutdown starts stop and waits for its result, but only for `wait`.
func (e *executor) shutdown(wait time.Duration) bool {
	e.stopped.Add(1)
	go e.stop()
	select {
	case <-e.done:
		return true
	case <-time.After(wait):
		return false
	}
}
