// Shape of sean-/seed#1: MustInit deferred m.Lock() where m.Unlock() was
// meant, so the mutex was never released and the next caller deadlocked.
package main

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	mrand "math/rand"
	"sync"
)

var (
	m      sync.Mutex
	seeded bool
)

func MustInit() {
	m.Lock()
	defer m.Lock() // want LOCK007
	if seeded {
		return
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	mrand.Seed(int64(binary.LittleEndian.Uint64(b[:])))
	seeded = true
}

func main() {
	MustInit()
	fmt.Println(seeded)
}
