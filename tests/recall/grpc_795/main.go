// Shape of grpc/grpc-go#795 (fixes #793): calling GracefulStop twice
// deadlocked: on the "already stopped" path the server locked its mutex again
// where it meant to unlock it, and returned holding it.
package main

import (
	"fmt"
	"net"
	"sync"
)

type server struct {
	mu    sync.Mutex
	lis   map[net.Listener]bool
	conns map[net.Conn]bool
}

func (s *server) GracefulStop() {
	s.mu.Lock() // want LOCK001
	if s.conns == nil {
		// Also LOCK001: this second hold is still taken when the function returns.
		s.mu.Lock() // want LOCK003 LOCK001
		return
	}
	for l := range s.lis {
		l.Close()
	}
	s.lis = nil
	s.conns = nil
	s.mu.Unlock()
}

func main() {
	s := &server{lis: map[net.Listener]bool{}, conns: map[net.Conn]bool{}}
	s.GracefulStop()
	fmt.Println("stopped once")
}
