// Package leak001 holds the shapes LEAK001 (send-without-receiver) must
// report: each `want` comment names the rule expected on its line.
package leak001

import (
	"context"
	"errors"
	"net/http"
	"time"
)

func slowBackend(key string) string {
	time.Sleep(time.Second)
	return key
}

// A lookup with a deadline: after ctx is done nobody receives (the
// handler-timeout leak).
func Lookup(ctx context.Context, key string) (string, error) {
	result := make(chan string)
	go func() {
		result <- slowBackend(key) // want LEAK001
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// A handler that gives up after a timer.
func Handle(w http.ResponseWriter, r *http.Request) {
	done := make(chan error)
	go func() {
		done <- render(w) // want LEAK001
	}()
	select {
	case err := <-done:
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}

func render(w http.ResponseWriter) error {
	_, err := w.Write([]byte("ok"))
	return err
}

var errInvalid = errors.New("invalid")

// An early return on a validation error leaves the worker blocked.
func Fetch(key string) (string, error) {
	out := make(chan string)
	go func() {
		out <- slowBackend(key) // want LEAK001
	}()
	if key == "" {
		return "", errInvalid
	}
	return <-out, nil
}

// A non-blocking poll: the default case returns at once.
func TryGet(key string) (string, bool) {
	ch := make(chan string)
	go func() { ch <- slowBackend(key) }() // want LEAK001
	select {
	case v := <-ch:
		return v, true
	default:
		return "", false
	}
}

// The sender is a named worker of the package the channel is passed to.
func produce(key string, out chan string) {
	out <- slowBackend(key) // want LEAK001
}

func Produce(ctx context.Context, key string) string {
	out := make(chan string)
	go produce(key, out)
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return ""
	}
}

// Nobody receives at all: the done signal is never read.
func FireAndForget(key string) {
	done := make(chan struct{})
	go func() {
		slowBackend(key)
		done <- struct{}{} // want LEAK001
	}()
}
