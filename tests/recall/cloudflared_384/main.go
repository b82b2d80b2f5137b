// Shape of cloudflare/cloudflared#384: the h2mux muxer's loop selected on a
// message channel and a time.After timeout; whenever a message came first, the
// turn's timer stayed alive until it fired.
package main

import (
	"fmt"
	"time"
)

type muxReader struct {
	frames  chan []byte
	abort   chan struct{}
	timeout time.Duration
	read    int
}

func (r *muxReader) run() error {
	for {
		select {
		case f := <-r.frames:
			r.read += len(f)
		case <-time.After(r.timeout): // want LEAK006
			return fmt.Errorf("no frame within %v", r.timeout)
		case <-r.abort:
			return nil
		}
	}
}

func main() {
	r := &muxReader{frames: make(chan []byte), abort: make(chan struct{}), timeout: time.Second}
	go func() {
		r.frames <- []byte("ping")
		close(r.abort)
	}()
	fmt.Println(r.run())
}
