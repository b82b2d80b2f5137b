// Command loadgen drives a bounded, deterministic load against
// tests/go/leakyserver on 127.0.0.1, then keeps its idle keep-alive
// connections open for -hold so a dump taken meanwhile shows them.
//
//	loadgen -url http://127.0.0.1:PORT [-search 240] [-wildcard 180] [-subscribe 60] [-report 24] [-c 8] [-hold 30s]
//
// It prints a summary line and then "LOADED" on stdout when the load is
// done.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

var terms = []string{
	"laptop", "monitor", "keyboard", "headset", "dock", "webcam", "chair",
	"desk", "cable", "charger", "mouse", "tablet",
}

type request struct {
	method string
	path   string
}

func main() {
	base := flag.String("url", "", "service base `URL`")
	nSearch := flag.Int("search", 240, "search requests in all")
	nWild := flag.Int("wildcard", 180, "how many of the searches use a (slow) wildcard")
	nSub := flag.Int("subscribe", 60, "subscribe requests")
	nReport := flag.Int("report", 24, "report requests")
	conc := flag.Int("c", 8, "concurrent clients")
	hold := flag.Duration("hold", 30*time.Second, "keep idle connections open this long after the load")
	flag.Parse()
	if *base == "" || *nWild > *nSearch {
		flag.Usage()
		os.Exit(2)
	}

	var reqs []request
	for i := 0; i < *nSearch; i++ {
		q := terms[i%len(terms)]
		if i < *nWild {
			q = q[:3] + "*"
		}
		reqs = append(reqs, request{"GET", "/api/search?q=" + url.QueryEscape(q)})
	}
	for i := 0; i < *nSub; i++ {
		reqs = append(reqs, request{"POST", fmt.Sprintf("/api/subscribe?topic=%s", []string{"orders", "refunds", "shipments"}[i%3])})
	}
	for i := 0; i < *nReport; i++ {
		reqs = append(reqs, request{"GET", fmt.Sprintf("/api/report?month=2024-%02d", 1+i%12)})
	}
	// Interleave the kinds so the load looks like traffic, deterministically.
	mixed := make([]request, 0, len(reqs))
	for stride := 0; stride < 7; stride++ {
		for i := stride; i < len(reqs); i += 7 {
			mixed = append(mixed, reqs[i])
		}
	}

	tr := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: *conc, IdleConnTimeout: 5 * time.Minute}
	client := &http.Client{Transport: tr, Timeout: 300 * time.Millisecond}

	work := make(chan request)
	var wg sync.WaitGroup
	var ok, failed atomic.Int64
	for w := 0; w < *conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rq := range work {
				req, err := http.NewRequest(rq.method, *base+rq.path, nil)
				if err != nil {
					failed.Add(1)
					continue
				}
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode < 300 {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	for _, rq := range mixed {
		work <- rq
	}
	close(work)
	wg.Wait()

	// Touch every idle connection once more with a cheap request so the
	// pool holds -c live keep-alive connections.
	var hw sync.WaitGroup
	for i := 0; i < *conc; i++ {
		hw.Add(1)
		go func() {
			defer hw.Done()
			resp, err := client.Get(*base + "/healthz")
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	hw.Wait()

	fmt.Printf("requests=%d ok=%d failed_or_timed_out=%d\n", len(mixed), ok.Load(), failed.Load())
	fmt.Println("LOADED")
	time.Sleep(*hold)
}
