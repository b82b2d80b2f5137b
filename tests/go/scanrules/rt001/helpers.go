package rt001

import (
	"runtime"
	"testing"
)

// A test helper outside a _test.go file: measuring allocations needs a
// clean heap.
func AllocsAfterGC(t testing.TB, f func()) float64 {
	t.Helper()
	runtime.GC()
	return testing.AllocsPerRun(10, f)
}
