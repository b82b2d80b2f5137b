package leak006

import (
	"context"
	"errors"
	"time"
)

// A retry loop: the next turn comes only after the backoff fired.
func retry(ctx context.Context, op func() error) error {
	backoff := 100 * time.Millisecond
	for attempt := 0; attempt < 5; attempt++ {
		if err := op(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
	return errors.New("retry: giving up")
}

// One timer for the loop, reset each turn.
func (w *Worker) runTimer(ctx context.Context) {
	idle := time.NewTimer(time.Minute)
	defer idle.Stop()
	for {
		select {
		case j := <-w.jobs:
			w.results <- w.handle(j)
		case <-idle.C:
		case <-ctx.Done():
			return
		}
		idle.Reset(time.Minute)
	}
}

// time.After outside any loop.
func call(ctx context.Context, reply <-chan int) (int, error) {
	select {
	case v := <-reply:
		return v, nil
	case <-time.After(3 * time.Second):
		return 0, errors.New("timeout")
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Every other case leaves the loop, through a label too.
func first(results <-chan int, n int) int {
	best := -1
loop:
	for i := 0; i < n; i++ {
		select {
		case v := <-results:
			best = v
			break loop
		case <-time.After(time.Second):
		}
	}
	return best
}

// A goroutine per wait, in a loop: the literal is its own function.
func watchAll(chans []chan int) {
	for _, c := range chans {
		go func(c chan int) {
			select {
			case <-c:
			case <-time.After(time.Second):
			}
		}(c)
	}
}
