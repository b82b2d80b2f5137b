// Command leakprof leaks goroutines the way real code does (senders and
// receivers on channels that nothing else references any more) next to
// goroutines that are blocked but still reachable, and serves
// net/http/pprof so the goroutine-leak profile can be read.
//
// Build it with GOEXPERIMENT=goroutineleakprofile (Go 1.26); the profile is
// at /debug/pprof/goroutineleak?debug=0|1|2. Each read runs a special GC
// cycle that moves provably stuck goroutines to the leaked state.
//
// Flags: -manifest FILE writes the ground truth; sites with "leaked": true
// must appear in the leak profile, the others must not.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sync"
	"time"

	"gopit.test/go/internal/sites"
)

var reg = &sites.Registry{Program: "leakprof"}

// lookup asks a backend with a deadline. The worker's result channel is
// unbuffered, so when the deadline wins the worker blocks on its send with
// nobody left who could ever receive: the classic leak.
func lookup(s *sites.Site, key string, started *sync.WaitGroup) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	result := make(chan string)
	go func() {
		s.Enter()
		started.Done()
		time.Sleep(20 * time.Millisecond) // slower than the deadline
		result <- "value of " + key
	}()
	select {
	case v := <-result:
		_ = v
		return nil
	case <-ctx.Done():
		return errors.New("lookup " + key + ": timed out")
	}
}

// consume waits for work on a channel that its creator drops right away.
func consume(s *sites.Site, jobs <-chan int) {
	s.Enter()
	for j := range jobs {
		_ = j
	}
}

func startConsumers(s *sites.Site, n int) {
	for i := 0; i < n; i++ {
		jobs := make(chan int)
		go consume(s, jobs)
		// jobs goes out of scope here; nobody will close it.
	}
}

// waitBoth waits on two channels whose owners are gone.
func waitBoth(s *sites.Site, a, b chan struct{}) {
	s.Enter()
	select {
	case <-a:
	case <-b:
	}
}

// gather waits for workers that were never started: a WaitGroup that
// only this goroutine can see.
func gather(s *sites.Site) {
	s.Enter()
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Wait()
}

// healthy goroutines are blocked too, but on channels main still holds,
// so they can still be woken and are not leaks.
var (
	shutdown = make(chan struct{})
	queue    = make(chan int)
)

func idleWorker(s *sites.Site) {
	s.Enter()
	for {
		select {
		case <-shutdown:
			return
		case j := <-queue:
			_ = j
		}
	}
}

func main() {
	manifest := flag.String("manifest", "", "write the manifest to `FILE`")
	flag.Parse()

	s := reg.Add("leaked-send", "chan send", 9)
	s.Leaked = true
	s.Note = "worker sends its result after the caller gave up on it (context deadline)"
	var started sync.WaitGroup
	started.Add(s.Count)
	for i := 0; i < s.Count; i++ {
		lookup(s, fmt.Sprint("user-", i), &started)
	}
	started.Wait()

	s = reg.Add("leaked-range", "chan receive", 6)
	s.Leaked = true
	s.Note = "ranges over a channel that its creator dropped without closing"
	startConsumers(s, s.Count)

	s = reg.Add("leaked-select", "select", 4)
	s.Leaked = true
	s.Note = "selects on two channels nobody else references"
	for i := 0; i < s.Count; i++ {
		go waitBoth(s, make(chan struct{}), make(chan struct{}))
	}

	s = reg.Add("leaked-waitgroup", "sync.WaitGroup.Wait", 3)
	s.Leaked = true
	s.Note = "waits on a WaitGroup only it can see"
	for i := 0; i < s.Count; i++ {
		go gather(s)
	}

	s = reg.Add("healthy-idle", "select", 5)
	s.Note = "blocked on channels that main still references: not a leak"
	for i := 0; i < s.Count; i++ {
		go idleWorker(s)
	}

	if err := reg.WaitParked(20 * time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "leakprof:", err)
		os.Exit(1)
	}
	if *manifest != "" {
		if err := reg.WriteManifest(*manifest); err != nil {
			fmt.Fprintln(os.Stderr, "leakprof:", err)
			os.Exit(1)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "leakprof:", err)
		os.Exit(1)
	}
	fmt.Printf("LISTEN http://%s\n", ln.Addr())
	fmt.Println("READY")
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	<-shutdown
	close(queue)
}
