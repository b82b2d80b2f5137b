// Shape of timescale/promscale#1614: a query waited in a select for a result
// produced by a goroutine on an unbuffered channel; when the other branch (the
// context) won, the producing goroutine blocked forever on its send.
package main

import (
	"context"
	"fmt"
	"time"
)

type series struct {
	labels  string
	samples []float64
}

func fetchSeries(matcher string) ([]series, error) {
	time.Sleep(10 * time.Millisecond)
	return []series{{labels: matcher}}, nil
}

type fetchResult struct {
	data []series
	err  error
}

func query(ctx context.Context, matcher string) ([]series, error) {
	resc := make(chan fetchResult)
	go func() {
		data, err := fetchSeries(matcher)
		resc <- fetchResult{data: data, err: err} // want LEAK001
	}()
	select {
	case r := <-resc:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	fmt.Println(query(ctx, `{job="node"}`))
}
