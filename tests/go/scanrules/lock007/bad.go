// Package lock007 holds the shapes LOCK007 (defer-lock) must report: each
// `want` comment names the rule expected on its line.
package lock007

import (
	"net/http"
	"sync"
)

// A store whose setter defers Lock instead of Unlock: the next Put deadlocks.
type Store struct {
	mu    sync.Mutex
	items map[string]string
}

func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Lock() // want LOCK007
	s.items[k] = v
}

// A registry read under RLock, "released" with a deferred RLock.
type Registry struct {
	mu   sync.RWMutex
	byID map[int]string
}

func (r *Registry) Name(id int) string {
	r.mu.RLock()
	defer r.mu.RLock() // want LOCK007
	return r.byID[id]
}

// A counter embedding its mutex.
type counter struct {
	sync.Mutex
	n int
}

func (c *counter) Inc() int {
	c.Lock()
	defer c.Lock() // want LOCK007
	c.n++
	return c.n
}

// A handler guarding package state with a package-level mutex.
var (
	statsMu sync.Mutex
	hits    int
)

func statsHandler(w http.ResponseWriter, r *http.Request) {
	statsMu.Lock()
	defer statsMu.Lock() // want LOCK007
	hits++
	w.WriteHeader(http.StatusNoContent)
}

// A worker pool whose goroutines share a local mutex.
func runWorkers(jobs <-chan int) int {
	var (
		mu    sync.Mutex
		total int
		wg    sync.WaitGroup
	)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				func() {
					mu.Lock()
					defer mu.Lock() // want LOCK007
					total += j
				}()
			}
		}()
	}
	wg.Wait()
	return total
}
