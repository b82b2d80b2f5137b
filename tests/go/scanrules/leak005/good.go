package leak005

import (
	"context"
	"time"
)

// The usual shape: stop deferred right after the ticker is made.
func (m *Metrics) runFlusherStopped(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.flush()
		}
	}
}

// The ticker is stored for the owner to stop in Close.
type Poller struct {
	ticker *time.Ticker
	done   chan struct{}
}

func NewPoller(every time.Duration) *Poller {
	t := time.NewTicker(every)
	p := &Poller{done: make(chan struct{})}
	p.ticker = t
	return p
}

func (p *Poller) Close() {
	p.ticker.Stop()
	close(p.done)
}

// Stopped by the goroutine that reads it.
func heartbeatStopped(done <-chan struct{}, send func() error) {
	ticker := time.NewTicker(15 * time.Second)
	go func() {
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
				if send() != nil {
					return
				}
			}
		}
	}()
}

// A service loop that never returns owns its ticker for the whole process.
func (m *Metrics) flushForever(every time.Duration) {
	for range time.Tick(every) {
		m.flush()
	}
}

// A timer whose channel is received unconditionally has fired.
func pause(d time.Duration) {
	t := time.NewTimer(d)
	<-t.C
}

// A timer stopped on the early path.
func (m *Metrics) waitFlushStopped(ctx context.Context) error {
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		m.flush()
		return nil
	}
}

// The ticker is returned to the caller.
func newTicker(every time.Duration) *time.Ticker {
	t := time.NewTicker(every)
	return t
}
