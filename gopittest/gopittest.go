// Package gopittest lets `gopit test` check for leaked goroutines in a
// package that has its own TestMain. Packages without a TestMain need
// nothing: gopit adds a generated TestMain with `go test -overlay`.
//
// One line, in place of m.Run:
//
//	func TestMain(m *testing.M) { gopittest.Main(m) }
//
// or, for a TestMain with set-up and tear-down of its own:
//
//	func TestMain(m *testing.M) {
//		setup()
//		code := gopittest.Run(m)
//		teardown()
//		os.Exit(code)
//	}
//
// Outside `gopit test` (GOPIT_LEAK_DIR unset) both only run the tests.
// Under it, they note the goroutines that exist before the tests (package
// init and TestMain's own set-up are no test's leak), run the tests, wait
// for goroutines the tests started to end (retrying with backoff for up to
// the settle time, one look when none are left), and write every
// goroutine's stack, and the goroutine-leak profile where the toolchain has
// it, to $GOPIT_LEAK_DIR for gopit to read. See docs/test-leaks.md.
//
// Standard library only, so any module can require it.
package gopittest

import (
	gopitLeakBytes "bytes"
	gopitLeakFmt "fmt"
	gopitLeakOS "os"
	gopitLeakFilepath "path/filepath"
	gopitLeakRuntime "runtime"
	gopitLeakPprof "runtime/pprof"
	"testing"
	gopitLeakTime "time"
)

// Main runs the tests, checks for leaked goroutines under `gopit test`, and
// exits with the tests' exit code.
func Main(m *testing.M) {
	gopitLeakOS.Exit(gopitLeakRun(m, callerPackage(), "gopittest.Main"))
}

// Run runs the tests, checks for leaked goroutines under `gopit test`, and
// returns the exit code for the caller to pass to os.Exit after its own
// tear-down.
func Run(m *testing.M) int {
	return gopitLeakRun(m, callerPackage(), "gopittest.Run")
}

// callerPackage is the import path of the package whose TestMain called
// Main or Run ("example.com/store" from "example.com/store.TestMain").
func callerPackage() string {
	pc, _, _, ok := gopitLeakRuntime.Caller(2)
	if !ok {
		return ""
	}
	fn := gopitLeakRuntime.FuncForPC(pc)
	if fn == nil {
		return ""
	}
	name := fn.Name()
	start := 0 // the last path element holds the first dot
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			start = i + 1
		}
	}
	for i := start; i < len(name); i++ {
		if name[i] == '.' {
			return name[:i]
		}
	}
	return name
}

// The check itself. gopit's generated TestMain (src/gotest/leak_testmain.cc)
// carries the same text between these markers, and a unit test keeps the two
// identical; the imports are renamed so that the generated copy cannot clash
// with the names of the package it is compiled into.

// leakcheck:begin
func gopitLeakRun(m *testing.M, pkg, via string) int {
	dir := gopitLeakOS.Getenv("GOPIT_LEAK_DIR")
	if dir == "" {
		return m.Run()
	}
	before := gopitLeakIDs(gopitLeakStacks())
	code := m.Run()
	start := gopitLeakTime.Now()
	settle := gopitLeakTime.Second
	if d, err := gopitLeakTime.ParseDuration(gopitLeakOS.Getenv("GOPIT_LEAK_SETTLE")); err == nil && d >= 0 {
		settle = d
	}
	dump, fresh, tries := gopitLeakSettle(before, settle, gopitLeakOS.Getenv("GOPIT_LEAK_SETTLE_SKIP"))
	var profile []byte
	if fresh && gopitLeakOS.Getenv("GOPIT_LEAK_PROFILE") != "0" {
		// Go 1.27, or 1.26 built with GOEXPERIMENT=goroutineleakprofile;
		// nil elsewhere. Reading it runs the GC cycle that proves leaks, so
		// only when something is left.
		if p := gopitLeakPprof.Lookup("goroutineleak"); p != nil {
			var b gopitLeakBytes.Buffer
			if p.WriteTo(&b, 2) == nil {
				profile = b.Bytes()
			}
		}
	}
	elapsed := gopitLeakTime.Since(start)
	wd, _ := gopitLeakOS.Getwd()
	var out gopitLeakBytes.Buffer
	gopitLeakFmt.Fprintf(&out, "gopit-leakcheck 1\ndir: %s\npackage: %s\nvia: %s\nsettle_ns: %d\ntries: %d\ncheck_ns: %d\nbefore:",
		wd, pkg, via, settle.Nanoseconds(), tries, elapsed.Nanoseconds())
	for id := range before {
		gopitLeakFmt.Fprintf(&out, " %d", id)
	}
	out.WriteString("\n\n")
	out.Write(dump)
	name := gopitLeakFilepath.Join(dir, gopitLeakHash(wd))
	gopitLeakWrite(name+".txt", out.Bytes())
	if profile != nil {
		gopitLeakWrite(name+".leakprof.txt", profile)
	}
	return code
}

