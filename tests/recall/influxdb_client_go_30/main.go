// Shape of influxdata/influxdb-client-go#30: the batch writer goroutine had
// two early exits on errors that skipped wg.Done, so Stop's Wait hung.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
)

type writer struct {
	wg    sync.WaitGroup
	buf   bytes.Buffer
	flush func([]byte) error
}

func (w *writer) start(points []string) {
	w.wg.Add(1)
	go func() { // want LEAK010
		for _, p := range points {
			if _, err := w.buf.WriteString(p + "\n"); err != nil {
				return
			}
		}
		if err := w.flush(w.buf.Bytes()); err != nil {
			return
		}
		w.wg.Done()
	}()
}

func (w *writer) Stop() { w.wg.Wait() }

func main() {
	w := &writer{flush: func([]byte) error { return errors.New("write failed") }}
	w.start([]string{"cpu value=1"})
	w.Stop()
	fmt.Println("stopped")
}
