// Package wgdeadlock has the shape of getsentry/sentry-go#699: a worker
// calls wg.Done only on its success path; when it fails early the Done is
// skipped and Wait never returns.
package wgdeadlock

import (
	"errors"
	"sync"
)

func uploadAll(items []string) []error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			if it == "" {
				mu.Lock()
				errs = append(errs, errors.New("empty item"))
				mu.Unlock()
				return // wg.Done is skipped here
			}
			wg.Done()
		}(it)
	}
	wg.Wait() // want hung
	return errs
}
