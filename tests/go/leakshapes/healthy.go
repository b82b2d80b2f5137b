package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"gopit.test/go/internal/sites"
)

// ---------------------------------------------------------------- healthy-pool

type job struct {
	id      int
	payload []byte
}

type result struct {
	id  int
	sum [32]byte
}

// poolWorker takes jobs until the producer closes the channel.
func poolWorker(s *sites.Site, jobs <-chan job, results chan<- result, wg *sync.WaitGroup) {
	defer wg.Done()
	s.Enter()
	for j := range jobs { // idle workers wait here for the next job
		results <- result{id: j.id, sum: sha256.Sum256(j.payload)}
	}
}

// produce feeds n jobs at a steady rate, then closes the channel.
func produce(s *sites.Site, jobs chan<- job, n int, every time.Duration) {
	defer close(jobs)
	tick := time.NewTicker(every)
	defer tick.Stop()
	s.Enter()
	for i := 0; i < n; i++ {
		<-tick.C // paced by the ticker
		jobs <- job{id: i, payload: make([]byte, 512)}
	}
}

// closeResults closes results once every worker has returned.
func closeResults(s *sites.Site, wg *sync.WaitGroup, results chan<- result) {
	s.Enter()
	wg.Wait() // returns when the producer has closed jobs and the workers drained it
	close(results)
}

// collect reads every result until results is closed.
func collect(s *sites.Site, results <-chan result, done *atomic.Int64) {
	s.Enter()
	for r := range results { // waits for the next result
		_ = r.sum
		done.Add(1)
	}
}

func healthyPool(manifest string, n int, every time.Duration) {
	const workers = 8
	jobs := make(chan job)
	results := make(chan result)
	var wg sync.WaitGroup
	var done atomic.Int64

	ws := reg.AddOpen("pool-worker", "chan receive")
	ws.Note = "idle workers ranging over the job channel; a busy one is elsewhere, so the count varies"
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go poolWorker(ws, jobs, results, &wg)
	}
	cs := reg.AddOpen("pool-closer", "sync.WaitGroup.Wait")
	cs.Note = "closes results after the workers return"
	go closeResults(cs, &wg, results)
	rs := reg.AddOpen("pool-collector", "chan receive")
	rs.Note = "ranges over the results"
	go collect(rs, results, &done)
	ps := reg.AddOpen("pool-producer", "chan receive")
	ps.Note = "waits for its ticker between jobs; closes the job channel after the last"
	go produce(ps, jobs, n, every)

	if err := locateOpen(30 * time.Second); err != nil {
		fail("pool did not settle: %v", err)
	}
	// Let some work through before declaring the pool busy.
	for i := 0; i < 2000 && done.Load() < 20; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	writeManifest(manifest, shapeManifest{Shape: "healthy-pool", Healthy: true})
	fmt.Println("ready")
}

// ---------------------------------------------------------------- healthy-http

type item struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Price int    `json:"price"`
}

// handleItems stands for a handler that reads from a database: a short,
// bounded wait, then a JSON answer.
func handleItems(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		http.Error(w, "cancelled", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode([]item{{1, "widget", 250}, {2, "gadget", 990}})
}

// loadClient sends requests one after the other, with a pause between
// them, until it has sent n or the context ends. Every body is drained and
// closed; the client has a timeout.
func loadClient(s *sites.Site, ctx context.Context, client *http.Client, url string, n int, sent *atomic.Int64) {
	s.Enter()
	for i := 0; i < n && ctx.Err() == nil; i++ {
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			sent.Add(1)
		} else if ctx.Err() == nil {
			fmt.Fprintln(os.Stderr, "leakshapes: request:", err)
		}
		time.Sleep(5 * time.Millisecond) // think time between requests
	}
}

func healthyHTTP(ctx context.Context, manifest string, total, conc int) {
	http.HandleFunc("/api/items", handleItems)
	base := serve()
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc},
	}
	clients := conc
	if clients > 4 {
		clients = 4
	}
	// -load bounds the whole load; each client sends its share.
	per := (total + clients - 1) / clients
	var sent atomic.Int64
	s := reg.AddOpen("load-client", "sleep")
	s.Note = "clients between requests (think time); a client in a request is elsewhere, so the count varies"
	for i := 0; i < clients; i++ {
		go loadClient(s, ctx, client, base+"/api/items", per, &sent)
	}
	if err := locateOpen(30 * time.Second); err != nil {
		fail("load did not settle: %v", err)
	}
	for i := 0; i < 2000 && sent.Load() < 20; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	writeManifest(manifest, shapeManifest{Shape: "healthy-http", Healthy: true})
	fmt.Println("ready")
}
