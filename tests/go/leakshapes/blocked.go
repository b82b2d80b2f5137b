package main

import (
	"fmt"
	"time"

	"gopit.test/go/internal/sites"
)

// eventBus forgot to make its channel: every receive and every send on
// events blocks forever ("chan receive (nil chan)", "chan send (nil chan)").
type eventBus struct {
	events chan string // never made
}

//go:noinline
func (b *eventBus) listen(s *sites.Site) {
	s.Enter()
	for e := range b.events { // ranging over a nil channel never ends
		_ = e
	}
}

//go:noinline
func (b *eventBus) publish(s *sites.Site, e string) {
	s.Enter()
	b.events <- e // a send on a nil channel never completes
}

func nilChan(manifest string) {
	bus := &eventBus{}
	recv := reg.Add("nil-chan-receive", "chan receive (nil chan)", 4)
	recv.Note = "listeners ranging over a channel field that was never made"
	for i := 0; i < recv.Count; i++ {
		go bus.listen(recv)
	}
	send := reg.Add("nil-chan-send", "chan send (nil chan)", 3)
	send.Note = "publishers sending on a channel field that was never made"
	for i := 0; i < send.Count; i++ {
		go bus.publish(send, fmt.Sprint("event-", i))
	}
	if err := reg.WaitParked(30 * time.Second); err != nil {
		fail("goroutines did not park: %v", err)
	}
	writeManifest(manifest, shapeManifest{Shape: "nil-chan"})
	fmt.Println("ready")
}

// keepAlive is the "park this goroutine forever" idiom, used where a
// goroutine has nothing left to do but its author did not want it to
// return.
//
//go:noinline
func keepAlive(s *sites.Site, name string) {
	_ = name
	s.Enter()
	select {}
}

func selectNoCases(manifest string) {
	s := reg.Add("select-no-cases", "select (no cases)", 3)
	s.Note = "select {} with no cases: parked forever"
	for _, name := range []string{"metrics", "audit", "janitor"} {
		go keepAlive(s, name)
	}
	if err := reg.WaitParked(30 * time.Second); err != nil {
		fail("goroutines did not park: %v", err)
	}
	writeManifest(manifest, shapeManifest{Shape: "select-nocases"})
	fmt.Println("ready")
}
