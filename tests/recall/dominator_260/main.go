// Shape of Symantec/Dominator#260: the dominator forced a full garbage
// collection with runtime.GC() on its regular work path, an expensive
// stop-the-world pause that the change removed.
package main

import (
	"fmt"
	"runtime"
)

type subInfo struct {
	hostname string
	files    map[string][]byte
}

type herd struct {
	subs map[string]*subInfo
}

func (h *herd) pollNextSub(name string) {
	if sub, ok := h.subs[name]; ok {
		sub.files = nil
	}
	runtime.GC() // want RT001
}

func main() {
	h := &herd{subs: map[string]*subInfo{"a": {hostname: "a"}}}
	h.pollNextSub("a")
	fmt.Println(len(h.subs))
}
