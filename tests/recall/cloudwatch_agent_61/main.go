// Shape of aws/amazon-cloudwatch-agent#61: publisher goroutines started
// tickers and returned when shut down without stopping them.
package main

import (
	"fmt"
	"time"
)

type publisher struct {
	interval time.Duration
	done     chan struct{}
	flushes  int
}

func (p *publisher) publish() {
	t := time.NewTicker(p.interval) // want LEAK005
	for {
		select {
		case <-t.C:
			p.flushes++
		case <-p.done:
			return
		}
	}
}

func main() {
	p := &publisher{interval: time.Millisecond, done: make(chan struct{})}
	go p.publish()
	time.Sleep(5 * time.Millisecond)
	close(p.done)
	fmt.Println("shut down")
}
