// Package rt004 holds the shapes RT004 (linkname) must report: each
// `want` comment names the rule expected on its line.
package rt004

import (
	"time"
	_ "unsafe" // for go:linkname
)

// A fast clock read straight from the runtime, the classic shape of
// metrics and logging libraries.
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64 // want RT004

// Elapsed time without time.Now.
func Since(start int64) time.Duration {
	return time.Duration(nanotime() - start)
}

// A cheap random number for sharding a cache.
//
//go:linkname cheaprand runtime.cheaprand
func cheaprand() uint32 // want RT004

func Shard(n uint32) uint32 { return cheaprand() % n }

// A package variable of another package, read through linkname.
//
//go:linkname zoneSources time.platformZoneSources
var zoneSources []string // want RT004

func ZoneDirs() []string { return zoneSources }

// A method of an unexported runtime type.
//
//go:linkname mapiterinit runtime.(*hiter).init
func mapiterinit(it, t, m uintptr) // want RT004

// An unexported function of a third-party module: it may change in any
// release of that module.
//
//go:linkname parseHeader github.com/example/fasthttp.parseHeader
func parseHeader(b []byte) int // want RT004

// An exported symbol of an internal standard package.
//
//go:linkname setNonblock internal/poll.SetNonblock
func setNonblock(fd int) error // want RT004
