// Package leak003 holds the shapes LEAK003 (loop-without-exit) must
// report: each `want` comment names the rule expected on its line.
package leak003

import (
	"context"
	"log"
	"net"
	"sync"
	"time"
)

// A cache whose janitor cannot be stopped: every cache made leaks one.
type Cache struct {
	mu    sync.Mutex
	items map[string]time.Time
}

func NewCache(ttl time.Duration) *Cache {
	c := &Cache{items: map[string]time.Time{}}
	go func() {
		t := time.NewTicker(ttl)
		for { // want LEAK003
			select {
			case now := <-t.C:
				c.mu.Lock()
				for k, exp := range c.items {
					if now.After(exp) {
						delete(c.items, k)
					}
				}
				c.mu.Unlock()
			}
		}
	}()
	return c
}

// A client whose keep-alive loop is a method started per client: the
// `break` only leaves the select.
type Client struct {
	conn  net.Conn
	pings chan struct{}
	quit  chan struct{}
}

func (c *Client) Start() {
	go c.keepAlive()
}

func (c *Client) keepAlive() {
	for { // want LEAK003
		select {
		case <-c.pings:
			c.conn.Write([]byte("ping"))
		case <-c.quit:
			break
		}
	}
}

// A connection handler whose ctx.Done() case forgets to return: it spins.
func handle(ctx context.Context, conn net.Conn, msgs <-chan []byte) {
	go func() {
		for { // want LEAK003
			select {
			case <-ctx.Done():
				conn.Close()
			case m := <-msgs:
				conn.Write(m)
			}
		}
	}()
}

// A pipeline stage that forwards forever; the closed-input check only
// logs.
type Stage struct {
	in  chan int
	out chan int
}

func (s *Stage) Run() {
	go func() {
		for { // want LEAK003
			select {
			case v, ok := <-s.in:
				if !ok {
					log.Print("input closed")
					continue
				}
				s.out <- v
			}
		}
	}()
}

// A labelled continue to the loop itself is not a way out.
func NewPoller(ctx context.Context, poll func() error) {
	go func() {
	loop:
		for { // want LEAK003
			select {
			case <-time.After(time.Second):
				if err := poll(); err != nil {
					continue loop
				}
			}
		}
	}()
}

func NewStage() *Stage { return &Stage{in: make(chan int), out: make(chan int)} }
