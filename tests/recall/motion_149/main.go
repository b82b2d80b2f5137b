// Shape of filecoin-project/motion#149: the store started its workers with a
// goroutine that called wg.Add itself, racing with the Wait in Shutdown.
package main

import (
	"fmt"
	"sync"
)

type singularityStore struct {
	wg      sync.WaitGroup
	closing chan struct{}
}

func (s *singularityStore) Start() {
	go func() {
		s.wg.Add(1) // want LEAK009
		defer s.wg.Done()
		<-s.closing
	}()
}

func (s *singularityStore) Shutdown() {
	close(s.closing)
	s.wg.Wait()
}

func main() {
	s := &singularityStore{closing: make(chan struct{})}
	s.Start()
	s.Shutdown()
	fmt.Println("shut down")
}
