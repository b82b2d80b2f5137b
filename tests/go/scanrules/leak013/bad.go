// Package leak013 holds the shapes LEAK013 (worker-dies-on-recover) must
// report: each `want` comment names the rule expected on its line.
package leak013

import (
	"context"
	"log"
	"net/http"
	"sync"
)

type Job struct {
	ID  int
	Run func() error
}

// A pool whose workers recover once and return: each panicking job costs
// a worker for good.
func StartPool(n int, jobs <-chan Job) {
	for i := 0; i < n; i++ {
		go func() {
			defer func() { // want LEAK013
				if r := recover(); r != nil {
					log.Printf("worker: %v", r)
				}
			}()
			for job := range jobs {
				if err := job.Run(); err != nil {
					log.Print(err)
				}
			}
		}()
	}
}

// A dispatcher method started per server, recovering through a helper.
type Dispatcher struct {
	queue chan *http.Request
	mu    sync.Mutex
	sent  int
}

func logPanic() {
	if r := recover(); r != nil {
		log.Printf("dispatcher: %v", r)
	}
}

func (d *Dispatcher) Start() {
	go d.loop()
}

func (d *Dispatcher) loop() {
	defer logPanic() // want LEAK013
	for req := range d.queue {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		resp.Body.Close()
		d.mu.Lock()
		d.sent++
		d.mu.Unlock()
	}
}

// A pipeline stage with a select loop and a bare recover.
func Stage(ctx context.Context, in <-chan []byte, out chan<- int) {
	go func() {
		defer func() { recover() }() // want LEAK013
		for {
			select {
			case <-ctx.Done():
				return
			case b := <-in:
				out <- int(b[0])
			}
		}
	}()
}

// A consumer recovering in a method of its own type.
type Consumer struct {
	events chan string
	seen   map[string]int
}

func (c *Consumer) recoverPanic() {
	if r := recover(); r != nil {
		log.Println("consumer stopped:", r)
	}
}

func (c *Consumer) Run() {
	go func() {
		defer c.recoverPanic() // want LEAK013
		for ev := range c.events {
			c.seen[ev]++
		}
	}()
}

func NewDispatcher() *Dispatcher { return &Dispatcher{queue: make(chan *http.Request)} }

func NewConsumer() *Consumer { return &Consumer{events: make(chan string)} }
