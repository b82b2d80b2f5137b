// Package rt003 holds the shapes RT003 (finalizer-pitfall) must report:
// each `want` comment names the rule expected on its line.
package rt003

import (
	"log"
	"net"
	"os"
	"runtime"
	"sync"
	"time"
)

// A connection wrapper whose finalizer closes over the wrapper itself: the
// wrapper is reachable from its own finalizer and is never collected.
type Conn struct {
	nc     net.Conn
	closed bool
}

func (c *Conn) Close() error {
	c.closed = true
	return c.nc.Close()
}

func Dial(addr string) (*Conn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &Conn{nc: nc}
	runtime.SetFinalizer(c, func(_ *Conn) { // want RT003
		c.Close()
	})
	return c, nil
}

// A finalizer given as a method value: it is bound to t.
type tempFile struct {
	f *os.File
}

func (t *tempFile) remove(_ *tempFile) {
	t.f.Close()
	os.Remove(t.f.Name())
}

func newTempFile() (*tempFile, error) {
	f, err := os.CreateTemp("", "upload-*")
	if err != nil {
		return nil, err
	}
	t := &tempFile{f: f}
	runtime.SetFinalizer(t, t.remove) // want RT003
	return t, nil
}

// The finalizer is set on a field, and the closure holds the struct that
// points to it.
type buffer struct{ data []byte }

type Writer struct {
	buf *buffer
	out *os.File
}

func NewWriter(out *os.File) *Writer {
	w := &Writer{buf: &buffer{}, out: out}
	runtime.SetFinalizer(w.buf, func(b *buffer) { // want RT003
		w.out.Write(b.data)
	})
	return w
}

// A session whose finalizer waits before closing: every other finalizer of
// the process waits behind it.
type Session struct {
	conn net.Conn
}

func NewSession(conn net.Conn) *Session {
	s := &Session{conn: conn}
	runtime.SetFinalizer(s, func(s *Session) {
		time.Sleep(100 * time.Millisecond) // want RT003
		s.conn.Close()
	})
	return s
}

// A leak reporter whose reading goroutine was never written: the send
// blocks the finalizer goroutine for good.
type Resource struct {
	id int
}

func Track(r *Resource) {
	lost := make(chan int)
	runtime.SetFinalizer(r, func(r *Resource) {
		lost <- r.id // want RT003
	})
}

// A worker pool whose finalizer, a method expression, waits for its
// goroutines.
type Pool struct {
	quit chan struct{}
	wg   *sync.WaitGroup
}

func (p *Pool) finalize() {
	close(p.quit)
	p.wg.Wait() // want RT003
}

func NewPool(n int) *Pool {
	quit := make(chan struct{})
	wg := &sync.WaitGroup{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-quit
		}()
	}
	p := &Pool{quit: quit, wg: wg}
	runtime.SetFinalizer(p, (*Pool).finalize)
	return p
}

// A named finalizer function that waits for an acknowledgement.
type handle struct {
	fd  int
	ack chan bool
}

func closeHandle(h *handle) {
	log.Printf("closing leaked handle %d", h.fd)
	<-h.ack // want RT003
}

func openHandle(fd int) *handle {
	h := &handle{fd: fd, ack: make(chan bool)}
	runtime.SetFinalizer(h, closeHandle)
	return h
}

// A metrics hook whose finalizer takes the registry lock: it waits while a
// scrape holds it.
type registry struct {
	mu   sync.Mutex
	live map[int]bool
}

var metrics = &registry{live: map[int]bool{}}

type Object struct{ id int }

func NewObject(id int) *Object {
	o := &Object{id: id}
	metrics.mu.Lock()
	metrics.live[id] = true
	metrics.mu.Unlock()
	runtime.SetFinalizer(o, func(o *Object) {
		metrics.mu.Lock() // want RT003
		delete(metrics.live, o.id)
		metrics.mu.Unlock()
	})
	return o
}

// A finalizer that waits for a reply in a select without default.
type lease struct {
	name    string
	release chan string
	done    chan struct{}
}

func newLease(name string, release chan string, done chan struct{}) *lease {
	l := &lease{name: name, release: release, done: done}
	runtime.SetFinalizer(l, func(l *lease) {
		select { // want RT003
		case l.release <- l.name:
		case <-l.done:
		}
	})
	return l
}

// A finalizer that reports on a field channel nothing in the package
// receives from.
type tracker struct {
	events chan string
}

var leaks = &tracker{events: make(chan string)}

type Txn struct{ id string }

func Begin(id string) *Txn {
	t := &Txn{id: id}
	runtime.SetFinalizer(t, func(t *Txn) {
		leaks.events <- t.id // want RT003
	})
	return t
}
