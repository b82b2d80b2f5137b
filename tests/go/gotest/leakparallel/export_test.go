package leakparallel

import (
	"testing"
	"time"
)

func TestExportTimesOut(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	ok, _ := doWithTimeout(time.Millisecond, func() error {
		<-release // a slow exporter: done only after the caller gave up
		return nil
	})
	close(release)
	if ok {
		t.Fatal("export finished before its timeout")
	}
}

func TestExportFast(t *testing.T) {
	t.Parallel()
	time.Sleep(50 * time.Millisecond) // ends after the leaking test
	ok, err := doWithTimeout(time.Minute, func() error { return nil })
	if !ok || err != nil {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
}
