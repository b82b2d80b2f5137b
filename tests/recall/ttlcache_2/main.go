// Shape of microsoftarchive/ttlcache#2: every cache started an expiry
// goroutine whose for-select loop had no way out, so each cache ever created
// leaked a goroutine (the fix added Close and a stop channel).
package main

import (
	"fmt"
	"sync"
	"time"
)

type cache struct {
	mu    sync.Mutex
	items map[string]time.Time
	ttl   time.Duration
}

func newCache(ttl time.Duration) *cache {
	c := &cache{items: map[string]time.Time{}, ttl: ttl}
	go func() {
		ticker := time.NewTicker(ttl)
		defer ticker.Stop()
		for { // want LEAK003
			select {
			case now := <-ticker.C:
				c.mu.Lock()
				for k, exp := range c.items {
					if now.After(exp) {
						delete(c.items, k)
					}
				}
				c.mu.Unlock()
			}
		}
	}()
	return c
}

func main() {
	c := newCache(time.Millisecond)
	fmt.Println(len(c.items))
}
