// Shape of hashicorp/vault#14814 (VAULT-4240): time.After in a for-select
// loop created a new timer every turn, each held until it fired.
package main

import (
	"fmt"
	"time"
)

type expiration struct {
	revokeCh chan string
	stopCh   chan struct{}
	revoked  int
}

func (m *expiration) processRevocations() {
	for {
		select {
		case id := <-m.revokeCh:
			m.revoked++
			_ = id
		case <-time.After(5 * time.Minute): // want LEAK006
			fmt.Println("no revocations for five minutes")
		case <-m.stopCh:
			return
		}
	}
}

func main() {
	m := &expiration{revokeCh: make(chan string), stopCh: make(chan struct{})}
	go m.processRevocations()
	m.revokeCh <- "lease-1"
	close(m.stopCh)
}
