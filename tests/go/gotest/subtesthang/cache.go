// Package subtesthang: a test that holds a fixture's lock while its subtests
// run, and a subtest that takes the same lock through the fixture's method
// (a double lock spread over t.Run: the parent waits in t.Run for the
// subtest, the subtest waits for the parent's lock). Two such tests run in
// parallel, so the timeout's `running tests:` list names four tests.
package subtesthang

import "sync"

type cache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *cache) get(k string) string {
	c.mu.Lock() // want hung
	defer c.mu.Unlock()
	return c.m[k]
}
