// Command bigdump generates the benchmark input: a goroutine dump of a
// process with a very large number of goroutines (one million by default)
// spread over 30 blocking sites, with stacks 3 to 12 frames deep.
//
//	bigdump [-n 1000000] [-out bigdump.txt] [-manifest FILE]
//
// It parks every goroutine, writes runtime.Stack(buf, true) to -out with a
// buffer big enough for all of it (no 64 MiB cap, unlike debug=2) and
// exits. A site is a (wait kind, depth) pair; populations are skewed the
// way real services are (the first site is the largest). -manifest writes
// the populations per site.
//
// Cost per million goroutines (go1.26.8, 2 cores): about 7.5 s to park
// them, 10 s for runtime.Stack, 2 GiB of goroutine stacks, 0.9 GB of text
// (1.6 GB buffer), 3.6 GB peak RSS, 20 s in all.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

type kind int

const (
	chanRecv kind = iota
	chanSend
	selectTwo
	mutexLock
	waitGroup
	condWait
	sleeping
	rwRLock
	numKinds
)

var stateOf = [...]string{
	chanRecv:  "chan receive",
	chanSend:  "chan send",
	selectTwo: "select",
	mutexLock: "sync.Mutex.Lock",
	waitGroup: "sync.WaitGroup.Wait",
	condWait:  "sync.Cond.Wait",
	sleeping:  "sleep",
	rwRLock:   "sync.RWMutex.RLock",
}

// site is one blocking site: every goroutine of a site has the same stack.
type site struct {
	Index int    `json:"index"`
	State string `json:"state"`
	// Depth counts the frames of this program's code on the stack: the
	// goroutine's entry function, the hops and the waiting leaf.
	Depth int    `json:"depth"`
	Leaf  string `json:"leaf"`
	Count int    `json:"count"`

	kind kind
	tag  string
	ch   chan int
	ch2  chan int
	mu   *sync.Mutex
	rw   *sync.RWMutex
	wg   *sync.WaitGroup
	cond *sync.Cond
}

var leafName = [...]string{
	chanRecv:  "main.recvLeaf",
	chanSend:  "main.sendLeaf",
	selectTwo: "main.selectLeaf",
	mutexLock: "main.lockLeaf",
	waitGroup: "main.waitGroupLeaf",
	condWait:  "main.condLeaf",
	sleeping:  "main.sleepLeaf",
	rwRLock:   "main.readLockLeaf",
}

//go:noinline
func recvLeaf(s *site, id int) { <-s.ch }

//go:noinline
func sendLeaf(s *site, id int) { s.ch <- id }

//go:noinline
func selectLeaf(s *site, id int) {
	select {
	case <-s.ch:
	case <-s.ch2:
	}
}

//go:noinline
func lockLeaf(s *site, id int) { s.mu.Lock() }

//go:noinline
func waitGroupLeaf(s *site, id int) { s.wg.Wait() }

//go:noinline
func condLeaf(s *site, id int) {
	s.cond.L.Lock()
	for {
		s.cond.Wait()
	}
}

//go:noinline
func sleepLeaf(s *site, id int) { time.Sleep(1000 * time.Hour) }

//go:noinline
func readLockLeaf(s *site, id int) { s.rw.RLock() }

//go:noinline
func leaf(s *site, id int) {
	switch s.kind {
	case chanRecv:
		recvLeaf(s, id)
	case chanSend:
		sendLeaf(s, id)
	case selectTwo:
		selectLeaf(s, id)
	case mutexLock:
		lockLeaf(s, id)
	case waitGroup:
		waitGroupLeaf(s, id)
	case condWait:
		condLeaf(s, id)
	case sleeping:
		sleepLeaf(s, id)
	case rwRLock:
		readLockLeaf(s, id)
	}
}

// The hops give stacks their depth; each has its own name so that stacks
// of different depths differ frame by frame, and they carry arguments so
// frames print with values.

//go:noinline
func hop1(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop2(s, id, left-1, tag)
}

//go:noinline
func hop2(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop3(s, id, left-1, tag)
}

