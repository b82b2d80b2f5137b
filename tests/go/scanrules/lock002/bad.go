// Package lock002 holds the shapes LOCK002 (blocking-under-lock) must
// report: each `want` comment names the rule expected on its line.
package lock002

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

type Job func()

// A worker pool whose Submit sends on the unbuffered job channel with the
// lock held; a worker finishing a job needs the lock to report it.
type Pool struct {
	mu      sync.Mutex
	pending int
	jobs    chan Job
	wg      sync.WaitGroup
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan Job)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for job := range p.jobs {
		job()
		p.mu.Lock()
		p.pending--
		p.mu.Unlock()
	}
}

func (p *Pool) Submit(job Job) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending++
	p.jobs <- job // want LOCK002
}

// Shutdown waits for the workers while holding the lock they need.
func (p *Pool) Shutdown() {
	p.mu.Lock()
	close(p.jobs)
	p.wg.Wait() // want LOCK002
	p.mu.Unlock()
}

// A rate limiter that sleeps off the backoff with the lock held: every
// other request waits behind it.
type Limiter struct {
	mu   sync.Mutex
	last time.Time
	gap  time.Duration
}

func (l *Limiter) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d := time.Until(l.last.Add(l.gap)); d > 0 {
		time.Sleep(d) // want LOCK002
	}
	l.last = time.Now()
}

// A token cache that fetches a new token over HTTP under the lock.
type TokenSource struct {
	mu     sync.Mutex
	client *http.Client
	token  string
	expiry time.Time
}

func (t *TokenSource) Token(url string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if time.Now().Before(t.expiry) {
		return t.token, nil
	}
	resp, err := t.client.Get(url) // want LOCK002
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	t.expiry = time.Now().Add(time.Minute)
	return t.token, nil
}

// A connection pool that dials with the pool's lock held.
type ConnPool struct {
	mu    sync.Mutex
	idle  []net.Conn
	addr  string
	limit int
}

func (c *ConnPool) Get() (net.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.idle); n > 0 {
		conn := c.idle[n-1]
		c.idle = c.idle[:n-1]
		return conn, nil
	}
	return net.Dial("tcp", c.addr) // want LOCK002
}

// A pipeline stage that waits for the next result, or for cancellation,
// inside its critical section, while the producer must take the same lock
// to count what it sends.
type Stage struct {
	mu      sync.Mutex
	results chan int
	sum     int
	sent    int
}

func (s *Stage) produce(vals []int) {
	for _, v := range vals {
		s.mu.Lock()
		s.sent++
		s.mu.Unlock()
		s.results <- v
	}
}

func (s *Stage) Next(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	select { // want LOCK002
	case v := <-s.results:
		s.sum += v
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Stage) Collect() int {
	s.mu.Lock()
	v := <-s.results // want LOCK002
	s.sum += v
	s.mu.Unlock()
	return v
}

func (s *Stage) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v := range s.results { // want LOCK002
		s.sum += v
	}
}

// A queue that waits on the Cond of its own lock while also holding the
// stats lock: Wait releases only q.mu.
type Queue struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	cond    *sync.Cond
	items   []int
	waits   int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Pop() int {
	q.statsMu.Lock()
	defer q.statsMu.Unlock()
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.waits++
		q.cond.Wait() // want LOCK002
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func NewStage() *Stage { return &Stage{results: make(chan int)} }
