// Command deadlock blocks every goroutine it has, so the runtime stops it
// with "fatal error: all goroutines are asleep - deadlock!". Build it with
// CGO_ENABLED=0: with cgo in the binary the runtime may not notice.
//
// With -manifest FILE it first writes where the goroutines other than main
// block (main itself ends in done.Wait, state sync.WaitGroup.Wait).
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"gopit.test/go/internal/sites"
)

type ledger struct {
	mu      sync.Mutex
	entries []int
}

// transfer takes a's lock, then b's; run with (x, y) and (y, x) at the
// same time it deadlocks (lock order AB-BA).
func transfer(s *sites.Site, a, b *ledger, ready, start, done *sync.WaitGroup) {
	defer done.Done()
	a.mu.Lock()
	ready.Done()
	start.Wait()
	s.Enter()
	b.mu.Lock()
	b.entries = append(b.entries, len(a.entries))
	b.mu.Unlock()
	a.mu.Unlock()
}

// producer is small enough to be inlined into its go statement's wrapper;
// dumps show it as main.producer(...) with no arguments.
func producer(s *sites.Site, out chan<- int) {
	s.Enter()
	for i := 0; ; i++ {
		out <- i
	}
}

func main() {
	manifest := flag.String("manifest", "", "write the manifest to `FILE` before deadlocking")
	flag.Parse()
	reg := &sites.Registry{Program: "deadlock"}

	x, y := &ledger{}, &ledger{}
	var ready, start, done sync.WaitGroup
	ready.Add(2)
	start.Add(1)
	done.Add(2)
	lockOrder := reg.Add("lock-order", "sync.Mutex.Lock", 2)
	lockOrder.Note = "AB-BA: each goroutine holds one ledger's lock and waits for the other's"
	for _, pair := range [][2]*ledger{{x, y}, {y, x}} {
		go transfer(lockOrder, pair[0], pair[1], &ready, &start, &done)
	}
	ready.Wait()
	start.Done()

	prod := reg.Add("producer", "chan send", 1)
	ch := make(chan int)
	go producer(prod, ch)
	fmt.Fprintln(os.Stderr, "first value:", <-ch)

	if *manifest != "" {
		if err := reg.WaitParked(10 * time.Second); err != nil {
			fmt.Fprintln(os.Stderr, "deadlock:", err)
			os.Exit(1)
		}
		if err := reg.WriteManifest(*manifest); err != nil {
			fmt.Fprintln(os.Stderr, "deadlock:", err)
			os.Exit(1)
		}
	}
	done.Wait()
}
