// Shape of kubernetes/kubernetes#5316: the API server ran each request in a
// goroutine and waited for its result or for the request timeout. On timeout
// the handler returned, and the goroutine blocked forever sending its result on
// an unbuffered channel that nobody would read again.
package main

import (
	"errors"
	"fmt"
	"time"
)

type apiResult struct {
	status int
	body   string
}

var errTimeout = errors.New("request did not complete within allowed duration")

func finishRequest(timeout time.Duration, run func() apiResult) (apiResult, error) {
	done := make(chan apiResult)
	go func() {
		done <- run() // want LEAK001
	}()
	select {
	case res := <-done:
		return res, nil
	case <-time.After(timeout):
		return apiResult{}, errTimeout
	}
}

func main() {
	res, err := finishRequest(10*time.Millisecond, func() apiResult {
		time.Sleep(50 * time.Millisecond)
		return apiResult{status: 200, body: "ok"}
	})
	fmt.Println(res, err)
}
