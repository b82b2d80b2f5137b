package rt003

import (
	"log"
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// The finalizer uses its parameter, which shadows the outer variable.
type Listener struct {
	ln net.Listener
}

func Listen(addr string) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	l := &Listener{ln: ln}
	runtime.SetFinalizer(l, func(l *Listener) { l.ln.Close() })
	return l, nil
}

// A method expression, not a method value: nothing is bound.
type dbFile struct {
	f *os.File
}

func (d *dbFile) close() { d.f.Close() }

func openDB(path string) (*dbFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	d := &dbFile{f: f}
	runtime.SetFinalizer(d, (*dbFile).close)
	return d, nil
}

// Reporting without waiting: a buffered channel, a select with default,
// or a goroutine for the slow part.
var leakReports = make(chan string, 64)

type Stmt struct{ query string }

func Prepare(query string) *Stmt {
	s := &Stmt{query: query}
	runtime.SetFinalizer(s, func(s *Stmt) {
		leakReports <- s.query
	})
	return s
}

type Cursor struct {
	id      int
	dropped chan int
}

func NewCursor(id int, dropped chan int) *Cursor {
	c := &Cursor{id: id, dropped: dropped}
	runtime.SetFinalizer(c, func(c *Cursor) {
		select {
		case c.dropped <- c.id:
		default:
			log.Printf("cursor %d leaked; report dropped", c.id)
		}
	})
	return c
}

type Upload struct{ path string }

func NewUpload(path string) *Upload {
	u := &Upload{path: path}
	runtime.SetFinalizer(u, func(u *Upload) {
		path := u.path
		go func() {
			time.Sleep(time.Second)
			os.Remove(path)
		}()
	})
	return u
}

// Closing a channel does not wait.
type Stream struct {
	done chan struct{}
}

func NewStream() *Stream {
	s := &Stream{done: make(chan struct{})}
	runtime.SetFinalizer(s, func(s *Stream) { close(s.done) })
	return s
}

// Releasing a semaphore slot: the slot is held, so the receive does not
// wait.
var slots = make(chan struct{}, 8)

type Job struct{ name string }

func StartJob(name string) *Job {
	slots <- struct{}{}
	j := &Job{name: name}
	runtime.SetFinalizer(j, func(j *Job) { <-slots })
	return j
}

// Removing a finalizer.
func (l *Listener) Close() error {
	runtime.SetFinalizer(l, nil)
	return l.ln.Close()
}

// A cleanup given only what it releases: a copy of the descriptor.
type Pipe struct {
	r, w int
}

func NewPipe() (*Pipe, error) {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		return nil, err
	}
	p := &Pipe{r: fds[0], w: fds[1]}
	runtime.SetFinalizer(p, func(p *Pipe) {
		syscall.Close(p.r)
		syscall.Close(p.w)
	})
	return p, nil
}

// The closure mentions another object, not the one it is set on.
type Child struct{ parent *Parent }

type Parent struct{ children int }

func (p *Parent) NewChild() *Child {
	p.children++
	c := &Child{parent: p}
	runtime.SetFinalizer(c, func(_ *Child) {
		log.Printf("child of %p collected", p)
	})
	return c
}
