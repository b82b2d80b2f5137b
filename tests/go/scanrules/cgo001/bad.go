package cgo001

/*
#include <stdlib.h>
#include <string.h>

static int set_title(const char* t) { return t[0] == 0 ? -1 : 0; }
static int lookup(const char* key, char* out, size_t n) { strncpy(out, key, n); return 0; }
static void log_line(const char* s) { (void)s; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

// The error path returns before the free.
func SetTitle(title string) error {
	cs := C.CString(title) // want CGO001
	if C.set_title(cs) != 0 {
		return errors.New("set_title failed")
	}
	C.free(unsafe.Pointer(cs))
	return nil
}

// Never freed: a leak per call.
func Log(msg string) {
	cs := C.CString(msg) // want CGO001
	C.log_line(cs)
}

// Passed straight into a C call: nothing can free it.
func LogInline(msg string) {
	C.log_line(C.CString(msg)) // want CGO001
}

// A buffer from C.malloc, lost when the lookup fails.
func Lookup(key string) (string, error) {
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	buf := (*C.char)(C.malloc(256)) // want CGO001
	if C.lookup(ck, buf, 256) != 0 {
		return "", errors.New("not found")
	}
	s := C.GoString(buf)
	C.free(unsafe.Pointer(buf))
	return s, nil
}

// A loop that overwrites the previous string before freeing it.
func LogAll(lines []string) {
	var cs *C.char
	for _, l := range lines {
		cs = C.CString(l) // want CGO001
		C.log_line(cs)
	}
	C.free(unsafe.Pointer(cs))
}

// C.CBytes for a payload, freed only on success.
func Send(payload []byte) error {
	p := C.CBytes(payload) // want CGO001
	if len(payload) == 0 {
		return errors.New("empty payload")
	}
	C.log_line((*C.char)(p))
	C.free(p)
	return nil
}
