package rt001

import (
	"io"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
)

// Writing a heap profile: the collection makes it up to date.
func WriteHeap(w io.Writer) error {
	runtime.GC()
	return pprof.WriteHeapProfile(w)
}

// Measuring live memory.
func LiveBytes() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// A local named runtime is not the package.
type collector struct{ runs int }

func (c *collector) GC() { c.runs++ }

func sweep() int {
	runtime := &collector{}
	runtime.GC()
	return runtime.runs
}

// Returning memory after a one-off peak, through debug.
func afterImport() {
	debug.FreeOSMemory()
}

// A testing switch: collect on every call when a test turns it on.
var debugGC bool

func (c *Cache) Lookup(k string) []byte {
	if debugGC {
		runtime.GC()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// Checks that a released object is collected: collects until its finalizer
// has run.
type conn struct{ buf []byte }

func checkFreed(c *conn) bool {
	done := make(chan struct{})
	runtime.SetFinalizer(c, func(*conn) { close(done) })
	c = nil
	for i := 0; i < 10; i++ {
		select {
		case <-done:
			return true
		default:
			runtime.GC()
		}
	}
	return false
}

// Collects in a loop until a finalizer set elsewhere in the package has
// run.
var released = make(chan struct{}, 1)

func track(c *conn) {
	runtime.SetFinalizer(c, func(*conn) { released <- struct{}{} })
}

func awaitRelease() {
	for {
		runtime.GC()
		select {
		case <-released:
			return
		default:
		}
	}
}
