// Package slow has the shape of etcd-io/etcd#6464 (TestCtlV3Lock timing
// out): a test polls for a condition that does not come within the test's
// time. It is hung, but it is not a deadlock: the goroutine sleeps and
// would look again.
package slow

import "time"

// waitFor polls cond every interval until it holds.
func waitFor(cond func() bool, interval time.Duration) {
	for !cond() {
		time.Sleep(interval) // want hung
	}
}
