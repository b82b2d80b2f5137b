// Shape of moby/moby#28462: stopping a container's health monitor held the
// container lock while signalling the monitor goroutine on an unbuffered stop
// channel, and the monitor needs the container lock to record a probe result
// before it can get back to its select.
package main

import (
	"fmt"
	"sync"
	"time"
)

type health struct {
	stop chan struct{}
}

type container struct {
	sync.Mutex
	health  *health
	results []string
}

func (c *container) monitor(h *health) {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-tick.C:
			c.Lock()
			c.results = append(c.results, "healthy")
			c.Unlock()
		}
	}
}

func (c *container) stopHealthMonitor() {
	c.Lock()
	defer c.Unlock()
	if c.health != nil {
		c.health.stop <- struct{}{} // want LOCK002
		c.health = nil
	}
}

func main() {
	c := &container{health: &health{stop: make(chan struct{})}}
	go c.monitor(c.health)
	time.Sleep(5 * time.Millisecond)
	c.stopHealthMonitor()
	fmt.Println(len(c.results) > 0)
}
