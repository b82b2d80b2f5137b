package leaksubtest

import "testing"

func TestBoundedRunner(t *testing.T) {
	t.Run("stop", func(t *testing.T) {
		r := newRunner()
		go r.Loop()
		r.stop <- struct{}{}
	})
	t.Run("drained", func(t *testing.T) {
		r := newRunner()
		go r.Loop()
		r.stop <- struct{}{}
		<-r.timer.updated
	})
}
