// Package leak009 holds the shapes LEAK009 (wg-add-in-goroutine) must
// report: each `want` comment names the rule expected on its line.
package leak009

import (
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

// A fan-out whose goroutines count themselves: Wait may see zero and
// return before any fetch has started.
func FetchAll(urls []string) []int {
	var wg sync.WaitGroup
	codes := make([]int, len(urls))
	for i, u := range urls {
		go func(i int, u string) {
			if u == "" {
				return
			}
			wg.Add(1) // want LEAK009
			defer wg.Done()
			resp, err := client.Head(u)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}(i, u)
	}
	wg.Wait()
	return codes
}

// A server that counts connection handlers inside the handlers: Close can
// return while a handler is still starting.
type Server struct {
	ln net.Listener
	wg sync.WaitGroup
}

func (s *Server) Serve() error {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			log.Printf("connection from %s", conn.RemoteAddr())
			s.wg.Add(1) // want LEAK009
			defer s.wg.Done()
			s.handle(conn)
		}()
	}
}

func (s *Server) handle(c net.Conn) { c.Close() }

func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

// A pipeline stage that closes its output once the workers are done, with
// the workers counting themselves: the output can be closed under them.
func Square(in <-chan int, workers int) <-chan int {
	out := make(chan int)
	wg := &sync.WaitGroup{}
	for i := 0; i < workers; i++ {
		go func() {
			defer func() { // want LEAK013 (the worker also dies on a recovered panic)
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			wg.Add(1) // want LEAK009
			defer wg.Done()
			for v := range in {
				out <- v * v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// A helper handed the WaitGroup by its caller, which waits in the same
// function.
func spawn(wg *sync.WaitGroup, jobs []func()) {
	for _, job := range jobs {
		go func() {
			if job == nil {
				return
			}
			wg.Add(1) // want LEAK009
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
}

// A worker pool whose Stop waits for workers that register themselves.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		go func(id int) {
			log.Printf("worker %d started", id)
			p.wg.Add(1) // want LEAK009
			defer p.wg.Done()
			for job := range p.jobs {
				job()
			}
		}(i)
	}
}

func (p *Pool) Stop() {
	close(p.jobs)
	p.wg.Wait()
}

func NewPool() *Pool { return &Pool{jobs: make(chan func())} }
