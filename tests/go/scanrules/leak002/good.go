package leak002

import (
	"context"
	"log"
	"sync"
)

// The producer closes the channel when it is done.
func ProcessClosed(ids []int) {
	results := make(chan Result)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r := range results {
			store(r)
		}
	}()
	for _, id := range ids {
		results <- run(id)
	}
	close(results)
	<-done
}

// A deferred close in the function.
func PoolClosed(ids []int, workers int) {
	jobs := make(chan int)
	defer close(jobs)
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			defer wg.Done()
			for id := range jobs {
				store(run(id))
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
}

// The sender goroutine closes it.
func Generated(n int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	go func() {
		for id := range ch {
			store(run(id))
		}
	}()
}

// The consumer has another way out.
func UntilCanceled(ctx context.Context, ids []int) {
	ch := make(chan int, len(ids))
	go func() {
		for id := range ch {
			if ctx.Err() != nil {
				return
			}
			store(run(id))
		}
	}()
	for _, id := range ids {
		ch <- id
	}
}

// The channel is handed to the caller, who closes it.
func Start() chan<- Result {
	ch := make(chan Result)
	go func() {
		for r := range ch {
			log.Println(r.ID)
		}
	}()
	return ch
}

// A named consumer function that closes what it is given when done is
// someone else's business, but this one is closed by its starter.
func AuditClosed(ids []int) {
	events := make(chan Result, 16)
	go logAll(events)
	for _, id := range ids {
		events <- run(id)
	}
	close(events)
}

// main's consumers live as long as the process.
func main() {
	ch := make(chan int)
	go func() {
		for id := range ch {
			store(run(id))
		}
	}()
	ch <- 1
}
