// Package app uses package pool, rightly and wrongly; each line a rule of
// ../.gopit.yaml must report is marked with a want comment naming the rule.
package app

import (
	"errors"
	"io"
	"log"
	"net/http"
	"os"

	"example.com/userrules/pool"
)

var errBusy = errors.New("busy")

func Fetch(url string) (*http.Response, error) {
	return http.Get(url) // want ACME001
}

func FetchWith(c *http.Client, url string) (*http.Response, error) {
	return c.Get(url) // want ACME001
}

// Do is a method of the client the rule does not name.
func FetchDo(c *http.Client, req *http.Request) (*http.Response, error) {
	return c.Do(req)
}

func Die(err error) {
	if err != nil {
		log.Fatal(err) // want ACME002
	}
	os.Exit(1) // want ACME002
}

func Query(p *pool.Pool, busy bool) error {
	c := p.Get() // want ACME003
	if busy {
		return errBusy
	}
	c.Release()
	return nil
}

func QueryDeferred(p *pool.Pool, busy bool) error {
	c := p.Get()
	defer c.Release()
	if busy {
		return errBusy
	}
	return nil
}

// Returned: the caller releases it.
func Checkout(p *pool.Pool) *pool.Conn {
	c := p.Get()
	return c
}

func Drop(p *pool.Pool) {
	p.Get() // want ACME003
}

func Maintain(p *pool.Pool, fail bool) error {
	p.Pause() // want ACME004
	if fail {
		return errBusy
	}
	p.Resume()
	return nil
}

func MaintainDeferred(p *pool.Pool, fail bool) error {
	p.Pause()
	defer p.Resume()
	if fail {
		return errBusy
	}
	return nil
}

func Batch(items []string) error {
	pool.Begin() // want ACME005
	for _, it := range items {
		if it == "" {
			return errBusy
		}
	}
	pool.End()
	return nil
}

func BatchDeferred(items []string) {
	pool.Begin()
	defer pool.End()
	_ = items
}

func Copy(w io.Writer, n int) error {
	b := pool.Alloc(n) // want ACME006
	if _, err := w.Write(b); err != nil {
		return err
	}
	pool.Free(b)
	return nil
}

// io.Copy only borrows the buffer (borrowed-by): it is still ours to free.
func CopyBorrowed(w io.Writer, n int) {
	b := pool.Alloc(n) // want ACME006
	_, _ = io.CopyBuffer(w, nil, b)
}

// Handed to a function of the project: its business now.
func CopyHanded(n int) {
	b := pool.Alloc(n)
	keep(b)
}

func keep(b []byte) { _ = b }

func WatchOnce(name string) error {
	stop, err := pool.Watch(name) // want ACME007
	if err != nil {
		return err
	}
	if name == "x" {
		return nil
	}
	stop()
	return nil
}

func WatchDeferred(name string) error {
	stop, err := pool.Watch(name)
	if err != nil {
		return err
	}
	defer stop()
	return nil
}

func Suppressed() (*http.Response, error) {
	return http.Get("http://localhost/") //gopit:ignore ACME001 a test server, no timeout needed
}
