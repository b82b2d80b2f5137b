// Shape of hashicorp/nomad#11982: many loops waited on a channel or a
// time.After in the same select; when the channel fired quickly, timers piled
// up until each expired.
package main

import (
	"fmt"
	"time"
)

type allocWatcher struct {
	updates chan int
	index   int
}

func (w *allocWatcher) watch(stop <-chan struct{}) {
	for {
		select {
		case idx := <-w.updates:
			w.index = idx
		case <-time.After(30 * time.Second): // want LEAK006
			fmt.Println("heartbeat, index", w.index)
		case <-stop:
			return
		}
	}
}

func main() {
	w := &allocWatcher{updates: make(chan int)}
	stop := make(chan struct{})
	go w.watch(stop)
	for i := 0; i < 3; i++ {
		w.updates <- i
	}
	close(stop)
}
