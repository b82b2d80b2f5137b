package leak004

import "time"

// Made before use.
func Collect(n int) []int {
	var results chan int
	results = make(chan int, n)
	for i := 0; i < n; i++ {
		go func(i int) { results <- i * i }(i)
	}
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, <-results)
	}
	return out
}

// A nil channel in a select disables its case: the classic merge idiom.
func Merge(a, b <-chan int, out chan<- int) {
	var tick <-chan time.Time
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		case <-tick:
		}
	}
	close(out)
}

// Assigned in a branch before use: the rule does not follow paths.
func Wait(enabled bool) {
	var done chan struct{}
	if enabled {
		done = make(chan struct{})
		go func() { close(done) }()
	}
	if done != nil {
		<-done
	}
}

// Assigned by a closure.
func Lazy() int {
	var ch chan int
	init := func() { ch = make(chan int, 1) }
	init()
	ch <- 1
	return <-ch
}

// Address taken: filled in by a helper.
func Filled() string {
	var ch chan string
	open(&ch)
	return <-ch
}

func open(p *chan string) {
	*p = make(chan string, 1)
	*p <- "ok"
}

// An inner declaration with the same name shadows the outer one.
func Shadowed() int {
	var ch chan int
	if ch == nil {
		ch := make(chan int, 1)
		ch <- 2
		return <-ch
	}
	return 0
}

// Fields made in the constructor, by assignment, or by a positional
// literal.
type conn struct {
	in   chan []byte
	out  chan []byte
	errs chan error
}

func newConn() *conn {
	c := &conn{in: make(chan []byte, 8)}
	c.out = make(chan []byte, 8)
	return c
}

func (c *conn) Send(b []byte) { c.out <- b }

func (c *conn) Recv() []byte { return <-c.in }

type pair struct {
	a, b chan int
}

func newPair() pair { return pair{make(chan int, 1), make(chan int, 1)} }

func (p pair) Swap() {
	p.a <- <-p.b
}
