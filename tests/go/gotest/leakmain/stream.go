// Package leakmain (a module of its own, so it can require gopittest
// through a replace) has a TestMain that starts a shared fixture and opts in
// with gopittest.Main. Its test leaks in the shape of the kubelet's
// cri/streaming/remotecommand httpstream.go (kubernetes/kubernetes#129916):
// the goroutine waiting for streams reports on an unbuffered error channel
// that its caller stops reading once the deadline passed.
package leakmain

import (
	"errors"
	"time"
)

// waitStreams waits for `expected` streams or the deadline.
func waitStreams(streams <-chan string, expected int, expired <-chan time.Time) ([]string, error) {
	var got []string
	errc := make(chan error)
	go func() {
		for len(got) < expected {
			got = append(got, <-streams)
		}
		errc <- nil // want leak: after the deadline nobody receives
	}()
	select {
	case err := <-errc:
		return got, err
	case <-expired:
		return nil, errors.New("timed out waiting for streams")
	}
}
