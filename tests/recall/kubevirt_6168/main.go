// Shape of kubevirt/kubevirt#6168: a port-forward proxy started two copy
// goroutines that reported their error on an unbuffered channel, and returned
// after the first one. The second copier blocked forever on its send.
package main

import (
	"fmt"
	"io"
	"net"
)

func proxy(client, backend net.Conn) error {
	errs := make(chan error)
	go func() {
		_, err := io.Copy(backend, client)
		errs <- err // want LEAK001
	}()
	go func() {
		_, err := io.Copy(client, backend)
		errs <- err // want LEAK001
	}()
	err := <-errs
	client.Close()
	backend.Close()
	return err
}

func main() {
	a, b := net.Pipe()
	c, d := net.Pipe()
	go func() { b.Close(); d.Close() }()
	fmt.Println(proxy(a, c))
}
