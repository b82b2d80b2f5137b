// Shape of nspcc-dev/neofs-node#2586: resetCaches took its shared state by
// value, copying the lock it contains (go vet: passes lock by value).
package main

import (
	"fmt"
	"sync"
)

type shared struct {
	mtx    sync.Mutex
	netmap map[string]int
	epoch  uint64
}

func (s shared) resetCaches() { // want LOCK006
	s.mtx.Lock()
	s.netmap = map[string]int{}
	s.mtx.Unlock()
}

func main() {
	s := &shared{netmap: map[string]int{"node1": 1}}
	s.resetCaches()
	fmt.Println(len(s.netmap))
}
