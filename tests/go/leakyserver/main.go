// Command leakyserver is a small order-search HTTP service with the leaks
// real services have. Driven with tests/go/loadgen, its goroutine dump is
// the demo newcomers see.
//
//   - GET /api/search: the handler starts a backend worker that sends its
//     hits on an unbuffered channel and gives up after 40 ms. Wildcard
//     queries take longer than that, and their workers block forever on
//     the send.
//   - POST /api/subscribe: registers a subscriber whose delivery goroutine
//     ranges over a channel that is never closed, not even when the client
//     goes away.
//   - GET /api/report: builds a report while holding the service mutex and
//     calls an upstream that never answers, so every later report request
//     piles up on the mutex.
//   - Healthy background work: a pool of job workers, a metrics flusher
//     and a cache janitor, all idle.
//
// It listens on 127.0.0.1:0, prints "LISTEN http://ADDR" and "READY" on
// stdout and serves net/http/pprof next to the API. On SIGTERM it writes
// the -manifest file (populations counted from the runtime's goroutine
// profile at that moment) and exits.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"gopit.test/go/internal/sites"
)

var reg = &sites.Registry{Program: "leakyserver"}

var (
	siteSearchSend   = reg.AddOpen("search-worker-send", "chan send")
	siteSubscriber   = reg.AddOpen("subscriber-range", "chan receive")
	siteReportLock   = reg.AddOpen("report-lock-pileup", "sync.Mutex.Lock")
	siteUpstream     = reg.AddOpen("report-upstream-wait", "chan receive")
	siteJobWorker    = reg.AddOpen("job-worker-idle", "select")
	siteFlusher      = reg.AddOpen("metrics-flusher", "select")
	siteCacheJanitor = reg.AddOpen("cache-janitor", "sleep")
)

type hit struct {
	OrderID string  `json:"order_id"`
	Score   float64 `json:"score"`
}

type event struct {
	Topic string
	Body  []byte
}

type job struct {
	ID   int
	Kind string
}

type service struct {
	log *log.Logger

	// mu guards report generation.
	mu          sync.Mutex
	lastReport  time.Time
	upstreamRes chan []byte

	subsMu sync.Mutex
	subs   map[string][]chan event

	jobs chan job

	cacheMu sync.Mutex
	cache   map[string][]hit
}

func newService(logger *log.Logger) *service {
	return &service{
		log:         logger,
		upstreamRes: make(chan []byte),
		subs:        map[string][]chan event{},
		jobs:        make(chan job),
		cache:       map[string][]hit{},
	}
}

// searchBackend pretends to query the index. Wildcards are slow.
func (s *service) searchBackend(q string, out chan []hit) {
	siteSearchSend.Enter()
	latency := 2 * time.Millisecond
	if strings.Contains(q, "*") {
		latency = 120 * time.Millisecond
	}
	time.Sleep(latency)
	hits := []hit{{OrderID: "ord-" + strings.Trim(q, "*"), Score: 0.93}}
	out <- hits
}

func (s *service) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if q == "" {
		http.Error(w, "missing q", http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 40*time.Millisecond)
	defer cancel()

	results := make(chan []hit)
	go s.searchBackend(q, results)

	select {
	case hits := <-results:
		s.cacheMu.Lock()
		s.cache[q] = hits
		s.cacheMu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(hits)
	case <-ctx.Done():
		http.Error(w, "search backend timed out", http.StatusGatewayTimeout)
	}
}

// deliver forwards a topic's events to one subscriber. Nothing closes ch.
func (s *service) deliver(topic string, ch chan event) {
	siteSubscriber.Enter()
	for ev := range ch {
		s.log.Printf("deliver %s: %d bytes", topic, len(ev.Body))
	}
}

func (s *service) handleSubscribe(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	topic := r.URL.Query().Get("topic")
	if topic == "" {
		topic = "orders"
	}
	ch := make(chan event)
	s.subsMu.Lock()
	s.subs[topic] = append(s.subs[topic], ch)
	s.subsMu.Unlock()
	go s.deliver(topic, ch)
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "subscribed to %s\n", topic)
}

// callUpstream waits for the billing service; it ignores ctx.
func (s *service) callUpstream(ctx context.Context, month string) []byte {
	siteUpstream.Enter()
	_ = ctx
	return <-s.upstreamRes
}

func (s *service) report(ctx context.Context, month string) []byte {
	siteReportLock.Enter()
	s.mu.Lock()
	defer s.mu.Unlock()
	body := s.callUpstream(ctx, month)
	s.lastReport = time.Now()
	return body
}

func (s *service) handleReport(w http.ResponseWriter, r *http.Request) {
	month := r.URL.Query().Get("month")
	if month == "" {
		month = time.Now().Format("2006-01")
	}
	w.Write(s.report(r.Context(), month))
}

func (s *service) jobWorker(ctx context.Context, id int) {
	siteJobWorker.Enter()
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-s.jobs:
			s.log.Printf("worker %d: job %d (%s)", id, j.ID, j.Kind)
		}
	}
}

func (s *service) flushMetrics(ctx context.Context, every time.Duration) {
	siteFlusher.Enter()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.cacheMu.Lock()
			n := len(s.cache)
			s.cacheMu.Unlock()
			s.log.Printf("metrics: cache_entries=%d", n)
		}
	}
}

func (s *service) cacheJanitor() {
	siteCacheJanitor.Enter()
	for {
		time.Sleep(15 * time.Minute)
		s.cacheMu.Lock()
		s.cache = map[string][]hit{}
		s.cacheMu.Unlock()
	}
}

func main() {
	manifest := flag.String("manifest", "", "on SIGTERM, write the manifest to `FILE`")
	workers := flag.Int("workers", 4, "job workers")
	flag.Parse()

	logger := log.New(os.Stderr, "orders-api ", log.LstdFlags|log.Lmicroseconds)
	svc := newService(logger)

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	for i := 0; i < *workers; i++ {
		go svc.jobWorker(ctx, i)
	}
	go svc.flushMetrics(ctx, 10*time.Second)
	go svc.cacheJanitor()

	mux := http.DefaultServeMux
	mux.HandleFunc("/api/search", svc.handleSearch)
	mux.HandleFunc("/api/subscribe", svc.handleSubscribe)
	mux.HandleFunc("/api/report", svc.handleReport)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		logger.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			logger.Fatal(err)
		}
	}()
	logger.Printf("listening on %s", ln.Addr())
	fmt.Printf("LISTEN http://%s\n", ln.Addr())
	fmt.Println("READY")

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
	logger.Printf("shutting down")
	if *manifest != "" {
		if err := reg.Locate(); err != nil {
			logger.Printf("manifest: %v", err)
		}
		if err := reg.WriteManifest(*manifest); err != nil {
			logger.Fatal(err)
		}
	}
}
