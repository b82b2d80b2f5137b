// Package testtimeout holds a test that never finishes, so that
// `go test -timeout 3s` prints the runtime's goroutine dump in the middle
// of ordinary test output. It only runs when GOPIT_TIMEOUT_DEMO=1, so
// `go test ./...` in this module stays quick.
package testtimeout

import (
	"os"
	"sync"
	"testing"
	"time"
)

func skipUnlessDemo(t *testing.T) {
	t.Helper()
	if os.Getenv("GOPIT_TIMEOUT_DEMO") != "1" {
		t.Skip("set GOPIT_TIMEOUT_DEMO=1 to run the timeout demo")
	}
}

func TestQuick(t *testing.T) {
	skipUnlessDemo(t)
	t.Log("this one passes")
}

// fetchAll fans out to workers and waits for them; one worker never
// returns because its result channel has no reader left.
func fetchAll(n int) {
	var wg sync.WaitGroup
	results := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i
		}(i)
	}
	// Reads one result fewer than was sent: the last sender blocks, and
	// so does Wait.
	for i := 0; i < n-1; i++ {
		<-results
	}
	wg.Wait()
}

func TestStuck(t *testing.T) {
	skipUnlessDemo(t)
	go func() {
		time.Sleep(time.Hour)
	}()
	fetchAll(4)
}
