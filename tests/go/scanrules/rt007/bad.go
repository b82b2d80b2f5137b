package rt007

import (
	"context"
	"log"
	"net/http"
	"sync"
)

type Server struct {
	name string
	srv  *http.Server
}

// Shutting servers down in parallel: every goroutine may see the same one.
func shutdownAll(ctx context.Context, servers []*Server) {
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func() { // want RT007
			defer wg.Done()
			if err := s.srv.Shutdown(ctx); err != nil {
				log.Printf("%s: %v", s.name, err)
			}
		}()
	}
	wg.Wait()
}

// A worker pool indexed by the loop counter.
func startWorkers(n int, jobs <-chan func(int)) {
	for i := 0; i < n; i++ {
		go func() { // want RT007
			for job := range jobs {
				job(i)
			}
		}()
	}
}

// Deferred closures all see the last key.
func releaseAll(locks map[string]*sync.Mutex) {
	for name, mu := range locks {
		mu.Lock()
		defer func() { // want RT007 RT006
			locks[name].Unlock()
		}()
	}
}

// A fan-out that sends results keyed by the loop variable.
func fetchAll(urls []string, get func(string) (int, error)) map[string]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	out := make(map[string]int)
	for _, u := range urls {
		wg.Add(1)
		go func() { // want RT007
			defer wg.Done()
			code, err := get(u)
			if err != nil {
				return
			}
			mu.Lock()
			out[u] = code
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// A pipeline stage per shard, reading the shard index.
func startShards(shards []chan string, handle func(int, string)) {
	for idx, ch := range shards {
		go func(c chan string) { // want RT007
			for msg := range c {
				handle(idx, msg)
			}
		}(ch)
	}
}
