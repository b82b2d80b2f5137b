//go:build go1.25

// synctest needs the timers of Go 1.23+, which this module's go 1.22 line
// would otherwise turn off.
//go:debug asynctimerchan=0

package synctestwait

import (
	"testing"
	"testing/synctest"
)

func send(it string) error {
	if it == "" {
		return errEmpty
	}
	return nil
}

func TestFlushAllGood(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if err := flushAll([]string{"a", "b"}, send); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFlushAllWithEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if err := flushAll([]string{"a", ""}, send); err == nil {
			t.Fatal("want the empty item's error")
		}
	})
}
