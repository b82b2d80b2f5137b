// Package asleep has the shape of golang/go#5746 (net/rpc's server_test of
// the time): a test starts callers in goroutines and each calls t.Fatalf on
// an error before its wg.Done. t.Fatalf ends only that goroutine
// (runtime.Goexit), so Done never runs and the test blocks in Wait. Run with
// `go test -timeout 0` no alarm timer is left, and the runtime stops the
// binary itself: "fatal error: all goroutines are asleep - deadlock!".
package asleep

import "errors"

var errDivZero = errors.New("division by zero")

func Div(a, b int) (int, error) {
	if b == 0 {
		return 0, errDivZero
	}
	return a / b, nil
}
