package leak001

import (
	"context"
	"time"
)

// A buffered result channel: the send never waits.
func LookupBuffered(ctx context.Context, key string) (string, error) {
	result := make(chan string, 1)
	go func() {
		result <- slowBackend(key)
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The sender selects on ctx too: it gives up when the caller does.
func LookupGuarded(ctx context.Context, key string) (string, error) {
	result := make(chan string)
	go func() {
		select {
		case result <- slowBackend(key):
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Every path receives.
func Wait(key string) string {
	out := make(chan string)
	go func() { out <- slowBackend(key) }()
	return <-out
}

// N senders, N receives in a loop.
func FanIn(keys []string) []string {
	out := make(chan string)
	for _, k := range keys {
		go func(k string) { out <- slowBackend(k) }(k)
	}
	var got []string
	for range keys {
		got = append(got, <-out)
	}
	return got
}

// The channel is returned: the caller receives (a generator closed by its
// producer).
func Generate(keys []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, k := range keys {
			out <- k
		}
	}()
	return out
}

// A loop that keeps selecting until the value arrives; the ticker case
// only reports progress.
func WaitWithProgress(key string, progress func()) string {
	out := make(chan string)
	go func() { out <- slowBackend(key) }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case v := <-out:
			return v
		case <-tick.C:
			progress()
		}
	}
}

// Another goroutine receives: the channel is handed on.
func Pipe(key string, sink func(string)) {
	ch := make(chan string)
	go func() { ch <- slowBackend(key) }()
	go func() { sink(<-ch) }()
}

// The early return comes before the goroutine starts.
func FetchChecked(key string) (string, error) {
	if key == "" {
		return "", errInvalid
	}
	out := make(chan string)
	go func() { out <- slowBackend(key) }()
	return <-out, nil
}

// Two workers hand a token back and forth a fixed number of times: the
// goroutines both send and receive, so they pass values among themselves.
func Relay(rounds int) {
	token := make(chan int)
	done := make(chan bool, 2)
	go func() {
		for i := 0; i < rounds; i++ {
			token <- i
			<-token
		}
		done <- true
	}()
	go func() {
		for i := 0; i < rounds; i++ {
			v := <-token
			token <- v
		}
		done <- true
	}()
	<-done
	<-done
}
