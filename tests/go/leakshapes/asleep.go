package main

import (
	"fmt"
	"os"
	"sync"
	"time"

	"gopit.test/go/internal/sites"
)

// inventory's restock holds the lock while it reports on a channel nobody
// reads, so every reserve waits for the lock, the WaitGroup never reaches
// zero, done is never closed and main waits forever: no goroutine can run
// and the runtime aborts with "all goroutines are asleep - deadlock!".
type inventory struct {
	mu      sync.Mutex
	stock   map[string]int
	updates chan string // unbuffered, and nobody receives
}

func (inv *inventory) restock(s *sites.Site, locked chan<- struct{}) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	inv.stock["widget"] += 10
	close(locked)
	s.Enter()
	inv.updates <- "restocked widget" // blocks with the lock held
}

func (inv *inventory) reserve(s *sites.Site, item string, wg *sync.WaitGroup) {
	defer wg.Done()
	s.Enter()
	inv.mu.Lock() // waits for restock forever
	inv.stock[item]--
	inv.mu.Unlock()
}

func closeWhenDone(s *sites.Site, wg *sync.WaitGroup, done chan<- struct{}) {
	s.Enter()
	wg.Wait() // the reservations never finish
	close(done)
}

// report writes the manifest once every other goroutine (main included) is
// parked, then returns, leaving nothing that can run.
func report(manifest string) {
	if err := reg.WaitParked(30 * time.Second); err != nil {
		fail("goroutines did not park: %v", err)
	}
	writeManifest(manifest, shapeManifest{Shape: "all-asleep"})
	fmt.Println("ready")
}

func allAsleep(manifest string) {
	inv := &inventory{stock: map[string]int{}, updates: make(chan string)}

	holder := reg.Add("restock-send", "chan send", 1)
	holder.Note = "holds inv.mu while sending on a channel nobody receives from"
	locked := make(chan struct{})
	go inv.restock(holder, locked)
	<-locked

	waiters := reg.Add("reserve-lock", "sync.Mutex.Lock", 3)
	waiters.Note = "wait for the mutex restock holds"
	var wg sync.WaitGroup
	for _, item := range []string{"widget", "gadget", "gizmo"} {
		wg.Add(1)
		go inv.reserve(waiters, item, &wg)
	}

	closer := reg.Add("close-when-done", "sync.WaitGroup.Wait", 1)
	done := make(chan struct{})
	go closeWhenDone(closer, &wg, done)

	mainSite := reg.Add("main-wait", "chan receive", 1)
	mainSite.Note = "the main goroutine, blocked in main.allAsleep; it has no created-by line"
	go report(manifest)
	mainSite.Enter()
	<-done // closed only when every reservation is done: never
	fmt.Fprintln(os.Stderr, "leakshapes: all-asleep: unexpectedly woke up")
	os.Exit(1)
}
