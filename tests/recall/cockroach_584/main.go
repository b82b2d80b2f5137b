// Shape of cockroachdb/cockroach#584: the gossip bootstrap loop locked the
// gossip mutex at the top of each turn and left the function from the middle of
// the turn when the node stopped, still holding the lock.
package main

import (
	"fmt"
	"sync"
	"time"
)

type gossip struct {
	mu        sync.Mutex
	stopped   bool
	bootstrap []string
}

func (g *gossip) bootstrapLoop() {
	for {
		g.mu.Lock() // want LOCK001
		if g.stopped {
			return
		}
		if len(g.bootstrap) > 0 {
			g.bootstrap = g.bootstrap[1:]
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func main() {
	g := &gossip{stopped: true}
	g.bootstrapLoop()
	fmt.Println("done")
}
