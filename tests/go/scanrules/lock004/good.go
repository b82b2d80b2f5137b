package lock004

import (
	"fmt"
	"sync"
)

// The body split out: Summary calls lenLocked.
type SafeRegistry struct {
	mu    sync.RWMutex
	items map[string]int
}

func (r *SafeRegistry) lenLocked() int { return len(r.items) }

func (r *SafeRegistry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.lenLocked()
}

func (r *SafeRegistry) Summary() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return fmt.Sprintf("%d items", r.lenLocked())
}

// The read lock released before the call.
func (r *SafeRegistry) Report() string {
	r.mu.RLock()
	names := make([]string, 0, len(r.items))
	for k := range r.items {
		names = append(names, k)
	}
	r.mu.RUnlock()
	return fmt.Sprint(names, r.Len())
}

// Another registry's read lock.
type Federation struct {
	mu      sync.RWMutex
	members []*SafeRegistry
}

func (f *Federation) Total() int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	n := 0
	for _, m := range f.members {
		n += m.Len()
	}
	return n
}

// A plain Mutex has no read lock; two RWMutexes of one struct are two locks.
type Index struct {
	mu     sync.RWMutex
	metaMu sync.RWMutex
	keys   map[string]int
	meta   map[string]string
}

func (x *Index) Meta(k string) string {
	x.metaMu.RLock()
	defer x.metaMu.RUnlock()
	return x.meta[k]
}

func (x *Index) Describe(k string) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return fmt.Sprint(x.keys[k], x.Meta(k))
}

// The getter runs in a callback registered for later, not under the lock.
func (x *Index) Watch(k string, notify func(func() string)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if _, ok := x.keys[k]; ok {
		notify(func() string { return x.Meta(k) + x.Describe(k) })
	}
}

// Read locks one after the other.
func (x *Index) Both(a, b string) (int, int) {
	x.mu.RLock()
	va := x.keys[a]
	x.mu.RUnlock()
	x.mu.RLock()
	vb := x.keys[b]
	x.mu.RUnlock()
	return va, vb
}
