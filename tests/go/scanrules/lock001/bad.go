// Package lock001 holds the shapes LOCK001 (lock-not-released) must report:
// each `want` comment names the rule expected on its line.
package lock001

import (
	"errors"
	"sync"
)

var errNotFound = errors.New("not found")

// A cache whose error path returns with the lock held.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *Cache) Get(k string) (string, error) {
	c.mu.Lock() // want LOCK001
	v, ok := c.items[k]
	if !ok {
		return "", errNotFound
	}
	c.mu.Unlock()
	return v, nil
}

// A read lock released on the happy path only.
type Registry struct {
	mu   sync.RWMutex
	byID map[int]string
}

func (r *Registry) Name(id int) string {
	r.mu.RLock() // want LOCK001
	if id < 0 {
		return ""
	}
	name := r.byID[id]
	r.mu.RUnlock()
	return name
}

// A worker loop whose `continue` skips the unlock: the next iteration
// locks again while still holding the lock.
type Pool struct {
	sync.Mutex
	queue []func()
}

func (p *Pool) Drain() {
	for {
		p.Lock() // want LOCK001
		if len(p.queue) == 0 {
			p.Unlock()
			return
		}
		job := p.queue[0]
		p.queue = p.queue[1:]
		if job == nil {
			continue
		}
		p.Unlock()
		job()
	}
}

// A package-level mutex left locked by a switch case.
var (
	statsMu sync.Mutex
	stats   = map[string]int{}
)

func Record(kind string) error {
	statsMu.Lock() // want LOCK001
	switch kind {
	case "":
		return errors.New("empty kind")
	default:
		stats[kind]++
	}
	statsMu.Unlock()
	return nil
}

// Stats are cleared on each report, so the map stays small.
func ResetStats() {
	statsMu.Lock()
	defer statsMu.Unlock()
	clear(stats)
}
