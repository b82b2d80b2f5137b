// Command watchsvc is a small HTTP service for `gopit watch`: it serves
// net/http/pprof on 127.0.0.1 and, in leaky mode, leaks one goroutine per
// request at a known line; in healthy mode the same handler is correct.
//
//   - GET /api/lookup: asks a backend worker for an answer and gives up
//     after -timeout. The worker sends its answer on a channel: unbuffered
//     in leaky mode, so a worker that answers late blocks forever on the
//     send (the line marked "watchsvc:leak-line"); buffered in healthy mode.
//   - GET /hello: answers at once (load for the overhead benchmark).
//   - -park N keeps N idle goroutines waiting on a channel from the start, so
//     watch can be measured against a target of that size.
//
// It prints "LISTEN http://ADDR" on stdout once it serves, and exits on
// SIGTERM or SIGINT.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"
)

var (
	addr    = flag.String("addr", "127.0.0.1:0", "listen address")
	mode    = flag.String("mode", "leaky", "leaky or healthy")
	timeout = flag.Duration("timeout", 20*time.Millisecond, "how long a lookup waits for its worker")
	slow    = flag.Duration("slow", 60*time.Millisecond, "how long a worker takes to answer")
	park    = flag.Int("park", 0, "idle goroutines to keep from the start")
)

type answer struct {
	key   string
	value int
}

// lookupBackend stands for a slow dependency: it answers after -slow.
func lookupBackend(key string) answer {
	time.Sleep(*slow)
	return answer{key: key, value: len(key)}
}

func lookupLeaky(key string) (answer, bool) {
	results := make(chan answer)
	go func() {
		results <- lookupBackend(key) // watchsvc:leak-line
	}()
	select {
	case a := <-results:
		return a, true
	case <-time.After(*timeout):
		return answer{}, false
	}
}

func lookupHealthy(key string) (answer, bool) {
	results := make(chan answer, 1)
	go func() {
		results <- lookupBackend(key)
	}()
	select {
	case a := <-results:
		return a, true
	case <-time.After(*timeout):
		return answer{}, false
	}
}

func handleLookup(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	lookup := lookupHealthy
	if *mode == "leaky" {
		lookup = lookupLeaky
	}
	if a, ok := lookup(key); ok {
		fmt.Fprintf(w, "%s=%d\n", a.key, a.value)
		return
	}
	http.Error(w, "backend timed out", http.StatusGatewayTimeout)
}

func parked(stop <-chan struct{}) {
	<-stop
}

func main() {
	flag.Parse()
	if *mode != "leaky" && *mode != "healthy" {
		log.Fatalf("-mode must be leaky or healthy, not %q", *mode)
	}
	stop := make(chan struct{})
	for i := 0; i < *park; i++ {
		go parked(stop)
	}
	http.HandleFunc("/api/lookup", handleLookup)
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	fmt.Printf("LISTEN http://%s\n", ln.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	close(stop)
	srv.Close()
}
