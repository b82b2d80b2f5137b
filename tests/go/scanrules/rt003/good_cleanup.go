//go:build go1.24

package rt003

import (
	"os"
	"runtime"
	"syscall"
)

// The arg is a copy of what the cleanup releases, not the object.
type Conn2 struct {
	fd   int
	addr string
}

func NewConn2(fd int, addr string) *Conn2 {
	c := &Conn2{fd: fd, addr: addr}
	runtime.AddCleanup(c, func(fd int) { syscall.Close(fd) }, c.fd)
	return c
}

// A struct value copied out of the object holds no pointer to it.
type spool struct {
	dir  string
	keep bool
}

type Spool struct {
	spool
	files []string
}

func NewSpool(dir string) *Spool {
	s := &Spool{spool: spool{dir: dir}}
	runtime.AddCleanup(s, func(sp spool) {
		if !sp.keep {
			os.RemoveAll(sp.dir)
		}
	}, s.spool)
	return s
}

// A cleanup that closes a channel the caller waits on.
func WatchCollected(p *int) <-chan struct{} {
	done := make(chan struct{})
	runtime.AddCleanup(p, func(ch chan struct{}) { close(ch) }, done)
	return done
}
