// Shape of stellar/stellar-rpc#167: the in-memory event store took its lock to
// append a ledger's events and returned the append error without unlocking, so
// the next ingestion or query deadlocked.
package main

import (
	"errors"
	"fmt"
	"sync"
)

type bucket struct {
	ledger uint32
	events []string
}

type memoryStore struct {
	lock    sync.RWMutex
	buckets []bucket
	cap     int
}

func (m *memoryStore) appendBucket(b bucket) error {
	if len(m.buckets) >= m.cap {
		return errors.New("store is full")
	}
	m.buckets = append(m.buckets, b)
	return nil
}

func (m *memoryStore) IngestEvents(ledger uint32, events []string) error {
	b := bucket{ledger: ledger, events: events}
	m.lock.Lock() // want LOCK001
	if err := m.appendBucket(b); err != nil {
		return err
	}
	m.lock.Unlock()
	return nil
}

func main() {
	m := &memoryStore{cap: 0}
	fmt.Println(m.IngestEvents(7, []string{"transfer"}))
}
