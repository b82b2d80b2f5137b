package lock001

import "sync"

// Deferred unlock: every path releases.
func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil {
		c.items = map[string]string{}
	}
	c.items[k] = v
}

// Unlocked on each path by hand.
func (c *Cache) Delete(k string) bool {
	c.mu.Lock()
	if _, ok := c.items[k]; !ok {
		c.mu.Unlock()
		return false
	}
	delete(c.items, k)
	c.mu.Unlock()
	return true
}

// A helper that takes the lock for its caller on purpose: it never
// unlocks, so it is not a forgotten unlock.
func (c *Cache) lock() { c.mu.Lock() }

// Conditional locking paired with the same condition.
func (r *Registry) Each(shared bool, fn func(string)) {
	if shared {
		r.mu.RLock()
	}
	for _, n := range r.byID {
		fn(n)
	}
	if shared {
		r.mu.RUnlock()
	}
}

// Deferred closure that unlocks.
func (p *Pool) Add(job func()) {
	p.Lock()
	defer func() {
		p.Unlock()
	}()
	p.queue = append(p.queue, job)
}

// The lock is handed to a method that releases it.
func (c *Cache) Len() int {
	c.mu.Lock()
	if c.items == nil {
		c.unlock()
		return 0
	}
	n := len(c.items)
	c.mu.Unlock()
	return n
}

func (c *Cache) unlock() { c.mu.Unlock() }

// A panic under the lock is not a leaked path.
func MustRecord(kind string) {
	statsMu.Lock()
	if kind == "" {
		panic("empty kind")
	}
	stats[kind]++
	statsMu.Unlock()
}

// Something with Lock/Unlock methods that is not a mutex: unknown types
// are left alone.
type door struct{ open bool }

func (d *door) Lock()   { d.open = false }
func (d *door) Unlock() { d.open = true }

func useDoor(d *door, early bool) {
	d.Lock()
	if early {
		return
	}
	d.Unlock()
}

// A local mutex released in a goroutine: the hand-off is on purpose.
func handOff(done chan struct{}) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		<-done
		mu.Unlock()
	}()
}

// Drops the lock for a while and takes it back: the deferred unlock at the
// top releases it in the end.
func (c *Cache) Refresh(load func() map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items != nil {
		return
	}
	c.mu.Unlock()
	items := load()
	c.mu.Lock()
	c.items = items
}

// Returns the read lock's release for the caller to call.
func (r *Registry) Hold(id int) (string, func()) {
	r.mu.RLock()
	if id < 0 {
		r.mu.RUnlock()
		return "", nil
	}
	return r.byID[id], r.release
}

func (r *Registry) release() { r.mu.RUnlock() }

// Keeps the read lock on purpose and says so in the receiver; Next
// releases it.
type rows struct {
	closemu   sync.RWMutex
	scanHold  bool
	raw       []byte
	keepBytes bool
}

func (rs *rows) Scan() error {
	rs.closemu.RLock()
	rs.raw = rs.raw[:0]
	if rs.keepBytes {
		rs.scanHold = true
	} else {
		rs.closemu.RUnlock()
	}
	return nil
}

func (rs *rows) Next() bool {
	if rs.scanHold {
		rs.scanHold = false
		rs.closemu.RUnlock()
	}
	return false
}

// Called with the lock held (the shape of nats-server's flushOutbound and
// removeMsgBlock, documented "Lock must be held"): it drops the caller's lock
// for the slow part and takes it back on every way out, the error one too.
type conn struct {
	mu  sync.Mutex
	out []byte
}

// Lock must be held.
func (c *conn) flushLocked(write func([]byte) error) bool {
	out := c.out
	c.mu.Unlock()
	if err := write(out); err != nil {
		c.mu.Lock()
		return false
	}
	c.mu.Lock()
	c.out = nil
	return true
}

// A callee in a condition that releases the caller's lock (the shape of
// prometheus' convertAndEnqueueNHCB: "Caller must hold t.seriesMtx on entry;
// this method unlocks it").
type queue struct {
	seriesMtx sync.Mutex
	labels    map[int]string
}

func (q *queue) enqueueAndUnlock(ref int) bool {
	l := q.labels[ref]
	q.seriesMtx.Unlock()
	return l != ""
}

func (q *queue) Append(refs []int) bool {
	for _, r := range refs {
		q.seriesMtx.Lock()
		if r < 0 {
			if !q.enqueueAndUnlock(r) {
				return false
			}
			continue
		}
		q.seriesMtx.Unlock()
	}
	return true
}
