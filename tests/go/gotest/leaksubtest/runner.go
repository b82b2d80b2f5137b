// Package leaksubtest leaks from a subtest, in the shape of kubernetes'
// pkg/util/async/bounded_frequency_runner_test.go (kubernetes/kubernetes#107095):
// stopping the runner makes its loop stop the fake timer, whose Stop sends
// on an unbuffered channel the test never reads again.
package leaksubtest

import "time"

type fakeTimer struct {
	updated chan time.Duration
}

func (ft *fakeTimer) Stop() bool {
	ft.updated <- 0 // want leak: the test no longer reads updated
	return true
}

type runner struct {
	timer *fakeTimer
	stop  chan struct{}
}

func newRunner() *runner {
	return &runner{timer: &fakeTimer{updated: make(chan time.Duration)}, stop: make(chan struct{})}
}

// Loop runs until stopped, then stops its timer.
func (r *runner) Loop() {
	<-r.stop
	r.timer.Stop()
}
