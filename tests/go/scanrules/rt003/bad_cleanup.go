//go:build go1.24

package rt003

import (
	"os"
	"runtime"
	"syscall"
)

// runtime.AddCleanup (Go 1.24) with the object as its own argument: the
// runtime panics, and the cleanup could never run anyway.
type File struct {
	fd   int
	name string
}

func OpenFile(name string) (*File, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	f := &File{fd: fd, name: name}
	runtime.AddCleanup(f, func(f *File) { syscall.Close(f.fd) }, f) // want RT003
	return f, nil
}

// A cleanup closure that captures the object.
type Mapping struct {
	data []byte
	path string
}

func Map(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := &Mapping{data: data, path: path}
	runtime.AddCleanup(m, func(_ int) { // want RT003
		os.Remove(m.path)
	}, 0)
	return m, nil
}

// A pointer into the object as the argument keeps all of it.
type Socket struct {
	fd     int
	closed bool
}

func closeSocket(fd *int) { syscall.Close(*fd) }

func NewSocket(fd int) *Socket {
	s := &Socket{fd: fd}
	runtime.AddCleanup(s, closeSocket, &s.fd) // want RT003
	return s
}
