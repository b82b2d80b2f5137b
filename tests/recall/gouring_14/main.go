// Shape of ii64/gouring#14 (also golang/go#68985): the io_uring binding
// reached the syscall package's unexported mmap helpers with //go:linkname;
// after upgrading to Go 1.23 the build failed with "invalid reference to
// syscall.munmap".
package main

import (
	"fmt"
	"unsafe"
)

//go:linkname mmap syscall.mmap
func mmap(addr uintptr, length uintptr, prot int, flags int, fd int, offset int64) (xaddr uintptr, err error) // want RT004

//go:linkname munmap syscall.munmap
func munmap(addr uintptr, length uintptr) (err error) // want RT004

type ring struct {
	sq   uintptr
	size uintptr
}

func (r *ring) close() error {
	return munmap(r.sq, r.size)
}

func setup(fd int, size uintptr) (*ring, error) {
	const protRW, mapShared = 0x3, 0x1
	p, err := mmap(0, size, protRW, mapShared, fd, 0)
	if err != nil {
		return nil, err
	}
	return &ring{sq: p, size: size}, nil
}

func main() {
	r, err := setup(-1, 4096)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = unsafe.Pointer(nil)
	fmt.Println(r.close())
}
