package leak010

import (
	"context"
	"log"
	"sync"
)

// Deferred Done: every path releases.
func ProcessAll(items []string, process func(string) error) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := process(it); err != nil {
				log.Print(err)
				return
			}
		}()
	}
	wg.Wait()
}

// Done by hand on each path.
func Split(parts [][]int, sum func([]int) (int, error)) []int {
	var wg sync.WaitGroup
	out := make([]int, len(parts))
	for i, p := range parts {
		wg.Add(1)
		go func() {
			v, err := sum(p)
			if err != nil {
				wg.Done()
				return
			}
			out[i] = v
			wg.Done()
		}()
	}
	wg.Wait()
	return out
}

// Released through a method of the same receiver.
type Server struct {
	wg    sync.WaitGroup
	conns chan int
}

func (s *Server) finish() { s.wg.Done() }

func (s *Server) Serve(ctx context.Context) {
	s.wg.Add(1)
	go func() {
		defer s.finish()
		for {
			select {
			case <-ctx.Done():
				return
			case c := <-s.conns:
				_ = c
			}
		}
	}()
}

// A path that panics never returns normally.
func Must(items []string, check func(string) bool) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if !check(it) {
				panic("bad item " + it)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// A named worker that defers Done.
func consumer(wg *sync.WaitGroup, in <-chan string) {
	defer wg.Done()
	for s := range in {
		if s == "" {
			return
		}
	}
}

func Consume(in <-chan string) {
	var wg sync.WaitGroup
	wg.Add(2)
	go consumer(&wg, in)
	go consumer(&wg, in)
	wg.Wait()
}

// The WaitGroup is handed to a helper that releases it.
func Hand(jobs []func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			if j == nil {
				release(&wg)
				return
			}
			j()
			wg.Done()
		}()
	}
	wg.Wait()
}

func release(wg *sync.WaitGroup) { wg.Done() }

// The WaitGroup counts jobs, not workers: each job is released in the loop
// and the worker's own exit owes nothing.
func Drain(jobs []string, handle func(string) error) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	queue := make(chan string)
	for w := 0; w < 4; w++ {
		go func() {
			for j := range queue {
				if err := handle(j); err != nil {
					log.Print(err)
					wg.Done()
					continue
				}
				wg.Done()
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	wg.Wait()
	close(queue)
}
