//go:build go1.25

// Package synctestleak has the shape of llm-d/llm-d-batch-gateway#592: a
// broadcaster retries a transient error and hands every result to its
// subscriber with a blocking send. The test reads the first result and
// returns; the retry's send then has no receiver, and synctest.Test panics:
// "deadlock: main bubble goroutine has exited but blocked goroutines remain".
package synctestleak

import (
	"errors"
	"time"
)

var errTransient = errors.New("transient")

type Result struct {
	Attempt int
	Err     error
}

type Broadcaster struct {
	publish func(attempt int) error
	out     chan Result
}

func NewBroadcaster(publish func(attempt int) error) *Broadcaster {
	return &Broadcaster{publish: publish, out: make(chan Result)}
}

func (b *Broadcaster) Results() <-chan Result { return b.out }

// Run publishes until an attempt succeeds, reporting every attempt.
func (b *Broadcaster) Run() {
	for attempt := 1; ; attempt++ {
		err := b.publish(attempt)
		safeChannelSend(b.out, Result{Attempt: attempt, Err: err})
		if !errors.Is(err, errTransient) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// safeChannelSend survives a closed channel, but not a reader that left.
func safeChannelSend(ch chan<- Result, r Result) {
	defer func() { _ = recover() }()
	ch <- r // want hung
}
