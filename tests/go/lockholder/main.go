// Command lockholder holds a mutex inside a method while it waits on a
// channel nobody sends on, and starts one goroutine that waits to lock the
// same mutex: the shape of a lock held forever by a goroutine the dump
// shows. With -exit the holder's goroutine ends while holding the lock
// (an Unlock missed on a path), so no goroutine in the dump holds it.
//
//	lockholder [-exit]
//
// It prints "ready" once both goroutines block, then writes
// runtime.Stack(all) to stdout and exits.
package main

import (
	"bytes"
	"flag"
	"os"
	"runtime"
	"sync"
	"time"
)

type store struct {
	mu    sync.Mutex
	items map[string]int
}

var never = make(chan struct{})

// refresh takes the lock and, on its slow path, waits for a reply that
// never comes while still holding it.
//
//go:noinline
func (s *store) refresh(wait bool) {
	s.mu.Lock()
	if !wait {
		return // the missed Unlock
	}
	<-never
	s.mu.Unlock()
}

//go:noinline
func (s *store) get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items[k]
}

func main() {
	exit := flag.Bool("exit", false, "the holder returns without unlocking")
	flag.Parse()
	s := &store{items: map[string]int{}}
	done := make(chan struct{})
	go func() {
		s.refresh(!*exit)
		close(done)
	}()
	if *exit {
		<-done
	} else {
		for s.mu.TryLock() { // until refresh holds it
			s.mu.Unlock()
			time.Sleep(time.Millisecond)
		}
	}
	go s.get("x")
	// Give the waiter time to park in the runtime's semaphore.
	for i := 0; i < 200; i++ {
		buf := make([]byte, 1<<16)
		n := runtime.Stack(buf, true)
		if bytes.Contains(buf[:n], []byte("[sync.Mutex.Lock]")) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	os.Stdout.Write(buf[:n])
}