//go:noinline
func hop3(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop4(s, id, left-1, tag)
}

//go:noinline
func hop4(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop5(s, id, left-1, tag)
}

//go:noinline
func hop5(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop6(s, id, left-1, tag)
}

//go:noinline
func hop6(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop7(s, id, left-1, tag)
}

//go:noinline
func hop7(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop8(s, id, left-1, tag)
}

//go:noinline
func hop8(s *site, id int, left int, tag string) {
	if left == 0 {
		leaf(s, id)
		return
	}
	hop9(s, id, left-1, tag)
}

//go:noinline
func hop9(s *site, id int, left int, tag string) {
	leaf(s, id)
}

// worker is every goroutine's entry function. With depth d the stack holds
// worker, d-3 hops, leaf and the kind's own leaf function: d frames.
//
//go:noinline
func worker(s *site, id int) {
	hops := s.Depth - 3
	if hops == 0 {
		leaf(s, id)
		return
	}
	hop1(s, id, hops-1, s.tag)
}

const numSites = 30

func newSites(n int) []*site {
	// Weights 30, 29, ..., 1: a few big buckets and a long tail.
	total := numSites * (numSites + 1) / 2
	sites := make([]*site, numSites)
	assigned := 0
	for i := range sites {
		k := kind(i % int(numKinds))
		depth := 3 + (i*7)%10 // 3..12; (kind, depth) pairs are all distinct
		count := n * (numSites - i) / total
		if i == numSites-1 {
			count = n - assigned
		}
		assigned += count
		s := &site{
			Index: i, State: stateOf[k], Depth: depth, Leaf: leafName[k], Count: count,
			kind: k, tag: fmt.Sprintf("site-%02d", i),
			ch: make(chan int), ch2: make(chan int),
			mu: &sync.Mutex{}, rw: &sync.RWMutex{}, wg: &sync.WaitGroup{},
			cond: sync.NewCond(&sync.Mutex{}),
		}
		s.mu.Lock()
		s.rw.Lock()
		s.wg.Add(1)
		sites[i] = s
	}
	return sites
}

func main() {
	n := flag.Int("n", 1000000, "number of parked goroutines")
	out := flag.String("out", "bigdump.txt", "write the dump to `FILE`")
	manifest := flag.String("manifest", "", "write per-site populations to `FILE`")
	flag.Parse()
	if *n < numSites {
		fmt.Fprintf(os.Stderr, "bigdump: -n must be at least %d\n", numSites)
		os.Exit(2)
	}

	base := runtime.NumGoroutine()
	sites := newSites(*n)
	t0 := time.Now()
	id := 0
	for _, s := range sites {
		for j := 0; j < s.Count; j++ {
			go worker(s, id)
			id++
		}
	}
	for runtime.NumGoroutine() < base+*n {
		time.Sleep(50 * time.Millisecond)
	}
	// Let the last ones reach their wait; mutex and cond waiters spin for
	// a moment before they park.
	time.Sleep(2 * time.Second)
	tStart := time.Since(t0)

	t1 := time.Now()
	buf := make([]byte, *n*1600+(1<<20))
	var size int
	for {
		size = runtime.Stack(buf, true)
		if size < len(buf) {
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	tDump := time.Since(t1)

	if err := os.WriteFile(*out, buf[:size], 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bigdump:", err)
		os.Exit(1)
	}
	if *manifest != "" {
		b, _ := json.MarshalIndent(map[string]any{
			"program": "bigdump", "go_version": runtime.Version(), "goroutines": *n, "sites": sites,
		}, "", "  ")
		if err := os.WriteFile(*manifest, append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "bigdump:", err)
			os.Exit(1)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(os.Stderr, "bigdump: %d goroutines parked in %v; runtime.Stack took %v; %d bytes to %s; stacks in use %d MiB, sys %d MiB\n",
		*n, tStart.Round(time.Millisecond), tDump.Round(time.Millisecond), size, *out,
		ms.StackInuse>>20, ms.Sys>>20)
}
