// Shape of grpc/grpc-go#3017: the grpclb sub-connection cache removed an entry
// from a timer callback that took the cache mutex and returned early when the
// entry had been re-added meanwhile, leaving the mutex locked.
package main

import (
	"fmt"
	"sync"
	"time"
)

type subConn struct{ addr string }

type cacheEntry struct {
	sc        *subConn
	cancelled bool
}

type lbCache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
	timeout time.Duration
}

func (c *lbCache) removeSubConn(sc *subConn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cacheEntry{sc: sc}
	c.entries[sc.addr] = e
	time.AfterFunc(c.timeout, func() {
		c.mu.Lock() // want LOCK001
		if e.cancelled {
			return
		}
		delete(c.entries, sc.addr)
		c.mu.Unlock()
	})
}

func main() {
	c := &lbCache{entries: map[string]*cacheEntry{}, timeout: time.Millisecond}
	c.removeSubConn(&subConn{addr: "10.0.0.1:443"})
	fmt.Println(len(c.entries))
}
