// Package lock006 holds the shapes LOCK006 (copied-lock) must report: each
// `want` comment names the rule expected on its line.
package lock006

import (
	"fmt"
	"net/http"
	"sync"
)

// A counter whose method has a value receiver: each call locks its own
// copy of the mutex, so nothing is excluded.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c Counter) Inc(k string) { // want LOCK006
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[k]++
}

// A worker that gets the WaitGroup by value: Done never reaches the
// caller's Wait.
func worker(jobs <-chan int, wg sync.WaitGroup) { // want LOCK006
	defer wg.Done()
	for range jobs {
	}
}

func RunWorkers(jobs <-chan int) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(jobs, wg)
	}
	wg.Wait()
}

// A server's stats struct embeds the server's state through a struct of
// the package: copying it copies the RWMutex two levels down.
type state struct {
	sync.RWMutex
	hits map[string]int
}

type Stats struct {
	name string
	st   state
}

type Server struct {
	stats *Stats
	mux   *http.ServeMux
}

func (s *Server) Snapshot() Stats {
	return *s.stats // want LOCK006
}

func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {
	snap := *s.stats // want LOCK006
	fmt.Fprintln(w, snap.name)
}

// A cache whose entries hold a Once each; ranging by value copies them.
type entry struct {
	once sync.Once
	val  string
}

type Cache struct {
	entries []entry
}

func (c *Cache) Warm(load func() string) {
	for _, e := range c.entries { // want LOCK006
		e.once.Do(func() { e.val = load() })
	}
}

// Logging a struct that holds a mutex reads the mutex while another
// goroutine may hold it.
func (c *Counter) Dump() {
	fmt.Printf("%v\n", *c) // want LOCK006
}

// A pool handed back by value from a field.
type Pool struct {
	mu   sync.Mutex
	free []int
}

type Manager struct {
	pool Pool
}

func (m *Manager) Pool() Pool {
	return m.pool // want LOCK006
}
