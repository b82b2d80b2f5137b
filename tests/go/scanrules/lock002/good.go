package lock002

import (
	"net/http"
	"sync"
	"time"
)

// The state copied under the lock, the send done after it.
func (p *Pool) SubmitUnlocked(job Job) {
	p.mu.Lock()
	p.pending++
	p.mu.Unlock()
	p.jobs <- job
}

// A channel made with room for every value in this function.
func (p *Pool) Fanout(jobs []Job) <-chan int {
	done := make(chan int, len(jobs))
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range jobs {
		done <- i
	}
	return done
}

// A notification that never blocks: select with default.
type Notifier struct {
	mu      sync.Mutex
	changed chan struct{}
	state   map[string]string
}

// The watcher takes the lock to read the state it was told about.
func (n *Notifier) watch(apply func(map[string]string)) {
	for range n.changed {
		n.mu.Lock()
		apply(n.state)
		n.mu.Unlock()
	}
}

func (n *Notifier) Set(k, v string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.state[k] = v
	select {
	case n.changed <- struct{}{}:
	default:
	}
}

// A field channel the package always makes with a capacity.
type Events struct {
	mu   sync.Mutex
	wake chan struct{}
	n    int
}

func NewEvents() *Events { return &Events{wake: make(chan struct{}, 1)} }

func (e *Events) loop(handle func(int)) {
	for range e.wake {
		e.mu.Lock()
		n := e.n
		e.mu.Unlock()
		handle(n)
	}
}

func (e *Events) Bump() {
	e.mu.Lock()
	e.n++
	e.wake <- struct{}{}
	e.mu.Unlock()
}

// Waiting on the Cond of the lock that is held: Wait releases it.
func (q *Queue) PopOne() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// A Cond made in the function on the lock it holds.
func WaitFor(ready func() bool) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	go func() {
		time.Sleep(time.Millisecond)
		c.Broadcast()
	}()
	mu.Lock()
	for !ready() {
		c.Wait()
	}
	mu.Unlock()
}

// Sleeping after the unlock, and the HTTP call made in a goroutine started
// under the lock.
func (l *Limiter) Backoff(client *http.Client, url string) {
	l.mu.Lock()
	d := time.Until(l.last.Add(l.gap))
	l.last = time.Now()
	go func() {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
		}
	}()
	l.mu.Unlock()
	time.Sleep(d)
}

// Waiting for the workers once the lock is released.
func (p *Pool) Close() {
	p.mu.Lock()
	close(p.jobs)
	p.mu.Unlock()
	p.wg.Wait()
}

// A receive under the lock from a channel whose senders never take it.
type Results struct {
	mu   sync.Mutex
	in   chan int
	last int
}

func (r *Results) feed(v int) { r.in <- v }

func (r *Results) Next() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = <-r.in
	return r.last
}

func NewNotifier() *Notifier {
	return &Notifier{changed: make(chan struct{}, 1), state: map[string]string{}}
}

func NewResults() *Results { return &Results{in: make(chan int)} }
