// Command mapcrash makes the runtime abort with one of its concurrent map
// fatal errors, for the DUMP013 samples (tests/data/mapcrash.*.txt):
//
//	mapcrash read    one goroutine writes the map, another reads it
//	mapcrash iterate one goroutine writes the map, another ranges over it
//	mapcrash write   two goroutines write the map at the same line
//
// The process dies within milliseconds; run it with GOTRACEBACK=all to have
// the other goroutines printed too.
package main

import (
	"fmt"
	"os"
	"time"
)

type registry struct {
	handlers map[int]int
}

func (r *registry) add(i int) {
	for ; ; i++ {
		r.handlers[i%64] = i
	}
}

func (r *registry) lookup() {
	for i := 0; ; i++ {
		_ = r.handlers[i%64]
	}
}

func (r *registry) each() {
	for {
		for k := range r.handlers {
			_ = k
		}
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mapcrash read|iterate|write")
		os.Exit(2)
	}
	r := &registry{handlers: map[int]int{}}
	go r.add(0)
	switch os.Args[1] {
	case "read":
		go r.lookup()
	case "iterate":
		go r.each()
	case "write":
		go r.add(1)
	}
	time.Sleep(time.Minute)
}
