// Package leakplain leaks a goroutine from a plain test, in the shape of
// go-ethereum's p2p/server_test.go TestServerDial (ethereum/go-ethereum#20663,
// fixed in #20666): the accept goroutine hands the accepted connection over
// an unbuffered channel, and the test stops reading it. A goroutine started
// in init() (as opencensus starts its view worker) is not a test's leak.
package leakplain

import (
	"net"
	"time"
)

var flushes = make(chan struct{})

func init() {
	go flushLoop() // package background work, there before any test
}

func flushLoop() {
	for range flushes {
	}
}

// Listen opens a local listener for a peer.
func Listen() (net.Listener, error) {
	return net.Listen("tcp", "127.0.0.1:0")
}

// DialTimeout dials the peer.
func DialTimeout(addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, 5*time.Second)
}
