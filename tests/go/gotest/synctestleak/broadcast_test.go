//go:build go1.25

// synctest needs the timers of Go 1.23+, which this module's go 1.22 line
// would otherwise turn off.
//go:debug asynctimerchan=0

package synctestleak

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestBroadcasterSucceeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewBroadcaster(func(int) error { return nil })
		go b.Run()
		if r := <-b.Results(); r.Err != nil {
			t.Fatal(r.Err)
		}
	})
}

func TestBroadcasterRetriesTransientError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		b := NewBroadcaster(func(attempt int) error {
			calls.Add(1)
			if attempt == 1 {
				return errTransient
			}
			return nil
		})
		go b.Run() // started
		if r := <-b.Results(); r.Err == nil {
			t.Fatal("the first attempt should fail")
		}
		time.Sleep(time.Second) // past the backoff: the retry has run
		if n := calls.Load(); n != 2 {
			t.Fatalf("published %d times, want 2", n)
		}
		// The test ends here: the second attempt's result is never read.
	})
}
