// Shape of grpc/grpc-go#1460: the HTTP/2 client's keepalive goroutine went
// dormant by waiting on awakenKeepalive while holding the transport mutex, and
// NewStream, the only sender on that channel, needs the same mutex first.
package main

import (
	"fmt"
	"sync"
)

type http2Client struct {
	mu              sync.Mutex
	activeStreams   map[uint32]bool
	nextID          uint32
	awakenKeepalive chan struct{}
}

func (t *http2Client) keepalive() {
	for {
		t.mu.Lock()
		if len(t.activeStreams) < 1 {
			<-t.awakenKeepalive // want LOCK002
		}
		t.mu.Unlock()
		return
	}
}

func (t *http2Client) NewStream() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nextID += 2
	t.activeStreams[t.nextID] = true
	if len(t.activeStreams) == 1 {
		// The other half of the same deadlock: the sender holds t.mu too.
		t.awakenKeepalive <- struct{}{} // want LOCK002
	}
	return t.nextID
}

func main() {
	t := &http2Client{activeStreams: map[uint32]bool{}, awakenKeepalive: make(chan struct{})}
	go t.keepalive()
	fmt.Println(t.NewStream())
}
