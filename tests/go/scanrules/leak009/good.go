package leak009

import (
	"sync"
	"sync/atomic"
)

// Counted before the go statement.
func ProcessAll(items []string, process func(string)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			defer wg.Done()
			process(it)
		}(it)
	}
	wg.Wait()
}

// A goroutine that is itself counted adds its children: the counter cannot
// reach zero while it runs.
func Crawl(roots []string, children func(string) []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, r := range roots {
			for _, c := range children(r) {
				wg.Add(1)
				go func(c string) {
					defer wg.Done()
					_ = c
				}(c)
			}
		}
	}()
	wg.Wait()
}

// The goroutine owns its WaitGroup.
func Background(tasks []func()) {
	go func() {
		var wg sync.WaitGroup
		for _, t := range tasks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				t()
			}()
		}
		wg.Wait()
	}()
}

// An atomic counter's Add is not a WaitGroup's.
func CountAsync(n int) int64 {
	var total atomic.Int64
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			total.Add(1)
			wg.Done()
		}()
	}
	wg.Wait()
	return total.Load()
}

// The goroutine is counted by one WaitGroup (the caller's, before the go
// statement) and counts its own children in another it waits on itself.
type Batch struct {
	parent *sync.WaitGroup
}

func (b *Batch) Run(parts [][]func()) {
	b.parent.Add(1)
	go func() {
		defer b.parent.Done()
		var children sync.WaitGroup
		for _, part := range parts {
			for _, f := range part {
				children.Add(1)
				go func() {
					defer children.Done()
					f()
				}()
			}
		}
		children.Wait()
	}()
}
