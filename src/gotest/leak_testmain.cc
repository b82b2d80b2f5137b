// The Go text of the generated TestMain. The check itself (between the
// leakcheck markers) is gopittest/gopittest.go's, character for character;
// tests/unit/gotest/leak_testmain_test.cc keeps them identical.
#include "gotest/leak_testmain.h"

namespace gopit {
namespace {

constexpr const char* kImports = R"GO(import (
	gopitLeakBytes "bytes"
	gopitLeakFmt "fmt"
	gopitLeakOS "os"
	gopitLeakFilepath "path/filepath"
	gopitLeakRuntime "runtime"
	gopitLeakPprof "runtime/pprof"
	"testing"
	gopitLeakTime "time"
)
)GO";

constexpr const char* kCore = R"GO(// leakcheck:begin
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
)GO";

// Go's strconv.Quote for the plain text an import path is.
std::string GoQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string GeneratedTestMain(const std::string& package_name, const std::string& import_path) {
  std::string out = "// Code generated by gopit test (leak check); DO NOT EDIT.\n\n";
  out += "package " + package_name + "\n\n";
  out += kImports;
  out += "\nfunc TestMain(m *testing.M) {\n\tgopitLeakOS.Exit(gopitLeakRun(m, " +
         GoQuote(import_path) + ", \"overlay\"))\n}\n\n";
  out += kCore;
  return out;
}

std::string_view GeneratedLeakCore() {
  return kCore;
}

}  // namespace gopit
