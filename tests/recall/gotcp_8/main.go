// Shape of gansidui/gotcp#8: the server's accept loop counted itself with
// wg.Add from inside its goroutine, so Stop's Wait could return first.
package main

import (
	"fmt"
	"net"
	"sync"
)

type server struct {
	exitChan  chan struct{}
	waitGroup *sync.WaitGroup
}

func (s *server) Start(l net.Listener) {
	go func() {
		s.waitGroup.Add(1) // want LEAK009
		defer s.waitGroup.Done()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
}

func (s *server) Stop(l net.Listener) {
	close(s.exitChan)
	l.Close()
	s.waitGroup.Wait()
}

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &server{exitChan: make(chan struct{}), waitGroup: &sync.WaitGroup{}}
	s.Start(l)
	s.Stop(l)
}
