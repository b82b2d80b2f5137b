// Shape of grafana/tempo#6380: runtime.GC calls on the hot path after
// flushing blocks, removed because GOMEMLIMIT already bounds the heap.
package main

import (
	"fmt"
	"runtime"
)

type block struct {
	id    string
	spans [][]byte
}

type ingester struct {
	flushed int
}

func (i *ingester) completeBlock(b *block) error {
	i.flushed += len(b.spans)
	b.spans = nil
	runtime.GC() // want RT001
	return nil
}

func main() {
	i := &ingester{}
	fmt.Println(i.completeBlock(&block{id: "b1", spans: [][]byte{{1}}}), i.flushed)
}
