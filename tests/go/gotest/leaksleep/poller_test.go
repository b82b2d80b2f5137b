package leaksleep

import (
	"testing"
	"time"
)

func TestWorkerCounts(t *testing.T) {
	w := &Worker{Interval: time.Millisecond}
	w.Start()
	for w.Value.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
}
