// Package lock003 holds the shapes LOCK003 (double-lock) must report: each
// `want` comment names the rule expected on its line.
package lock003

import (
	"sync"
	"time"
)

// A cache whose GetOrLoad reuses Get, which locks the same mutex.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) GetOrLoad(k string, load func(string) string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.Get(k); v != "" { // want LOCK003
		return v
	}
	v := load(k)
	c.items[k] = v
	return v
}

// A registry that upgrades a read lock to a write lock in place: Lock waits
// for every reader, itself included.
type Registry struct {
	mu    sync.RWMutex
	names map[int]string
}

func (r *Registry) Name(id int, def string) string {
	r.mu.RLock()
	name, ok := r.names[id]
	if !ok {
		r.mu.Lock() // want LOCK003
		r.names[id] = def
		name = def
		r.mu.Unlock()
	}
	r.mu.RUnlock()
	return name
}

// A server whose Stop holds the lock and calls a method that reads the
// state under the read lock of the same RWMutex.
type Server struct {
	mu      sync.RWMutex
	running bool
	conns   map[int]func()
}

func (s *Server) Running() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.running
}

func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.Running() { // want LOCK003
		return
	}
	for _, closeConn := range s.conns {
		closeConn()
	}
	s.running = false
}

// A worker pool whose Resize goes through two methods before locking the
// pool's embedded mutex again.
type Pool struct {
	sync.Mutex
	workers []chan struct{}
}

func (p *Pool) size() int {
	p.Lock()
	defer p.Unlock()
	return len(p.workers)
}

func (p *Pool) spare() int { return cap(p.workers) - p.size() }

func (p *Pool) Resize(n int) {
	p.Lock()
	defer p.Unlock()
	for p.spare() < n { // want LOCK003
		p.workers = append(p.workers, make(chan struct{}))
	}
}

// A package-level mutex and a helper that takes it, called while it is
// held.
var (
	handlersMu sync.Mutex
	handlers   = map[string]func(){}
)

func lookup(name string) func() {
	handlersMu.Lock()
	defer handlersMu.Unlock()
	return handlers[name]
}

func Register(name string, h func()) {
	handlersMu.Lock()
	defer handlersMu.Unlock()
	if lookup(name) != nil { // want LOCK003
		panic("duplicate handler " + name)
	}
	handlers[name] = h
}

// A session store whose expiry pass hands the store to a function of the
// package that locks it.
type Store struct {
	mu       sync.Mutex
	sessions map[string]time.Time
}

func purge(s *Store, before time.Time) {
	s.mu.Lock()
	for id, t := range s.sessions {
		if t.Before(before) {
			delete(s.sessions, id)
		}
	}
	s.mu.Unlock()
}

func (s *Store) Expire(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	purge(s, now.Add(-time.Hour)) // want LOCK003
}

// A typo: Lock written where Unlock was meant.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(k string) int {
	c.mu.Lock()
	c.n[k]++
	v := c.n[k]
	c.mu.Lock() // want LOCK003
	return v
}
