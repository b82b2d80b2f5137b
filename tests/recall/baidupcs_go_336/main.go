// Shape of qjfoidnh/BaiduPCS-Go#336: the download buffer pool allocated
// byte slices through a //go:linkname to the runtime's unexported
// rawbyteslice; Go 1.23 refused to link it ("invalid reference to
// runtime.rawbyteslice") and the tool no longer built.
package main

import (
	"fmt"
	"sync"
	_ "unsafe"
)

//go:linkname rawbyteslice runtime.rawbyteslice
func rawbyteslice(size int) []byte // want RT004

var pool = sync.Pool{New: func() any { return rawbyteslice(32 << 10) }}

// Buffer returns a scratch buffer of at least size bytes.
func Buffer(size int) []byte {
	if size > 32<<10 {
		return rawbyteslice(size)
	}
	return pool.Get().([]byte)[:size]
}

func main() {
	fmt.Println(len(Buffer(1024)))
}
