// Package parallelhang has the shape of cockroachdb/cockroach#37072: subtests
// that call t.Parallel only start after their parent's function returns, so
// a parent that waits for its subtests' results (here on a channel) waits
// forever. Without t.Parallel the same test passes.
package parallelhang

import "testing"

func TestSerialWorkers(t *testing.T) {
	results := make(chan int, 2)
	for i := 0; i < 2; i++ {
		t.Run("worker", func(t *testing.T) { results <- 1 })
	}
	<-results
	<-results
}

func TestParallelWorkers(t *testing.T) {
	results := make(chan int)
	for i := 0; i < 2; i++ {
		t.Run("worker", func(t *testing.T) {
			t.Parallel()
			results <- 1
		})
	}
	<-results // want hung
	<-results
}
