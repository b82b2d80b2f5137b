// Command daemon is a healthy long-lived service, the shape gopit must not
// call a leak however long its goroutines have waited: a signal handler
// (signal.Notify), a ticker loop, a config watcher waiting for reloads, a
// database/sql pool (with a driver registered here), and an HTTP server
// with keep-alive clients that stay connected.
//
//	daemon [-clients N] [-wait D] [-out FILE]
//
// It serves on 127.0.0.1:0, connects N keep-alive clients that make one
// request each and stay idle, waits D (the runtime prints a goroutine's
// wait minutes from one minute on, counted from a GC that saw it blocked,
// so it forces a GC every few seconds), then writes
// /debug/pprof/goroutine?debug=2 of itself to FILE and exits.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// A database/sql driver that needs no server: enough for a pool.
type fakeDriver struct{}
type fakeConn struct{}

func (fakeDriver) Open(string) (driver.Conn, error) { return fakeConn{}, nil }
func (fakeConn) Prepare(string) (driver.Stmt, error) {
	return nil, errors.New("not supported")
}
func (fakeConn) Close() error               { return nil }
func (fakeConn) Begin() (driver.Tx, error)  { return nil, errors.New("not supported") }
func (fakeConn) Ping(context.Context) error { return nil }

// watchConfig waits for reload requests, as a config watcher does.
func watchConfig(reload <-chan struct{}) {
	for range reload {
	}
}

// tick runs housekeeping every hour: it waits in select nearly always.
func tick(stop <-chan struct{}) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-stop:
			return
		}
	}
}

func main() {
	clients := flag.Int("clients", 8, "keep-alive clients")
	wait := flag.Duration("wait", 70*time.Second, "how long to run before the dump")
	out := flag.String("out", "daemon.txt", "where to write the dump")
	flag.Parse()

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	stop := make(chan struct{})
	go func() {
		<-sigs
		close(stop)
	}()
	go tick(stop)
	go watchConfig(make(chan struct{}))

	sql.Register("fake", fakeDriver{})
	db, err := sql.Open("fake", "")
	if err != nil {
		panic(err)
	}
	if err := db.Ping(); err != nil {
		panic(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello")
	})
	go http.Serve(ln, nil)
	base := "http://" + ln.Addr().String()

	// Keep-alive clients: one request each over its own Transport, body
	// read and closed, connection kept in the pool.
	for i := 0; i < *clients; i++ {
		c := &http.Client{Transport: &http.Transport{}}
		resp, err := c.Get(base + "/hello")
		if err != nil {
			panic(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	deadline := time.Now().Add(*wait)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(5 * time.Second)
	}
	resp, err := http.Get(base + "/debug/pprof/goroutine?debug=2")
	if err != nil {
		panic(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		panic(err)
	}
	_ = db.Close()
}
