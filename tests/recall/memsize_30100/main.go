// Shape of fjl/memsize as reported in ethereum/go-ethereum#30100: the
// memory-size scanner stopped the world through a //go:linkname to the
// runtime's unexported stopTheWorld and startTheWorld. Go 1.23's linker
// refuses the reference ("invalid reference to runtime.stopTheWorld"), so
// every program importing it failed to build.
package main

import (
	"fmt"
	"reflect"
	"unsafe"
)

//go:linkname stopTheWorld runtime.stopTheWorld
func stopTheWorld(reason string) // want RT004

//go:linkname startTheWorld runtime.startTheWorld
func startTheWorld() // want RT004

// Scan reports the memory held by the value v points to, with the world
// stopped so the heap does not change underneath.
func Scan(v interface{}) uintptr {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Ptr || rv.IsNil() {
		panic("Scan: value must be a non-nil pointer")
	}
	stopTheWorld("memsize scan")
	defer startTheWorld()
	return rv.Elem().Type().Size() + unsafe.Sizeof(v)
}

func main() {
	x := struct{ a, b int64 }{1, 2}
	fmt.Println(Scan(&x))
}
