// Package rt005 holds the shapes RT005 (unsafe-uintptr) must report: each
// `want` comment names the rule expected on its line.
package rt005

import (
	"reflect"
	"runtime"
	"unsafe"
)

type Header struct {
	Len  uint32
	Kind uint16
}

type Buffer struct {
	data []byte
}

// The address is kept as an integer across a call that may move the
// stack or let the collector run.
func (b *Buffer) Header() *Header {
	addr := uintptr(unsafe.Pointer(&b.data[0]))
	runtime.Gosched()
	return (*Header)(unsafe.Pointer(addr)) // want RT005
}

// A cache that keeps objects by address: nothing keeps them alive.
type entry struct {
	addr uintptr
	size int
}

type objCache struct {
	entries map[string]entry
}

func (c *objCache) roundTrip(key string, v *Header) *Header {
	c.entries[key] = entry{addr: uintptr(unsafe.Pointer(v)), size: int(unsafe.Sizeof(*v))}
	e := c.entries[key]
	return (*Header)(unsafe.Pointer(e.addr)) // want RT005
}

// Zeroing memory by walking a uintptr: between iterations the slice may
// move.
func zero(buf []uint64) {
	start := uintptr(unsafe.Pointer(&buf[0]))
	end := start + uintptr(len(buf))*8
	for p := start; p < end; p += 8 {
		*(*uint64)(unsafe.Pointer(p)) = 0 // want RT005
	}
}

// A reflect address kept in a variable before the conversion.
func intField(v reflect.Value) *int {
	u := v.Field(0).UnsafeAddr()
	return (*int)(unsafe.Pointer(u)) // want RT005
}

// Addresses collected in a slice and turned back later.
func collect(items []Header) []*Header {
	var addrs []uintptr
	for i := range items {
		addrs = append(addrs, uintptr(unsafe.Pointer(&items[i])))
	}
	out := make([]*Header, 0, len(addrs))
	for i := range addrs {
		out = append(out, (*Header)(unsafe.Pointer(addrs[i]))) // want RT005
	}
	return out
}
