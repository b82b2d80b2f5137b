package asleep

import (
	"sync"
	"testing"
)

func TestDiv(t *testing.T) {
	if q, err := Div(6, 3); err != nil || q != 2 {
		t.Fatalf("Div(6, 3) = %d, %v", q, err)
	}
}

func TestConcurrentDiv(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			if _, err := Div(12, i); err != nil {
				t.Fatalf("Div(12, %d): %v", i, err) // ends this goroutine: wg.Done is skipped
			}
			wg.Done()
		}(i)
	}
	wg.Wait() // want hung
}
