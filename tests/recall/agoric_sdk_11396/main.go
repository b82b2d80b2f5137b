// Shape of Agoric/agoric-sdk#11396: the JS host called into Go through
// exported functions (SendToGo, ReplyToGo) from threads Go did not create;
// a panic in the Go handler unwound into C instead of being recovered and
// turned into an error or an explicit exit.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"unsafe"
)

type message struct {
	Type string          `json:"type"`
	Body json.RawMessage `json:"body"`
}

var ports = map[int]func(message) string{
	1: func(m message) string { return "ok:" + m.Type },
}

func dispatch(port int, m message) string {
	h, ok := ports[port]
	if !ok {
		panic(fmt.Sprintf("no handler on port %d", port))
	}
	return h(m)
}

//export SendToGo
func SendToGo(port C.int, str *C.char) *C.char {
	var m message
	if err := json.Unmarshal([]byte(C.GoString(str)), &m); err != nil {
		return C.CString("error: " + err.Error())
	}
	reply := dispatch(int(port), m) // want CGO002
	return C.CString(reply)
}

func main() {
	in := C.CString(`{"type":"init"}`)
	defer C.free(unsafe.Pointer(in))
	out := SendToGo(1, in)
	fmt.Println(C.GoString(out))
	C.free(unsafe.Pointer(out))
}
