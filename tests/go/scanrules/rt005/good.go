package rt005

import (
	"fmt"
	"reflect"
	"syscall"
	"unsafe"
)

// Conversion and arithmetic in one expression: valid.
func fieldAt(base unsafe.Pointer, off uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(base) + off)
}

// unsafe.Add keeps a pointer all along.
func (b *Buffer) HeaderFixed() *Header {
	p := unsafe.Pointer(&b.data[0])
	return (*Header)(unsafe.Add(p, 0))
}

// The conversion written in the syscall's argument list.
func writeAll(fd int, b []byte) (uintptr, syscall.Errno) {
	n, _, errno := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	return n, errno
}

// Addresses used as numbers only: alignment, hashing, printing.
func aligned(h *Header) bool {
	addr := uintptr(unsafe.Pointer(h))
	return addr%8 == 0
}

func describe(h *Header) string {
	id := uintptr(unsafe.Pointer(h))
	return fmt.Sprintf("header@%#x", id)
}

// The reflect result converted at once.
func intFieldFixed(v reflect.Value) *int {
	return (*int)(unsafe.Pointer(v.Field(0).UnsafeAddr()))
}

// The noescape idiom: a nosplit function cannot grow its stack.
//
//go:nosplit
func noescape(p unsafe.Pointer) unsafe.Pointer {
	x := uintptr(p)
	return unsafe.Pointer(x ^ 0)
}

// A pointer kept as unsafe.Pointer in a variable is fine.
func keep(h *Header) *Header {
	p := unsafe.Pointer(h)
	return (*Header)(noescape(p))
}
