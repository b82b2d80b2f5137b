package cgo001

/*
#include <stdlib.h>

static void log_line2(const char* s) { (void)s; }
static int set_title2(const char* t) { return t[0] == 0 ? -1 : 0; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

// The usual shape: free deferred right after the allocation.
func SetTitleDeferred(title string) error {
	cs := C.CString(title)
	defer C.free(unsafe.Pointer(cs))
	if C.set_title2(cs) != 0 {
		return errors.New("set_title failed")
	}
	return nil
}

// Freed on each path by hand.
func LogChecked(msg string) error {
	cs := C.CString(msg)
	if len(msg) > 1024 {
		C.free(unsafe.Pointer(cs))
		return errors.New("too long")
	}
	C.log_line2(cs)
	C.free(unsafe.Pointer(cs))
	return nil
}

// Kept in a struct that frees it in Close.
type Handle struct {
	name *C.char
}

func NewHandle(name string) *Handle {
	cs := C.CString(name)
	return &Handle{name: cs}
}

func (h *Handle) Close() {
	C.free(unsafe.Pointer(h.name))
}

// Returned to the caller, who owns it.
func cstr(s string) *C.char {
	p := C.CString(s)
	return p
}

// Freed in a deferred closure.
func LogAllFreed(lines []string) {
	for _, l := range lines {
		func() {
			cs := C.CString(l)
			defer func() { C.free(unsafe.Pointer(cs)) }()
			C.log_line2(cs)
		}()
	}
}

// Handed to a Go helper that frees it.
func freeString(p *C.char) { C.free(unsafe.Pointer(p)) }

func LogHelper(msg string) {
	cs := C.CString(msg)
	C.log_line2(cs)
	freeString(cs)
}

// Allocated and freed in one expression.
func churn() {
	C.free(C.malloc(16))
}
