// Command leakshapes puts a process into one of the shapes gopit's dump
// diagnoses must recognise (or must leave alone), with a known answer.
//
//	leakshapes -shape=handler-timeout [-requests N] [-grow-steps K]
//	    an HTTP handler gives up on its worker after a short timeout; the
//	    worker then blocks forever sending on an unbuffered channel
//	    (DUMP002 leak-suspect). The program drives N requests against its
//	    own server per step; after each step it prints "ready" and waits
//	    for "more" on stdin or SIGUSR1 before the next of K steps.
//	leakshapes -shape=nil-chan        receivers and senders on a nil channel (DUMP001)
//	leakshapes -shape=select-nocases  goroutines parked in select {} (DUMP001)
//	leakshapes -shape=all-asleep      every goroutine blocks; the runtime aborts with
//	    "fatal error: all goroutines are asleep - deadlock!" (DUMP007). No
//	    server. Build with CGO_ENABLED=0: with cgo the runtime does not
//	    notice, the process hangs, and only its SIGQUIT dump shows it.
//	leakshapes -shape=healthy-pool [-jobs N]  a busy, correct worker pool: a producer
//	    feeds N jobs (one per -interval) to 8 workers and closes the channel;
//	    a collector reads every result (no diagnosis)
//	leakshapes -shape=healthy-http [-load N]  an HTTP service under a bounded load
//	    (N requests in all) from its own client (no diagnosis)
//
// Every shape but all-asleep serves net/http/pprof on 127.0.0.1:0 and
// prints "listening http://127.0.0.1:PORT" first. With -serve=false,
// nil-chan, select-nocases and healthy-pool start no listener at all and
// print "listening none" (take their dumps with SIGQUIT). Once the shape's
// goroutines are in place it writes the -manifest file (the ground truth,
// in the format of internal/sites, plus "shape" and, for handler-timeout,
// "step_counts") and prints "ready". It then waits for SIGTERM or SIGINT
// and exits 0.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gopit.test/go/internal/sites"
)

var reg = &sites.Registry{Program: "leakshapes"}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "leakshapes: "+format+"\n", args...)
	os.Exit(1)
}

// clamp keeps a flag value within bounds, so no run is unbounded.
func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// shapeManifest is the internal/sites manifest with the shape's own fields.
type shapeManifest struct {
	*sites.Manifest
	Shape string `json:"shape"`
	// Healthy: no diagnosis of severity warning or error may fire.
	Healthy bool `json:"healthy,omitempty"`
	// Step and StepCounts (handler-timeout): the step just finished and
	// the leaked population after each step so far.
	Step       int   `json:"step,omitempty"`
	StepCounts []int `json:"step_counts,omitempty"`
}

// writeManifest writes the registry's manifest with the shape's fields.
func writeManifest(path string, m shapeManifest) {
	if path == "" {
		return
	}
	// WriteManifest reads the sites under the registry's lock; read the
	// result back rather than the live sites.
	if err := reg.WriteManifest(path); err != nil {
		fail("%v", err)
	}
	base, err := sites.ReadManifest(path)
	if err != nil {
		fail("%v", err)
	}
	m.Manifest = base
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		fail("%v", err)
	}
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		fail("%v", err)
	}
}

// locateOpen calls Locate until every site has been found, at one line,
// with at least one goroutine: for shapes whose goroutines are busy, so a
// site's population only sits at its blocking line from time to time.
func locateOpen(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := reg.Locate()
		if err == nil {
			for _, s := range reg.Sites() {
				if s.Count == 0 || s.Line == 0 {
					err = fmt.Errorf("site %q: not found yet", s.Site)
					break
				}
			}
		}
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// noServe is -serve=false: shapes that need no server of their own start
// none, so the process has no listener (dumps are then taken with SIGQUIT).
var noServe bool

// serve starts net/http/pprof (and whatever the shape registered on the
// default mux) on 127.0.0.1:0 and returns the base URL.
func serve() string {
	if noServe {
		fmt.Println("listening none")
		return ""
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("%v", err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	url := "http://" + ln.Addr().String()
	fmt.Println("listening " + url)
	return url
}

func main() {
	shape := flag.String("shape", "", "handler-timeout|nil-chan|select-nocases|all-asleep|healthy-pool|healthy-http")
	manifest := flag.String("manifest", "", "write the manifest to `FILE` once the goroutines are in place")
	requests := flag.Int("requests", 60, "handler-timeout: requests per step (1..10000)")
	load := flag.Int("load", 40000, "healthy-http: requests of the whole load, spread over 4 clients with 5 ms pauses (1..200000)")
	growSteps := flag.Int("grow-steps", 1, "handler-timeout: steps of -requests requests (1..20); before each step after the first, wait for \"more\" on stdin or SIGUSR1")
	concurrency := flag.Int("concurrency", 8, "handler-timeout: concurrent requests; healthy-http: connections, clients are at most 4 (1..16)")
	timeout := flag.Duration("timeout", 5*time.Millisecond, "handler-timeout: how long the handler waits for its worker")
	work := flag.Duration("work", 50*time.Millisecond, "handler-timeout: how long the worker computes (longer than -timeout)")
	jobs := flag.Int("jobs", 60000, "healthy-pool: jobs to feed, one per -interval (1..1000000)")
	interval := flag.Duration("interval", time.Millisecond, "healthy-pool: time between jobs")
	serveFlag := flag.Bool("serve", true, "nil-chan, select-nocases, healthy-pool: serve net/http/pprof; with -serve=false there is no listener at all (take dumps with SIGQUIT)")
	flag.Parse()
	noServe = !*serveFlag

	*requests = clamp(*requests, 1, 10000)
	*growSteps = clamp(*growSteps, 1, 20)
	*concurrency = clamp(*concurrency, 1, 16)
	*jobs = clamp(*jobs, 1, 1000000)
	*load = clamp(*load, 1, 200000)

	if noServe && (*shape == "handler-timeout" || *shape == "healthy-http") {
		fmt.Fprintln(os.Stderr, "leakshapes: -shape="+*shape+" needs its server")
		os.Exit(2)
	}
	if *shape == "all-asleep" {
		allAsleep(*manifest) // does not return: the runtime aborts
		return
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	switch *shape {
	case "handler-timeout":
		handlerTimeout(ctx, *manifest, *requests, *growSteps, *concurrency, *timeout, *work)
	case "nil-chan":
		serve()
		nilChan(*manifest)
	case "select-nocases":
		serve()
		selectNoCases(*manifest)
	case "healthy-pool":
		serve()
		healthyPool(*manifest, *jobs, *interval)
	case "healthy-http":
		healthyHTTP(ctx, *manifest, *load, *concurrency)
	default:
		fmt.Fprintln(os.Stderr, "leakshapes: -shape must be one of handler-timeout, nil-chan, select-nocases, all-asleep, healthy-pool, healthy-http")
		os.Exit(2)
	}
	<-ctx.Done()
}
