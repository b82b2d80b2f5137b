// Shape of grpc/grpc-go#660: the benchmark client ran each unary call loop in
// a goroutine that reported completion on an unbuffered channel, while the
// caller also watched the client's stop channel. Once stop fired, the caller
// returned and the call goroutine blocked on its completion send.
package main

import (
	"errors"
	"fmt"
)

type benchmarkClient struct {
	stop  chan bool
	calls int
}

func (bc *benchmarkClient) unaryCall() error {
	bc.calls++
	if bc.calls > 3 {
		return errors.New("rpc failed")
	}
	return nil
}

func (bc *benchmarkClient) closedLoopUnary() {
	done := make(chan bool)
	go func() {
		for i := 0; i < 10; i++ {
			if err := bc.unaryCall(); err != nil {
				done <- false // want LEAK001
				return
			}
		}
		done <- true // second send on the same channel: reported once, at the first
	}()
	select {
	case <-bc.stop:
		return
	case ok := <-done:
		fmt.Println("finished:", ok)
	}
}

func main() {
	bc := &benchmarkClient{stop: make(chan bool, 1)}
	bc.stop <- true
	bc.closedLoopUnary()
}
