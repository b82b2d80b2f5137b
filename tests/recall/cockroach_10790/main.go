// Shape of cockroachdb/cockroach#10790: a replica waiting for the commands it
// overlaps with collected their completion signals from a helper goroutine over
// an unbuffered channel. When the request context was cancelled, beginCmds
// returned without draining that channel, and the helper stayed blocked.
package main

import (
	"context"
	"fmt"
)

type pendingCmd struct {
	key  string
	done chan struct{}
}

type replica struct {
	inFlight []*pendingCmd
}

func (r *replica) beginCmds(ctx context.Context, key string) error {
	prereqs := make(chan *pendingCmd)
	go func() {
		for _, c := range r.inFlight {
			if c.key == key {
				prereqs <- c // want LEAK001
			}
		}
		close(prereqs)
	}()
	for {
		select {
		case c, ok := <-prereqs:
			if !ok {
				return nil
			}
			<-c.done
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &replica{inFlight: []*pendingCmd{{key: "a", done: make(chan struct{})}}}
	fmt.Println(r.beginCmds(ctx, "a"))
}
