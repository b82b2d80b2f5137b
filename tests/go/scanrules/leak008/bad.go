// Package leak008 holds the shapes LEAK008 (cancel-not-called) must report:
// each `want` comment names the rule expected on its line.
package leak008

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// The classic: the error path before the defer forgets cancel.
func fetch(parent context.Context, url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second) // want LEAK008
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	defer cancel()
	return http.DefaultClient.Do(req)
}

// Discarded outright.
func startWatch(parent context.Context) context.Context {
	ctx, _ := context.WithCancel(parent) // want LEAK008
	return ctx
}

// A retry loop that makes a new deadline each round and drops the old one.
func retry(parent context.Context, try func(context.Context) error) error {
	var err error
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Second)) // want LEAK008
		if err = try(ctx); err == nil {
			cancel()
			return nil
		}
	}
	return err
}

// Cancel only on the success path of a handler.
func handler(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancelCause(r.Context()) // want LEAK008
	if r.Method != http.MethodGet {
		http.Error(w, "method", http.StatusMethodNotAllowed)
		return
	}
	serve(ctx, w)
	cancel(errors.New("done"))
}

func serve(ctx context.Context, w http.ResponseWriter) { _, _ = ctx, w }

// Checked for nil but never called on the early path.
func guarded(parent context.Context, skip bool) error {
	ctx, cancel := context.WithCancel(parent) // want LEAK008
	if cancel != nil && skip {
		return nil
	}
	defer cancel()
	return ctx.Err()
}
