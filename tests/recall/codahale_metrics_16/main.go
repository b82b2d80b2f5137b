// Shape of codahale/metrics#16: the package kept its counters, gauges and
// histograms under three package-level mutexes, and two functions took two
// of them in opposite orders; a goroutine dump of the hung process showed
// each holding one and waiting for the other.
package main

import (
	"fmt"
	"sync"
)

var (
	cm       sync.Mutex
	counters = map[string]uint64{}

	gm     sync.Mutex
	gauges = map[string]func() int64{}

	hm         sync.Mutex
	histograms = map[string][]int64{}
)

// Snapshot reports every gauge and, for each histogram, a gauge of its size.
func Snapshot() map[string]int64 {
	out := map[string]int64{}
	gm.Lock()
	defer gm.Unlock()
	for name, g := range gauges {
		out[name] = g()
	}
	hm.Lock() // want LOCK005
	for name, h := range histograms {
		out[name+".count"] = int64(len(h))
	}
	hm.Unlock()
	return out
}

// NewHistogram registers a histogram and a gauge of its largest value.
func NewHistogram(name string) {
	hm.Lock()
	defer hm.Unlock()
	histograms[name] = nil
	gm.Lock()
	gauges[name+".max"] = func() int64 { return maxOf(name) }
	gm.Unlock()
}

func maxOf(name string) int64 {
	var m int64
	for _, v := range histograms[name] {
		if v > m {
			m = v
		}
	}
	return m
}

func Counter(name string) {
	cm.Lock()
	counters[name]++
	cm.Unlock()
}

func main() {
	go NewHistogram("latency")
	Counter("requests")
	fmt.Println(Snapshot())
}
