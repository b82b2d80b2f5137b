// Package lockorder has the shape of etcd-io/etcd#22184: one path takes the
// watch lock and then the store lock, the write path takes them in the
// opposite order; two goroutines doing both at once each hold the lock the
// other wants.
package lockorder

import "sync"

type store struct {
	storeMu sync.Mutex
	watchMu sync.Mutex
	rev     int
	// pause lets the test make both goroutines hold their first lock.
	pause *sync.WaitGroup
}

// progress takes watchMu, then storeMu.
func (s *store) progress() int {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	s.pause.Done()
	s.pause.Wait()
	s.storeMu.Lock() // want hung
	defer s.storeMu.Unlock()
	return s.rev
}

// commit takes storeMu, then watchMu.
func (s *store) commit() {
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	s.rev++
	s.pause.Done()
	s.pause.Wait()
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
}
