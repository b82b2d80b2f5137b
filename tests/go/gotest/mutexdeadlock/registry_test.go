package mutexdeadlock

import (
	"testing"
	"time"
)

func TestPut(t *testing.T) {
	r := &registry{entries: map[string]int{}}
	r.put("a", 1)
	if r.size() != 1 {
		t.Fatal("size")
	}
}

func TestSummaryWithWriter(t *testing.T) {
	r := &registry{entries: map[string]int{}}
	r.between = func() {
		go r.put("b", 2)
		time.Sleep(20 * time.Millisecond) // the writer is queued on mu by now
	}
	r.summary()
}
