// Package lock005 holds the shapes LOCK005 (lock-order) must report: each
// `want` comment names the rule expected on its line.
package lock005

import (
	"sync"
	"time"
)

// A connection pool: Remove takes Pool.mu then Conn.mu, Fail takes
// Conn.mu then Pool.mu.
type Pool struct {
	mu     sync.Mutex
	conns  map[*Conn]bool
	failed int
}

type Conn struct {
	mu     sync.Mutex
	pool   *Pool
	closed bool
}

func (p *Pool) Remove(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c.mu.Lock() // want LOCK005
	c.closed = true
	c.mu.Unlock()
	delete(p.conns, c)
}

func (c *Conn) Fail() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.pool.mu.Lock()
	c.pool.failed++
	c.pool.mu.Unlock()
}

// A cache that records stats under its lock, and stats that read the
// cache's size under theirs: the inversion goes through method calls.
type Cache struct {
	mu    sync.RWMutex
	items map[string][]byte
	stats *Stats
}

type Stats struct {
	mu    sync.Mutex
	hits  int
	cache *Cache
}

func (c *Cache) Get(k string) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[k]
	if ok {
		c.stats.hit() // want LOCK005
	}
	return v
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (s *Stats) hit() {
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
}

func (s *Stats) Report() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits, s.cache.Len()
}

// Package-level locks of a plugin registry: Register takes registryMu then
// listenersMu, Notify takes listenersMu and then, through reload,
// registryMu.
var (
	registryMu  sync.Mutex
	listenersMu sync.Mutex
	plugins     = map[string]func(){}
	listeners   []func(string)
)

func Register(name string, f func()) {
	registryMu.Lock()
	defer registryMu.Unlock()
	plugins[name] = f
	listenersMu.Lock() // want LOCK005
	for _, l := range listeners {
		l(name)
	}
	listenersMu.Unlock()
}

func Notify(name string) {
	listenersMu.Lock()
	defer listenersMu.Unlock()
	reload()
	for _, l := range listeners {
		l(name)
	}
}

func reload() {
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, f := range plugins {
		f()
	}
}

// Three locks in a ring: Scheduler -> Queue -> Worker -> Scheduler, each
// struct embedding its mutex.
type Scheduler struct {
	sync.Mutex
	queue *Queue
}

type Queue struct {
	sync.Mutex
	jobs   []string
	worker *Worker
}

type Worker struct {
	sync.Mutex
	sched *Scheduler
	last  time.Time
}

func (s *Scheduler) Enqueue(job string) {
	s.Lock()
	defer s.Unlock()
	s.queue.Lock() // want LOCK005
	s.queue.jobs = append(s.queue.jobs, job)
	s.queue.Unlock()
}

func (q *Queue) Dispatch() {
	q.Lock()
	defer q.Unlock()
	q.worker.Lock()
	q.worker.last = time.Now()
	q.worker.Unlock()
}

func (w *Worker) Done() {
	w.Lock()
	defer w.Unlock()
	w.sched.Lock()
	w.sched.Unlock()
}

// A search index and its shards, both read-locked in opposite orders: a
// writer queued on either lock between the two RLocks completes the
// deadlock (a warning: it needs that writer).
type Index struct {
	mu     sync.RWMutex
	shards []*Shard
	terms  map[string]int
}

type Shard struct {
	mu    sync.RWMutex
	index *Index
	docs  map[int]string
}

func (ix *Index) Lookup(term string) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []string
	for _, s := range ix.shards {
		s.mu.RLock() // want LOCK005
		out = append(out, s.docs[ix.terms[term]])
		s.mu.RUnlock()
	}
	return out
}

func (s *Shard) Terms() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.index.mu.RLock()
	n := len(s.index.terms)
	s.index.mu.RUnlock()
	return n
}
