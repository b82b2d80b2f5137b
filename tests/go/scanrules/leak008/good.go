package leak008

import (
	"context"
	"time"
)

// Deferred right away.
func deferred(parent context.Context, work func(context.Context)) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	work(ctx)
}

// Returned to the caller, who owns it.
func derive(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return ctx, cancel
}

// Stored in a struct that cancels on Close.
type worker struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newWorker(parent context.Context) *worker {
	w := &worker{}
	w.ctx, w.cancel = context.WithCancel(parent)
	return w
}

func (w *worker) Close() { w.cancel() }

// Called on every path by hand.
func each(parent context.Context, ok bool) error {
	ctx, cancel := context.WithCancel(parent)
	if !ok {
		cancel()
		return ctx.Err()
	}
	cancel()
	return nil
}

// Handed to a goroutine that calls it.
func background(parent context.Context, stop <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-stop
		cancel()
	}()
	return ctx
}

// A panic path is not a leak.
func mustDerive(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if ctx == nil {
		panic("nil context")
	}
	cancel()
}

// A named result is returned by the bare return.
func baseContext(parent context.Context) (ctx context.Context, cancel func()) {
	ctx, cancel = context.WithCancel(parent)
	ctx = context.WithValue(ctx, ctxKey{}, "v")
	return
}

type ctxKey struct{}

// Sent to the goroutine that owns it.
func handOver(parent context.Context, owner chan<- context.CancelFunc) context.Context {
	ctx, cancel := context.WithCancel(parent)
	owner <- cancel
	return ctx
}
