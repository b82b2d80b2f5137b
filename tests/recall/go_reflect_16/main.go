// Shape of goccy/go-reflect#16: the marshaler example took a struct's
// address as a uintptr and its field encoders converted uintptr+offset back
// to unsafe.Pointer in a later statement; the fix kept the value an
// unsafe.Pointer and did the arithmetic with unsafe.Add.
package main

import (
	"fmt"
	"reflect"
	"strconv"
	"unsafe"
)

type user struct {
	ID   int64
	Name string
}

type fieldEncoder func(buf []byte, base uintptr) []byte

func compile(t reflect.Type) []fieldEncoder {
	var encs []fieldEncoder
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		off := f.Offset
		switch f.Type.Kind() {
		case reflect.Int64:
			encs = append(encs, func(buf []byte, base uintptr) []byte {
				p := base + off
				return strconv.AppendInt(buf, *(*int64)(unsafe.Pointer(p)), 10) // want RT005
			})
		case reflect.String:
			encs = append(encs, func(buf []byte, base uintptr) []byte {
				p := base + off
				return strconv.AppendQuote(buf, *(*string)(unsafe.Pointer(p))) // want RT005
			})
		}
	}
	return encs
}

func marshal(v *user, encs []fieldEncoder) []byte {
	base := uintptr(unsafe.Pointer(v))
	buf := []byte{'['}
	for i, enc := range encs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = enc(buf, base)
	}
	return append(buf, ']')
}

func main() {
	encs := compile(reflect.TypeOf(user{}))
	fmt.Println(string(marshal(&user{ID: 7, Name: "gopher"}, encs)))
}
