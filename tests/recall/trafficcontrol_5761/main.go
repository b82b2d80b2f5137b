// Shape of apache/trafficcontrol#5761: a transaction context's cancel function
// was only called on the success path; an early return on error skipped it
// (go vet: "this return statement may be reached without using the cancelTx var").
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type tx struct{ ctx context.Context }

func beginTx(ctx context.Context) (*tx, error) {
	if ctx.Err() != nil {
		return nil, errors.New("database is unavailable")
	}
	return &tx{ctx: ctx}, nil
}

func deleteOldCerts(parent context.Context, timeout time.Duration) error {
	ctx, cancelTx := context.WithTimeout(parent, timeout) // want LEAK008
	t, err := beginTx(ctx)
	if err != nil {
		return err
	}
	_ = t
	cancelTx()
	return nil
}

func main() {
	fmt.Println(deleteOldCerts(context.Background(), time.Second))
}
