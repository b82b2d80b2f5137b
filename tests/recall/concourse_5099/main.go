// Shape of concourse/concourse#5099: the containerd backend bounded each call
// with context.WithTimeout and ignored the cancel function, keeping every
// child context (and its timer) alive until the deadline.
package main

import (
	"context"
	"fmt"
	"time"
)

type backend struct {
	requestTimeout time.Duration
}

func (b *backend) ping(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

func (b *backend) Ping() error {
	ctx, _ := context.WithTimeout(context.Background(), b.requestTimeout) // want LEAK008
	return b.ping(ctx)
}

func main() {
	b := &backend{requestTimeout: time.Minute}
	fmt.Println(b.Ping())
}
