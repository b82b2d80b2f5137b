// Package mutexdeadlock has the shape of cockroachdb/cockroach#52540: a
// method takes the read lock and calls a helper that takes it again. It
// works until a writer queues between the two RLocks: a waiting Lock keeps
// new readers out, so the second RLock waits for the writer, which waits
// for the first RLock.
package mutexdeadlock

import "sync"

type registry struct {
	mu      sync.RWMutex
	entries map[string]int
	// between lets the test queue a writer between the two RLocks.
	between func()
}

func (r *registry) size() int {
	r.mu.RLock() // want hung
	defer r.mu.RUnlock()
	return len(r.entries)
}

// summary holds the read lock and calls size, which takes it again.
func (r *registry) summary() (int, int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.between != nil {
		r.between()
	}
	return len(r.entries), r.size()
}

func (r *registry) put(k string, v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries[k] = v
}
