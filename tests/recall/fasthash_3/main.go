// Shape of segmentio/fasthash#3: the string hash kept the address of the
// string's bytes in a uintptr variable, advanced it, and converted it back
// to a pointer on each step. The conversion must happen in one expression
// with the arithmetic, or the GC may not see the pointer in between.
package main

import (
	"fmt"
	"unsafe"
)

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// HashString64 is FNV-1a over s, eight bytes at a time.
func HashString64(s string) uint64 {
	h := uint64(offset64)
	if len(s) == 0 {
		return h
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	n := len(s)
	for n >= 8 {
		h = (h ^ *(*uint64)(unsafe.Pointer(p))) * prime64 // want RT005
		p += 8
		n -= 8
	}
	for ; n > 0; n-- {
		h = (h ^ uint64(*(*byte)(unsafe.Pointer(p)))) * prime64
		p++
	}
	return h
}

func main() {
	fmt.Println(HashString64("hello, world"))
}
