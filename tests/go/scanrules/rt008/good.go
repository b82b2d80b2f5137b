package rt008

import (
	"errors"
	"net"
	"reflect"
	"sync"
)

// A registry: filled by Register, called from other packages' init.
type Driver interface{ Open(name string) (net.Conn, error) }

var (
	driversMu sync.RWMutex
	drivers   = make(map[string]Driver)
)

func Register(name string, d Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	drivers[name] = d
}

// A table filled in init.
var statusText = map[int]string{}

func init() {
	for code, text := range map[int]string{200: "OK", 404: "Not Found"} {
		statusText[code] = text
	}
	addStatus(500, "Internal Server Error")
}

// Called only from init.
func addStatus(code int, text string) { statusText[code] = text }

// Connections by address, removed when they close.
var (
	connsMu sync.Mutex
	conns   = map[string]net.Conn{}
)

func track(addr string, c net.Conn) {
	connsMu.Lock()
	conns[addr] = c
	connsMu.Unlock()
}

func untrack(addr string) {
	connsMu.Lock()
	delete(conns, addr)
	connsMu.Unlock()
}

// In-flight requests in a sync.Map, deleted when done.
var inflight sync.Map

func Begin(id string, cancel func()) { inflight.Store(id, cancel) }

func End(id string) {
	if v, ok := inflight.LoadAndDelete(id); ok {
		v.(func())()
	}
}

// Counters with fixed, constant keys.
var stats = map[string]int{}

const statErrors = "errors"

func recordRequest(err error) {
	stats["requests"]++
	if err != nil {
		stats[statErrors]++
	}
}

// A cache that bounds itself.
const maxEntries = 1024

var (
	cacheMu sync.Mutex
	cache   = map[string][]byte{}
)

func Put(k string, v []byte) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if len(cache) >= maxEntries {
		for old := range cache {
			delete(cache, old)
			break
		}
	}
	cache[k] = v
}

// A per-type cache: one entry per type of the program at most.
var fieldCache sync.Map

func fieldsOf(t reflect.Type) []string {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]string)
	}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		names = append(names, t.Field(i).Name)
	}
	fieldCache.Store(t, names)
	return names
}

// A table built once on first use.
var (
	lookupOnce sync.Once
	lookup     map[string]int
)

func codeOf(name string) (int, error) {
	lookupOnce.Do(func() {
		lookup = map[string]int{}
		for i, n := range []string{"low", "mid", "high"} {
			lookup[n] = i
		}
	})
	if c, ok := lookup[name]; ok {
		return c, nil
	}
	return 0, errors.New("unknown level " + name)
}

// A local map of the same name is not the package's.
func countWords(words []string) map[string]int {
	hits := map[string]int{}
	for _, w := range words {
		hits[w]++
	}
	return hits
}

// A map reset as a whole when it is flushed.
var pending = map[string]int{}

func add(k string, n int) { pending[k] += n }

func flush() map[int]int {
	out := map[int]int{len(pending): 1}
	pending = map[string]int{}
	return out
}
