// Package leak004 holds the shapes LEAK004 (nil-channel) must report: each
// `want` comment names the rule expected on its line.
package leak004

import (
	"net"
	"time"
)

// A server start that waits for a readiness signal from a channel nobody
// made: the caller blocks forever.
type Server struct {
	ln net.Listener
}

func (s *Server) Start(addr string) error {
	var ready chan struct{}
	var errc chan error
	go func() {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			errc <- err // want LEAK004
			return
		}
		s.ln = ln
		ready <- struct{}{} // want LEAK004
	}()
	<-ready // want LEAK004
	return nil
}

// A worker pool whose job queue was declared but never made: the workers
// range over nil and the producer blocks on its first send.
func RunPool(jobs []string, workers int) {
	var queue chan string
	for i := 0; i < workers; i++ {
		go func() {
			for j := range queue { // want LEAK004
				_ = j
			}
		}()
	}
	for _, j := range jobs {
		queue <- j // want LEAK004
	}
}

// A handler with a timeout whose result channel is nil: the goroutine's
// send never happens and the select always times out.
func FetchWithTimeout(fetch func() string) (string, bool) {
	var result chan string
	go func() {
		result <- fetch() // want LEAK004
	}()
	select {
	case r := <-result:
		return r, true
	case <-time.After(time.Second):
		return "", false
	}
}

// A pipeline stage that reads from a directional channel never assigned.
func Stage(out chan<- int) {
	var in <-chan int
	for {
		v, ok := <-in // want LEAK004
		if !ok {
			close(out)
			return
		}
		out <- v * 2
	}
}

// A worker whose quit channel is never made: Stop blocks forever, and the
// select case in run is silently disabled.
type Worker struct {
	jobs chan func()
	quit chan struct{}
}

func NewWorker() *Worker {
	w := &Worker{jobs: make(chan func())}
	go w.run()
	return w
}

func (w *Worker) run() {
	for {
		select {
		case j := <-w.jobs:
			j()
		case <-w.quit:
			return
		}
	}
}

func (w *Worker) Stop() {
	w.quit <- struct{}{} // want LEAK004
}
