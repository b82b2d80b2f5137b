// Package cgo002 holds the shapes CGO002 (callback-panics) must report:
// each `want` comment names the rule expected on its line.
package cgo002

/*
#include <stdint.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"log"
	"regexp"
	"sync"
	"unsafe"
)

var (
	counts   [16]int
	messages = make(chan string)
	results  = make(chan int)
	done     = make(chan struct{})
	filter   *regexp.Regexp
	config   = map[string]any{}
	wg       sync.WaitGroup
)

// An event handler the C library calls: an unknown event kind panics
// through the C event loop.
//
//export OnEvent
func OnEvent(kind C.int) {
	if kind < 0 || int(kind) >= len(counts) {
		panic(fmt.Sprintf("bad event kind %d", kind)) // want CGO002
	}
	counts[int(kind)]++
}

// A message callback that hands the message to a Go consumer and waits
// for it to be taken.
//
//export OnMessage
func OnMessage(p *C.char, n C.int) {
	messages <- C.GoStringN(p, n) // want CGO002
}

// A filter compiled from a pattern C passes in.
//
//export SetFilter
func SetFilter(p *C.char) C.int {
	filter = regexp.MustCompile(C.GoString(p)) // want CGO002
	return 0
}

// A config lookup that asserts the stored value's type.
//
//export ConfigInt
func ConfigInt(key *C.char) C.int {
	v := config[C.GoString(key)]
	return C.int(v.(int)) // want CGO002
}

// A decoder that calls a helper which panics on bad input.
//
//export Decode
func Decode(p unsafe.Pointer, n C.int) C.int {
	b := C.GoBytes(p, n)
	return C.int(mustDecode(b)) // want CGO002
}

func mustDecode(b []byte) int {
	var v struct{ N int }
	if err := json.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	return v.N
}

// Flush waits for every worker from the C thread.
//
//export Flush
func Flush() {
	wg.Wait() // want CGO002
}

// FlushSafely recovers, but a recover does not unblock the C thread.
//
//export FlushSafely
func FlushSafely() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	wg.Wait() // want CGO002
}

// WaitResult blocks the C caller until a worker answers.
//
//export WaitResult
func WaitResult() C.int {
	select { // want CGO002
	case r := <-results:
		return C.int(r)
	case <-done:
		return -1
	}
}

// Shutdown logs and panics when called twice.
//
//export Shutdown
func Shutdown() {
	if filter == nil {
		log.Panicf("shutdown before init") // want CGO002
	}
	filter = nil
}

func consume() {
	for m := range messages {
		fmt.Println(m)
	}
}

func work() {
	defer wg.Done()
	results <- 1
	close(done)
}

func init() {
	go consume()
	wg.Add(1)
	go work()
}
