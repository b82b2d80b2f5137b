package lock006

import (
	"fmt"
	"sync"
)

// Pointer receivers and pointer parameters share the one lock.
func (c *Counter) Add(k string, d int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[k] += d
}

func safeWorker(jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for range jobs {
	}
}

// Building values is not copying them: literals, new, constructors.
func NewCounter() Counter {
	return Counter{n: map[string]int{}}
}

func NewCounterPtr() *Counter {
	c := &Counter{n: map[string]int{}}
	return c
}

func NewPool() *Pool {
	p := new(Pool)
	p.free = make([]int, 0, 8)
	return p
}

func FreshCounter() Counter {
	c := NewCounter()
	return c
}

// Ranging by index, or over pointers.
func (c *Cache) WarmAll(load func() string) {
	for i := range c.entries {
		e := &c.entries[i]
		e.once.Do(func() { e.val = load() })
	}
}

type PtrCache struct{ entries []*entry }

func (c *PtrCache) Warm(load func() string) {
	for _, e := range c.entries {
		e.once.Do(func() { e.val = load() })
	}
}

// Copying the fields that hold no lock, and printing through a pointer.
func (c *Counter) Counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

func (s *Server) Name() string {
	name := s.stats.name
	return name
}

func (c *Counter) Print() {
	fmt.Printf("%p %d\n", c, len(c.Counts()))
}

// A slice of values is shared, not copied, when passed on.
func Total(entries []entry) int {
	return len(entries)
}
