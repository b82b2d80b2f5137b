package lock003

import (
	"sync"
	"time"
)

// The locked body split out: GetOrLoad calls getLocked, which expects the
// lock to be held.
type SafeCache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *SafeCache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.getLocked(k)
}

func (c *SafeCache) getLocked(k string) string { return c.items[k] }

func (c *SafeCache) GetOrLoad(k string, load func(string) string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.getLocked(k); v != "" {
		return v
	}
	v := load(k)
	c.items[k] = v
	return v
}

// Unlocked before calling the method that locks.
func (c *SafeCache) Refresh(k string, load func(string) string) string {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
	return c.GetOrLoad(k, load)
}

// Another cache's lock, not this one's.
type Tiered struct {
	mu     sync.Mutex
	local  map[string]string
	parent *SafeCache
}

func (t *Tiered) Get(k string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if v, ok := t.local[k]; ok {
		return v
	}
	return t.parent.Get(k)
}

// A callee that locks only when asked to.
type Queue struct {
	mu    sync.Mutex
	items []int
}

func (q *Queue) push(v int, lock bool) {
	if lock {
		q.mu.Lock()
		defer q.mu.Unlock()
	}
	q.items = append(q.items, v)
}

func (q *Queue) PushTwo(a, b int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.push(a, false)
	q.push(b, false)
}

// A callee that drops the caller's lock while it waits, then takes it back.
func (q *Queue) waitLocked(d time.Duration) {
	q.mu.Unlock()
	time.Sleep(d)
	q.mu.Lock()
}

func (q *Queue) PopWait(d time.Duration) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.waitLocked(d)
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// The locking method runs in another goroutine, after this one unlocks.
func (q *Queue) PushAsync(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	go q.push(v, true)
}

// Two mutexes of the same struct.
type Stats struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	hits    int
	data    map[string]int
}

func (s *Stats) hit() {
	s.statsMu.Lock()
	s.hits++
	s.statsMu.Unlock()
}

func (s *Stats) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hit()
	return s.data[k]
}

// Read locks taken one after the other, each released first.
func (s *Server) Snapshot() (bool, int) {
	s.mu.RLock()
	running := s.running
	s.mu.RUnlock()
	s.mu.Lock()
	n := len(s.conns)
	s.mu.Unlock()
	return running, n
}

// Locked and unlocked under the same condition, then locked again.
func (c *SafeCache) Reset(shared bool) {
	if shared {
		c.mu.Lock()
	}
	c.items = map[string]string{}
	if shared {
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.items["reset"] = time.Now().String()
	c.mu.Unlock()
}

// A loop that locks and unlocks on each turn.
func (p *Pool) Drain() {
	for {
		p.Lock()
		if len(p.workers) == 0 {
			p.Unlock()
			return
		}
		w := p.workers[0]
		p.workers = p.workers[1:]
		p.Unlock()
		close(w)
	}
}
