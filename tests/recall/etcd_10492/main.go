// Shape of etcd-io/etcd#10492: the lessor renewed a lease while holding its
// mutex and called the checkpointer callback, which the server had wired to a
// lessor method that takes the same mutex.
package main

import (
	"fmt"
	"sync"
)

type checkpointer func(id int64)

type lessor struct {
	mu     sync.Mutex
	leases map[int64]int64
	cp     checkpointer
}

func (le *lessor) Checkpoint(id int64) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.leases[id] = 0
}

func (le *lessor) SetCheckpointer(cp checkpointer) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.cp = cp
}

func (le *lessor) Renew(id int64, ttl int64) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.leases[id] = ttl
	if le.cp != nil {
		le.cp(id) // want LOCK003
	}
}

func main() {
	le := &lessor{leases: map[int64]int64{}}
	le.SetCheckpointer(le.Checkpoint)
	le.Renew(1, 10)
	fmt.Println(le.leases)
}
