//go:build go1.25

// Package synctestwait has the shape of getsentry/sentry-go#699 (a worker
// calls wg.Done only on its success path) under testing/synctest: the test's
// own goroutine waits in Wait, the worker has returned, and synctest.Test
// panics at once: "deadlock: main bubble goroutine is durably blocked" /
// "all goroutines in bubble are blocked", no timeout needed.
package synctestwait

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty item")

// flushAll sends every item through send and waits for all of them.
func flushAll(items []string, send func(string) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			if err := send(it); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				return // wg.Done is skipped here
			}
			wg.Done()
		}(it)
	}
	wg.Wait() // want hung
	return first
}
