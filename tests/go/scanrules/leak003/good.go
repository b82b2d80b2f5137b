package leak003

import (
	"context"
	"net"
	"os"
	"sync"
	"time"
)

// The janitor stops when the cache is closed.
type Janitor struct {
	done chan struct{}
}

func NewJanitor(every time.Duration, sweep func()) *Janitor {
	j := &Janitor{done: make(chan struct{})}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				sweep()
			case <-j.done:
				return
			}
		}
	}()
	return j
}

// A closed input ends the worker.
func (s *Stage) Forward() {
	go func() {
		for {
			select {
			case v, ok := <-s.in:
				if !ok {
					close(s.out)
					return
				}
				s.out <- v
			}
		}
	}()
}

// A labelled break leaves the loop.
func (c *Client) Reader(ctx context.Context) {
	go func() {
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-c.pings:
			}
		}
		c.conn.Close()
	}()
}

// A process-wide dispatcher started once.
var startOnce sync.Once

func StartDispatcher(jobs chan func()) {
	startOnce.Do(func() {
		go func() {
			for {
				select {
				case j := <-jobs:
					j()
				}
			}
		}()
	})
}

// A fatal case ends the process.
func watch(ctx context.Context, conn net.Conn, errs <-chan error) {
	go func() {
		for {
			select {
			case err := <-errs:
				if err != nil {
					os.Exit(1)
				}
			case <-ctx.Done():
				conn.Close()
				panic("stopped")
			}
		}
	}()
}

// A loop with a condition is not this rule's.
func (c *Client) Drain(ctx context.Context) {
	go func() {
		for ctx.Err() == nil {
			select {
			case <-c.pings:
			case <-ctx.Done():
			}
		}
	}()
}
