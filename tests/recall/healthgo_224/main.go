// Shape of hellofresh/health-go#224: each health check ran in a goroutine that
// delivered its result on an unbuffered channel; when the check timeout fired
// first, the aggregator moved on to the next check and the goroutine leaked.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type check struct {
	name    string
	timeout time.Duration
	run     func(context.Context) error
}

var errCheckTimeout = errors.New("check timed out")

func runChecks(ctx context.Context, checks []check) map[string]error {
	out := make(map[string]error)
	for _, c := range checks {
		resCh := make(chan error)
		go func(c check) {
			resCh <- c.run(ctx) // want LEAK001
		}(c)
		timer := time.NewTimer(c.timeout)
		select {
		case err := <-resCh:
			out[c.name] = err
		case <-timer.C:
			out[c.name] = errCheckTimeout
		}
		timer.Stop()
	}
	return out
}

func main() {
	slow := check{name: "db", timeout: time.Millisecond, run: func(context.Context) error {
		time.Sleep(10 * time.Millisecond)
		return nil
	}}
	fmt.Println(runChecks(context.Background(), []check{slow}))
}
