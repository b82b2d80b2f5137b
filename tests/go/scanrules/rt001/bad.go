// Package rt001 holds the shapes RT001 (explicit-gc) must report: each
// `want` comment names the rule expected on its line.
package rt001

import (
	"net/http"
	rt "runtime"
	"sync"
	"time"
)

// A cache that forces a collection after every eviction.
type Cache struct {
	mu    sync.Mutex
	items map[string][]byte
}

func (c *Cache) Evict(keys []string) {
	c.mu.Lock()
	for _, k := range keys {
		delete(c.items, k)
	}
	c.mu.Unlock()
	rt.GC() // want RT001
}

// A handler that collects on every request.
func uploadHandler(w http.ResponseWriter, r *http.Request) {
	buf := make([]byte, 1<<20)
	n, _ := r.Body.Read(buf)
	w.Write(buf[:n])
	rt.GC() // want RT001
}

// A background loop that collects every few seconds.
func StartJanitor(stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				rt.GC() // want RT001
			}
		}
	}()
}

// init of a library package is not main's.
func init() {
	rt.GC() // want RT001
}
