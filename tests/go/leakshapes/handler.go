package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gopit.test/go/internal/sites"
)

// searchApp is a service whose handler gives its backend worker a
// deadline but hands the result over on an unbuffered channel: once the
// handler has timed out and returned, nobody will ever receive, and the
// worker blocks on its send for the rest of the process's life. One
// goroutine leaks per timed-out request.
type searchApp struct {
	site     *sites.Site
	timeout  time.Duration
	work     time.Duration
	timeouts atomic.Int64
}

// search stands for the slow backend call.
func (a *searchApp) search(q string) string {
	time.Sleep(a.work)
	return "results for " + q
}

func (a *searchApp) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	result := make(chan string) // unbuffered: the bug
	go func() {
		a.site.Enter()
		v := a.search(q)
		result <- v // blocks forever once the handler has given up
	}()
	select {
	case v := <-result:
		fmt.Fprintln(w, v)
	case <-time.After(a.timeout):
		a.timeouts.Add(1)
		http.Error(w, "search timed out", http.StatusGatewayTimeout)
	}
}

// drive sends n requests to the service, at most conc at a time, and
// waits for every answer. Bodies are drained and closed.
func drive(client *http.Client, base string, first, n, conc int) (failed int) {
	var wg sync.WaitGroup
	var bad atomic.Int64
	sem := make(chan struct{}, conc)
	for i := first; i < first+n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			resp, err := client.Get(fmt.Sprintf("%s/search?q=item-%d", base, i))
			if err != nil {
				bad.Add(1)
				fmt.Fprintln(os.Stderr, "leakshapes: request:", err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}(i)
	}
	wg.Wait()
	return int(bad.Load())
}

// moreRequests delivers one value per "more" line on stdin and per SIGUSR1.
func moreRequests() <-chan struct{} {
	more := make(chan struct{}, 16)
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	go func() {
		for range usr1 {
			more <- struct{}{}
		}
	}()
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "more" {
				more <- struct{}{}
			}
		}
	}()
	return more
}

func handlerTimeout(ctx context.Context, manifest string, requests, steps, conc int, timeout, work time.Duration) {
	if work <= timeout {
		fail("-work (%v) must be longer than -timeout (%v)", work, timeout)
	}
	site := reg.Add("search-worker-send", "chan send", 0)
	site.Note = "worker sends its result on an unbuffered channel after the handler timed out; one per timed-out request, growing with every step"
	app := &searchApp{site: site, timeout: timeout, work: work}
	http.HandleFunc("/search", app.handleSearch)
	base := serve()

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc},
	}
	var more <-chan struct{}
	if steps > 1 {
		more = moreRequests()
	}
	var counts []int
	for step := 1; step <= steps; step++ {
		if step > 1 {
			select {
			case <-more:
			case <-ctx.Done():
				return
			}
		}
		failed := drive(client, base, (step-1)*requests, requests, conc)
		// The client's keep-alive connections are not part of the shape.
		client.CloseIdleConnections()
		site.Count = int(app.timeouts.Load())
		if err := reg.WaitParked(60 * time.Second); err != nil {
			fail("step %d: workers did not park: %v", step, err)
		}
		// The runtime starts a parked goroutine's wait clock (the
		// ", N minutes" of its header) at the first GC that sees it.
		runtime.GC() //gopit:ignore RT001 starts the wait clocks the tests read
		counts = append(counts, site.Count)
		writeManifest(manifest, shapeManifest{Shape: "handler-timeout", Step: step, StepCounts: counts})
		fmt.Printf("step %d: %d requests, %d failed, %d workers leaked in all\n", step, requests, failed, site.Count)
		fmt.Println("ready")
	}
}
