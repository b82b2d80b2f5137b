// Shape of cockroachdb/cockroach#1055: the stopper waited for running tasks to
// drain while holding its mutex, and a task finishing has to take that mutex to
// mark itself done, so Stop never returned.
package main

import (
	"fmt"
	"sync"
)

type stopper struct {
	mu       sync.Mutex
	draining bool
	drain    sync.WaitGroup
	tasks    int
}

func (s *stopper) StartTask() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return false
	}
	s.tasks++
	s.drain.Add(1)
	return true
}

func (s *stopper) FinishTask() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tasks--
	s.drain.Done()
}

func (s *stopper) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draining = true
	s.drain.Wait() // want LOCK002
}

func main() {
	s := &stopper{}
	if s.StartTask() {
		go s.FinishTask()
	}
	s.Stop()
	fmt.Println("stopped")
}
