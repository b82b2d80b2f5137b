// Shape of hashicorp/hcat#8: the watcher's Wait started a goroutine looping
// over the data channel and the error channel; Stop shut the watcher down but
// the loop had no stopped channel to leave by, so the goroutine escaped.
package main

import (
	"fmt"
	"time"
)

type watcher struct {
	dataCh  chan string
	errCh   chan error
	stopCh  chan struct{}
	changed chan struct{}
}

func (w *watcher) Wait(timeout time.Duration) error {
	go func() {
		for { // want LEAK003
			select {
			case <-w.dataCh:
				w.changed <- struct{}{}
			case err := <-w.errCh:
				fmt.Println("watch error:", err)
			}
		}
	}()
	select {
	case <-w.changed:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("timed out")
	}
}

func (w *watcher) Stop() { close(w.stopCh) }

func main() {
	w := &watcher{dataCh: make(chan string), errCh: make(chan error), stopCh: make(chan struct{}), changed: make(chan struct{})}
	fmt.Println(w.Wait(time.Millisecond))
	w.Stop()
}
