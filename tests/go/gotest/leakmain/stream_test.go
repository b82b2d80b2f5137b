package leakmain

import (
	"testing"
	"time"

	"gopit.dev/gopittest"
)

var fixture = make(chan string)

func TestMain(m *testing.M) {
	go func() { // a shared fixture: there before the tests, not a leak
		for range fixture {
		}
	}()
	gopittest.Main(m)
}

func TestStreamsTimeOut(t *testing.T) {
	streams := make(chan string)
	expired := make(chan time.Time)
	close(expired) // the deadline has passed
	if _, err := waitStreams(streams, 2, expired); err == nil {
		t.Fatal("want a timeout")
	}
	streams <- "stdin"
	streams <- "stdout"
}
