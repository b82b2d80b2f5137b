// Package leakclean leaks nothing: its test fetches from a test server that
// init() started (a goroutine there before the tests, not a leak) with
// http.DefaultClient, which keeps the idle connection's readLoop and
// writeLoop goroutines after the test. The net-http-idle-conns preset
// ignores those; with it turned off they are reported.
package leakclean

import (
	"io"
	"net/http"
)

// Fetch returns the body at url.
func Fetch(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
