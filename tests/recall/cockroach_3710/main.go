// Shape of cockroachdb/cockroach#3710: the store read-locked its replicas
// while scanning them into the raft log queue, and the queue's check asked the
// replica's store for its raft status, which read-locks the store again; the
// raft processing goroutine waiting for the write lock completed the deadlock.
package main

import (
	"fmt"
	"sync"
)

type store struct {
	mu       sync.RWMutex
	replicas map[int]*replica
	queue    *raftLogQueue
}

type replica struct {
	id    int
	store *store
}

type raftLogQueue struct {
	mu      sync.Mutex
	pending []int
}

func (s *store) RaftStatus(id int) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fmt.Sprintf("replica %d: leader", id)
}

func (q *raftLogQueue) shouldQueue(r *replica) bool {
	return r.store.RaftStatus(r.id) != ""
}

func (q *raftLogQueue) MaybeAdd(r *replica) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shouldQueue(r) { // want LOCK005 (the same deadlock as a lock-order cycle: q.mu, then store.mu read-locked)
		q.pending = append(q.pending, r.id)
	}
}

func (s *store) ForceRaftLogScanAndProcess() {
	s.mu.RLock()
	for _, r := range s.replicas {
		s.queue.MaybeAdd(r) // want LOCK004
	}
	s.mu.RUnlock()
}

func main() {
	s := &store{replicas: map[int]*replica{}, queue: &raftLogQueue{}}
	s.replicas[1] = &replica{id: 1, store: s}
	s.ForceRaftLogScanAndProcess()
	fmt.Println(s.queue.pending)
}
