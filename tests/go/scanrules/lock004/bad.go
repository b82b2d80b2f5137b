// Package lock004 holds the shapes LOCK004 (recursive-rlock) must report:
// each `want` comment names the rule expected on its line.
package lock004

import (
	"fmt"
	"sync"
)

// A registry whose Summary read-locks and calls Len, which read-locks again.
type Registry struct {
	mu    sync.RWMutex
	items map[string]int
}

func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.items)
}

func (r *Registry) Summary() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return fmt.Sprintf("%d items", r.Len()) // want LOCK004
}

// A cache whose Get read-locks and, on a hit, calls a helper that
// read-locks to look at the expiry.
type Cache struct {
	mu      sync.RWMutex
	values  map[string]string
	expired map[string]bool
}

func (c *Cache) isExpired(k string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.expired[k]
}

func (c *Cache) Get(k string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.values[k]
	if ok && c.isExpired(k) { // want LOCK004
		return "", false
	}
	return v, ok
}

// Two read locks in one function, the first still held.
func (c *Cache) Pair(a, b string) (string, string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	va := c.values[a]
	c.mu.RLock() // want LOCK004
	vb := c.values[b]
	c.mu.RUnlock()
	return va, vb
}

// A router that walks its routes under the read lock and asks a package
// function, which read-locks the router, for each route.
type Router struct {
	sync.RWMutex
	routes map[string]func()
}

func hasRoute(r *Router, path string) bool {
	r.RLock()
	defer r.RUnlock()
	_, ok := r.routes[path]
	return ok
}

func (r *Router) Missing(paths []string) []string {
	r.RLock()
	defer r.RUnlock()
	var out []string
	for _, p := range paths {
		if !hasRoute(r, p) { // want LOCK004
			out = append(out, p)
		}
	}
	return out
}

// A config whose Dump holds the read lock and goes through a formatting
// method to a getter that read-locks.
type Config struct {
	mu     sync.RWMutex
	values map[string]string
}

func (c *Config) Get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.values[k]
}

func (c *Config) line(k string) string { return k + "=" + c.Get(k) }

func (c *Config) Dump() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]string, 0, len(c.values))
	for k := range c.values {
		out = append(out, c.line(k)) // want LOCK004
	}
	return out
}
