// Package leak010 holds the shapes LEAK010 (wg-done-missing) must report:
// each `want` comment names the rule expected on its line.
package leak010

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// A fan-out whose error path forgets Done: Wait never returns once one
// request fails.
func FetchAll(urls []string) []int {
	var wg sync.WaitGroup
	codes := make([]int, len(urls))
	for i, u := range urls {
		wg.Add(1)
		go func() { // want LEAK010
			resp, err := client.Head(u)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
			wg.Done()
		}()
	}
	wg.Wait()
	return codes
}

// A worker pool whose workers leave on cancellation without Done.
type Pool struct {
	wg   sync.WaitGroup
	jobs chan func()
}

func (p *Pool) Start(ctx context.Context, n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() { // want LEAK010
			for {
				select {
				case <-ctx.Done():
					return
				case job, ok := <-p.jobs:
					if !ok {
						p.wg.Done()
						return
					}
					job()
				}
			}
		}()
	}
}

func (p *Pool) Wait() { p.wg.Wait() }

// A handler with a timeout: the slow branch returns without Done and the
// request hangs in Wait.
func Lookup(ctx context.Context, keys []string, get func(string) (string, error)) []string {
	out := make([]string, len(keys))
	wg := new(sync.WaitGroup)
	wg.Add(len(keys))
	for i, k := range keys {
		go func(i int, k string) { // want LEAK010
			v, err := get(k)
			if errors.Is(err, context.DeadlineExceeded) {
				return
			}
			out[i] = v
			wg.Done()
		}(i, k)
	}
	wg.Wait()
	return out
}

// A named worker started with the WaitGroup: its early return skips Done.
func worker(id int, wg *sync.WaitGroup, jobs <-chan int, results chan<- int) {
	for j := range jobs {
		if j < 0 {
			return
		}
		results <- j * id
	}
	wg.Done()
}

func RunWorkers(jobs <-chan int, results chan<- int) {
	var wg sync.WaitGroup
	for w := 1; w <= 4; w++ {
		wg.Add(1)
		go worker(w, &wg, jobs, results) // want LEAK010
	}
	wg.Wait()
	close(results)
}

// A poller whose Done sits after a loop that a retry limit leaves by return.
func Poll(urls []string, tries int) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) { // want LEAK010
			for n := 0; ; n++ {
				resp, err := client.Get(u)
				if err == nil {
					resp.Body.Close()
					break
				}
				if n == tries {
					return
				}
				time.Sleep(time.Second)
			}
			wg.Done()
		}(u)
	}
	wg.Wait()
}

var client = &http.Client{Timeout: 10 * time.Second}
