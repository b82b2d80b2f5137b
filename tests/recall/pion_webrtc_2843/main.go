// Shape of pion/webrtc#2843: tickers used by short-lived loops were never
// stopped, which leaks them before Go 1.23.
package main

import (
	"fmt"
	"time"
)

type iceGatherer struct {
	candidates chan string
}

func (g *iceGatherer) waitFirstCandidate(timeout time.Duration) (string, bool) {
	deadline := time.Now().Add(timeout)
	poll := time.NewTicker(time.Millisecond) // want LEAK005
	for range poll.C {
		select {
		case c := <-g.candidates:
			return c, true
		default:
		}
		if time.Now().After(deadline) {
			return "", false
		}
	}
	return "", false
}

func main() {
	g := &iceGatherer{candidates: make(chan string, 1)}
	g.candidates <- "candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host"
	fmt.Println(g.waitFirstCandidate(time.Second))
}
