// Package leaksleep leaks a goroutine that polls in a sleep loop with no way
// to stop it, the shape of the many `Worker.Start` loops that run
// `for { work(); time.Sleep(d) }` (e.g. the kubelet's and etcd's pre-context
// pollers): the goroutine never blocks on anything the garbage collector can
// prove dead, so the leak profile cannot see it, but it is still there after
// the settle.
package leaksleep

import (
	"sync/atomic"
	"time"
)

type Worker struct {
	Value    atomic.Int64
	Interval time.Duration
}

// Start polls forever.
func (w *Worker) Start() {
	go func() {
		for {
			w.Value.Add(1)
			time.Sleep(w.Interval) // want leak: the loop has no exit
		}
	}()
}
