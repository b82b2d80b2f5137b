// Package leakparallel leaks from one of two parallel tests, in the shape of
// opentelemetry-collector-contrib's groupbytraceprocessor doWithTimeout
// (open-telemetry/opentelemetry-collector-contrib#1505): on timeout the
// caller returns and the worker blocks forever sending its result on an
// unbuffered channel. The clean parallel test ends last, so a check at the
// end of the run would blame the wrong test.
package leakparallel

import "time"

// doWithTimeout runs do, giving up after timeout.
func doWithTimeout(timeout time.Duration, do func() error) (bool, error) {
	done := make(chan error)
	go func() {
		done <- do() // want leak: after a timeout nobody receives
	}()
	select {
	case <-time.After(timeout):
		return false, nil
	case err := <-done:
		return true, err
	}
}
