// Shape of kubernetes/kubernetes#6632: the SPDY idle-aware framer reset its
// idle timer by sending on an unbuffered channel from WriteFrame while holding
// the write lock; the monitor goroutine that receives it takes the write lock
// when the connection closes, so the two waited on each other.
package main

import (
	"fmt"
	"sync"
	"time"
)

type idleAwareFramer struct {
	writeLock sync.Mutex
	resetChan chan bool
	closeChan chan bool
	closed    bool
	timeout   time.Duration
}

func (i *idleAwareFramer) monitor() {
	timer := time.NewTimer(i.timeout)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			return
		case <-i.resetChan:
			timer.Reset(i.timeout)
		case <-i.closeChan:
			i.writeLock.Lock()
			i.closed = true
			i.writeLock.Unlock()
			return
		}
	}
}

func (i *idleAwareFramer) WriteFrame(frame []byte) error {
	i.writeLock.Lock()
	defer i.writeLock.Unlock()
	if i.closed {
		return fmt.Errorf("connection closed")
	}
	i.resetChan <- true // want LOCK002
	return nil
}

func main() {
	i := &idleAwareFramer{resetChan: make(chan bool), closeChan: make(chan bool), timeout: time.Second}
	go i.monitor()
	go func() { i.closeChan <- true }()
	fmt.Println(i.WriteFrame([]byte("ping")))
}
