package rt007

import (
	"context"
	"log"
	"sync"
)

// The loop variable passed as an argument.
func shutdownAllArg(ctx context.Context, servers []*Server) {
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func(s *Server) {
			defer wg.Done()
			if err := s.srv.Shutdown(ctx); err != nil {
				log.Printf("%s: %v", s.name, err)
			}
		}(s)
	}
	wg.Wait()
}

// Copied in the loop body before the goroutine starts.
func startWorkersCopy(n int, jobs <-chan func(int)) {
	for i := 0; i < n; i++ {
		i := i
		go func() {
			for job := range jobs {
				job(i)
			}
		}()
	}
}

// The closure uses only values made inside the turn.
func fetchAllLocal(urls []string, get func(string) (int, error), out chan<- int) {
	for n := range urls {
		u := urls[n] + "/health"
		_ = u
		target := urls[n]
		go func() {
			code, _ := get(target)
			out <- code
		}()
	}
}

// A plain call, not a closure: the argument is evaluated at once.
func startAll(servers []*Server, run func(*Server)) {
	for _, s := range servers {
		go run(s)
		//gopit:ignore RT006 the defer in a loop is RT006's case; here it shows RT007's negative
		defer log.Print(s.name)
	}
}

// A field named like the loop variable is not the variable.
type item struct{ i int }

func fill(items []item, done chan<- item) {
	for i := 0; i < len(items); i++ {
		it := items[i]
		go func() {
			done <- item{i: it.i}
		}()
	}
}

// Each turn waits for its goroutine before the variable moves on.
func runEach(tasks []func() error) error {
	for _, task := range tasks {
		errc := make(chan error, 1)
		go func() {
			errc <- task()
		}()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
