// Package leak002 holds the shapes LEAK002 (range-never-closed) must
// report: each `want` comment names the rule expected on its line.
package leak002

import (
	"log"
	"sync"
)

type Result struct {
	ID  int
	Err error
}

func run(id int) Result { return Result{ID: id} }

func store(r Result) { log.Println(r.ID) }

// A batch job whose result collector is never told the batch is over.
func ProcessBatch(ids []int) {
	results := make(chan Result)
	go func() {
		for r := range results { // want LEAK002
			store(r)
		}
	}()
	for _, id := range ids {
		results <- run(id)
	}
}

// A worker pool: the workers finish, but the jobs channel stays open, so
// every worker waits forever for more.
func Pool(ids []int, workers int) {
	jobs := make(chan int, len(ids))
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		go func() {
			for id := range jobs { // want LEAK002
				store(run(id))
				wg.Done()
			}
		}()
	}
	wg.Add(len(ids))
	for _, id := range ids {
		jobs <- id
	}
	wg.Wait()
}

// A pipeline stage in a named function of the package.
func logAll(in chan Result) {
	for r := range in { // want LEAK002
		log.Println(r.ID, r.Err)
	}
}

func Audit(ids []int) {
	events := make(chan Result, 16)
	go logAll(events)
	for _, id := range ids {
		events <- run(id)
	}
}

// A `break` inside a select only leaves the select, not the range.
func Drain(ids []int, stop chan struct{}) {
	ch := make(chan int)
	go func() {
		for id := range ch { // want LEAK002
			select {
			case <-stop:
				break
			default:
				store(run(id))
			}
		}
	}()
	for _, id := range ids {
		ch <- id
	}
}
