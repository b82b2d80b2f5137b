// Shape of containerd/containerd#9384: a polling goroutine created a ticker
// and returned on context cancellation without stopping it, so the ticker kept
// firing for ever (before Go 1.23 it is never collected).
package main

import (
	"context"
	"fmt"
	"time"
)

func waitForTask(ctx context.Context, ready func() bool) error {
	ticker := time.NewTicker(10 * time.Millisecond) // want LEAK005
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
			if ready() {
				ticker.Stop()
				return nil
			}
		}
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	fmt.Println(waitForTask(ctx, func() bool { return false }))
}
