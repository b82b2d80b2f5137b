package rt004

import _ "unsafe" // for go:linkname

// A push: the package makes its own symbol available to others under its
// own name. Not a pull of anything.
//
//go:linkname hook
func hook() {}

// A push into another package's name space: the function has a body, so
// this defines the symbol rather than using one.
//
//go:linkname provideClock example.com/clock.provided
func provideClock() int64 { return 42 }

// A symbol of another package of the same module: the module owns both
// sides and changes them together.
//
//go:linkname counterAdd gopit.test/go/internal/counter.add
func counterAdd(n int64)

// An exported function of another module: reachable by import as well.
//
//go:linkname Render example.com/tmpl.Render
func Render(s string) string

// The directive quoted in prose is not a directive:
// we used to write //go:linkname now runtime.nanotime here.
func Now() int64 { return provideClock() }
