// Shape of moby/moby#33781: a container health check ran the probe command in
// a goroutine and waited for its result with a timeout. When the probe timed
// out the checker moved on, and the probe goroutine blocked forever on the
// unbuffered results channel ("results should be drained here").
package main

import (
	"context"
	"fmt"
	"time"
)

type probeResult struct {
	exitCode int
	output   string
}

type container struct{ id string }

func execProbe(ctx context.Context, c *container) probeResult {
	time.Sleep(20 * time.Millisecond)
	return probeResult{exitCode: 0, output: "healthy"}
}

func runHealthCheck(c *container, timeout time.Duration) (probeResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	results := make(chan probeResult)
	go func() {
		results <- execProbe(ctx, c) // want LEAK001
	}()
	select {
	case r := <-results:
		return r, nil
	case <-ctx.Done():
		return probeResult{exitCode: -1}, fmt.Errorf("health check for %s timed out", c.id)
	}
}

func main() {
	fmt.Println(runHealthCheck(&container{id: "c1"}, time.Millisecond))
}