// gopitLeakStacks is runtime.Stack of every goroutine, in a buffer grown
// until the dump fits.
func gopitLeakStacks() []byte {
	buf := make([]byte, 64<<10)
	for {
		n := gopitLeakRuntime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// gopitLeakIDs reads the ids of the "goroutine N [...]:" headers of a dump.
func gopitLeakIDs(dump []byte) map[uint64]bool {
	ids := map[uint64]bool{}
	for _, line := range gopitLeakBytes.Split(dump, []byte("\n")) {
		if !gopitLeakBytes.HasPrefix(line, []byte("goroutine ")) {
			continue
		}
		var id uint64
		n := len("goroutine ")
		for n < len(line) && line[n] >= '0' && line[n] <= '9' {
			id = id*10 + uint64(line[n]-'0')
			n++
		}
		if n > len("goroutine ") {
			ids[id] = true
		}
	}
	return ids
}

// gopitLeakSettle looks for goroutines that were not there before the tests,
// and while there are some, looks again after 1, 2, 4, ... ms until `settle`
// is spent. It returns the last dump, whether it holds such goroutines, and
// how many looks it took. Goroutines gopit will drop anyway are not waited
// for (they would hold a clean package for the whole settle): those one of
// its ignore rules matches (`skip`: "top=F", "frame=F" or "created-by=F"
// lines) and those started from before the tests.
func gopitLeakSettle(before map[uint64]bool, settle gopitLeakTime.Duration, skip string) ([]byte, bool, int) {
	deadline := gopitLeakTime.Now().Add(settle)
	wait := gopitLeakTime.Millisecond
	rules := gopitLeakBytes.Split([]byte(skip), []byte("\n"))
	for tries := 1; ; tries++ {
		dump := gopitLeakStacks()
		fresh := false
		for _, block := range gopitLeakBytes.Split(dump, []byte("\n\n")) {
			ids := gopitLeakIDs(block)
			for id := range ids {
				if !before[id] && !gopitLeakSkipped(block, rules) && !gopitLeakFromBefore(block, before) {
					fresh = true
				}
			}
			if fresh {
				break
			}
		}
		left := gopitLeakTime.Until(deadline)
		if !fresh || left <= 0 {
			return dump, fresh, tries
		}
		if wait > left {
			wait = left
		}
		gopitLeakTime.Sleep(wait)
		wait *= 2
	}
}

// gopitLeakSkipped says whether one goroutine's block of a dump matches one
// of `rules` as gopit matches it: "top=" the first frame's function,
// "frame=" any of its frames', "created-by=" its creator's; a name ending
// in '*' is a prefix.
func gopitLeakSkipped(block []byte, rules [][]byte) bool {
	lines := gopitLeakBytes.Split(block, []byte("\n"))
	for _, r := range rules {
		eq := gopitLeakBytes.IndexByte(r, '=')
		if eq < 0 || eq == len(r)-1 {
			continue
		}
		kind, name := r[:eq], r[eq+1:]
		frame := 0
		for _, line := range lines[1:] {
			if len(line) == 0 || line[0] == '\t' {
				continue
			}
			if gopitLeakBytes.HasPrefix(line, []byte("[originating from")) {
				break
			}
			if gopitLeakBytes.HasPrefix(line, []byte("created by ")) {
				if string(kind) == "created-by" && gopitLeakFunc(line[len("created by "):], name) {
					return true
				}
				continue
			}
			frame++
			if (string(kind) == "frame" || (string(kind) == "top" && frame == 1)) && gopitLeakFunc(line, name) {
				return true
			}
		}
	}
	return false
}

// gopitLeakFromBefore says whether a goroutine was started, directly or by
// a recorded ancestor, by one that was there before the tests, with no test
// function anywhere in its stacks: gopit does not count those as a test's
// (a server that init started, serving a test's keep-alive connection), so
// the settle does not wait for them either.
func gopitLeakFromBefore(block []byte, before map[uint64]bool) bool {
	if gopitLeakBytes.Contains(block, []byte(".Test")) {
		return false
	}
	for _, line := range gopitLeakBytes.Split(block, []byte("\n")) {
		at := -1
		if i := gopitLeakBytes.Index(line, []byte(" in goroutine ")); i >= 0 && gopitLeakBytes.HasPrefix(line, []byte("created by ")) {
			at = i + len(" in goroutine ")
		} else if gopitLeakBytes.HasPrefix(line, []byte("[originating from goroutine ")) {
			at = len("[originating from goroutine ")
		}
		if at < 0 {
			continue
		}
		id, n := uint64(0), at
		for n < len(line) && line[n] >= '0' && line[n] <= '9' {
			id = id*10 + uint64(line[n]-'0')
			n++
		}
		if n > at && before[id] {
			return true
		}
	}
	return false
}

// gopitLeakFunc says whether a stack line ("pkg.F(0x1)", "pkg.F in
// goroutine 1") names the function `name` (or one it is the '*' prefix of).
func gopitLeakFunc(line, name []byte) bool {
	if name[len(name)-1] == '*' {
		return gopitLeakBytes.HasPrefix(line, name[:len(name)-1])
	}
	if !gopitLeakBytes.HasPrefix(line, name) {
		return false
	}
	return len(line) == len(name) || line[len(name)] == '(' || line[len(name)] == ' '
}

// gopitLeakHash names a package's files: FNV-1a (64 bit) of its directory.
func gopitLeakHash(dir string) string {
	h := uint64(14695981039346656037)
	for i := 0; i < len(dir); i++ {
		h ^= uint64(dir[i])
		h *= 1099511628211
	}
	return gopitLeakFmt.Sprintf("%016x", h)
}

// gopitLeakWrite writes a file whole or not at all, so gopit never reads
// half of one.
func gopitLeakWrite(name string, data []byte) {
	tmp := name + ".tmp"
	if gopitLeakOS.WriteFile(tmp, data, 0o644) == nil {
		gopitLeakOS.Rename(tmp, name)
	}
}

// leakcheck:end
