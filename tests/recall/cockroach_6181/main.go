// Shape of cockroachdb/cockroach#6181: the range descriptor cache logged
// itself while holding its read lock, and its String method read-locks the
// cache again; with a writer queued between the two, lookups deadlocked.
package main

import (
	"fmt"
	"log"
	"sync"
)

type rangeDescriptorCache struct {
	rangeCacheMu sync.RWMutex
	ranges       map[string]string
}

func (rdc *rangeDescriptorCache) String() string {
	rdc.rangeCacheMu.RLock()
	defer rdc.rangeCacheMu.RUnlock()
	return fmt.Sprintf("%d cached ranges", len(rdc.ranges))
}

func (rdc *rangeDescriptorCache) LookupRangeDescriptor(key string) (string, bool) {
	rdc.rangeCacheMu.RLock()
	desc, ok := rdc.ranges[key]
	log.Printf("lookup %q in %s", key, rdc) // want LOCK004
	rdc.rangeCacheMu.RUnlock()
	if !ok {
		rdc.rangeCacheMu.Lock()
		rdc.ranges[key] = "r1"
		rdc.rangeCacheMu.Unlock()
	}
	return desc, ok
}

func main() {
	rdc := &rangeDescriptorCache{ranges: map[string]string{}}
	fmt.Println(rdc.LookupRangeDescriptor("a"))
}
