// Package leak012 holds the shapes LEAK012 (server-without-timeouts) must
// report: each `want` comment names the rule expected on its line.
package leak012

import (
	"log"
	"net/http"
	"time"
)

func hello(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }

// The one-liner server.
func Serve(addr string) {
	http.HandleFunc("/", hello)
	log.Fatal(http.ListenAndServe(addr, nil)) // want LEAK012
}

// TLS, same problem.
func ServeTLS(addr, cert, key string, h http.Handler) error {
	return http.ListenAndServeTLS(addr, cert, key, h) // want LEAK012
}

// A server with write and idle timeouts but no read timeout.
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{ // want LEAK012
		Addr:         addr,
		Handler:      h,
		WriteTimeout: 10 * time.Second,
		IdleTimeout:  time.Minute,
	}
}

// A metrics side server started from a method.
type App struct {
	metrics *http.Server
}

func (a *App) startMetrics(mux *http.ServeMux) {
	a.metrics = &http.Server{Addr: ":9090", Handler: mux} // want LEAK012
	go a.metrics.ListenAndServe()
}

// A value literal whose other timeout is set later.
func run(h http.Handler) error {
	srv := http.Server{Addr: ":8080", Handler: h} // want LEAK012
	srv.WriteTimeout = 5 * time.Second
	return srv.ListenAndServe()
}
