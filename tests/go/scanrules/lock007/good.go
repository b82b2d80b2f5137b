package lock007

import (
	"sync"
	"time"
)

// The right pairing.
func (s *Store) Get(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}

// Called with s.mu held: drops the lock while it sleeps and takes it back
// for the caller when it returns.
func (s *Store) waitLocked(d time.Duration) {
	s.mu.Unlock()
	defer s.mu.Lock()
	time.Sleep(d)
}

// The same with a read lock.
func (r *Registry) refreshRLocked(load func() map[int]string) map[int]string {
	r.mu.RUnlock()
	defer r.mu.RLock()
	return load()
}

// A file lock of the package whose Lock takes the lock for the caller: not
// a mutex, so not this rule's business.
type fileLock struct{ path string }

func (f *fileLock) Lock()   {}
func (f *fileLock) Unlock() {}

func withFileLock(f *fileLock, fn func()) {
	f.Unlock()
	fn()
	defer f.Lock()
}

func relockLater(f *fileLock) {
	defer f.Lock()
}

// A cond's callback that gives the lock back before returning to Wait's
// loop in a closure.
func (c *counter) waitUntil(cond *sync.Cond, n int) {
	c.Unlock()
	func() {
		defer c.Lock()
		for c.n < n {
			time.Sleep(time.Millisecond)
		}
	}()
}
