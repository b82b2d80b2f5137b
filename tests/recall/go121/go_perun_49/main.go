// Shape of hyperledger-labs/go-perun#49: withdrawal goroutines used the loop
// variables index and asset, which changed while the goroutines ran.
package main

import (
	"fmt"
	"sync"
)

type asset struct{ addr string }

func withdraw(assets []asset) []string {
	var mu sync.Mutex
	var done []string
	errs := make(chan error, len(assets))
	for index, a := range assets {
		go func() { // want RT007
			mu.Lock()
			done = append(done, fmt.Sprintf("%d:%s", index, a.addr))
			mu.Unlock()
			errs <- nil
		}()
	}
	for range assets {
		<-errs
	}
	return done
}

func main() {
	fmt.Println(withdraw([]asset{{"0x1"}, {"0x2"}}))
}
