package cgo002

import "C"

import (
	"errors"
	"log"
	"regexp"
	"strconv"
)

var (
	queue    = make(chan string, 64)
	versions = map[string]any{}
	digits   = regexp.MustCompile(`^[0-9]+$`)
	dropped  int
)

// Parse recovers at its top and turns a panic into an error code.
//
//export Parse
func Parse(p *C.char) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("Parse: %v", r)
			rc = -1
		}
	}()
	s := C.GoString(p)
	if !digits.MatchString(s) {
		panic(errors.New("not a number"))
	}
	n, _ := strconv.Atoi(s)
	return C.int(n)
}

// Enqueue hands the message over without waiting: a full queue drops it.
//
//export Enqueue
func Enqueue(p *C.char) C.int {
	select {
	case queue <- C.GoString(p):
		return 0
	default:
		dropped++
		return -1
	}
}

// Version checks the stored value's type with the `, ok` form.
//
//export Version
func Version(key *C.char) C.int {
	v, ok := versions[C.GoString(key)].(int)
	if !ok {
		return -1
	}
	return C.int(v)
}

// Notify sends on a buffered channel and does the rest in a goroutine.
//
//export Notify
func Notify(p *C.char) {
	s := C.GoString(p)
	queue <- s
	go func() {
		if len(s) == 0 {
			panic("empty")
		}
	}()
}

// A Go-only helper in the cgo file may panic: C never calls it.
func mustPositive(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n
}

func drain() {
	for s := range queue {
		log.Println(mustPositive(len(s)))
	}
}

func init() { go drain() }
