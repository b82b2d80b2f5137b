package leak005

import (
	"context"
	"log"
	"sync"
	"time"
)

type Metrics struct {
	mu    sync.Mutex
	count int
}

func (m *Metrics) flush() {}

// A flusher that returns on cancel and leaves its ticker running.
func (m *Metrics) runFlusher(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every) // want LEAK005
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.flush()
		}
	}
}

// A heartbeat goroutine per connection: the ticker outlives it.
func heartbeat(done <-chan struct{}, send func() error) {
	ticker := time.NewTicker(15 * time.Second) // want LEAK005
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				if err := send(); err != nil {
					log.Printf("heartbeat: %v", err)
					return
				}
			}
		}
	}()
}

// time.Tick in a library function that returns.
func waitReady(ctx context.Context, ready func() bool) error {
	for range time.Tick(100 * time.Millisecond) { // go1.23: none // want LEAK005
		if ready() {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

// time.Tick evaluated on every turn of the loop: a ticker per turn.
func pump(in <-chan int, out chan<- int) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return
			}
			out <- v
		case <-time.Tick(time.Second): // go1.23: none // want LEAK005
			log.Print("idle")
		}
	}
}

// A request-scoped timer that is never stopped (info).
func (m *Metrics) waitFlush(ctx context.Context) error {
	timer := time.NewTimer(30 * time.Second) // want LEAK005
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		m.flush()
		return nil
	}
}

// A progress reporter whose ticker channel is taken directly.
func report(ctx context.Context, progress func()) {
	c := time.NewTicker(time.Second).C // want LEAK005
	for {
		select {
		case <-ctx.Done():
			return
		case <-c:
			progress()
		}
	}
}
