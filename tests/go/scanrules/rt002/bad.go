// Package rt002 holds the shapes RT002 (lockosthread-unpaired) must report:
// each `want` comment names the rule expected on its line.
package rt002

import (
	"errors"
	"runtime"
)

var errNoNamespace = errors.New("no namespace")

type nsHandle int

func currentNS() (nsHandle, error) { return 1, nil }
func setNS(h nsHandle) error {
	if h < 0 {
		return errNoNamespace
	}
	return nil
}

// Switching network namespace: the error path keeps the thread locked.
func WithNetNS(h nsHandle, fn func() error) error {
	runtime.LockOSThread() // want RT002
	orig, err := currentNS()
	if err != nil {
		return err
	}
	if err := setNS(h); err != nil {
		return err
	}
	err = fn()
	setNS(orig)
	runtime.UnlockOSThread()
	return err
}

// A cgo-style library context bound to the thread: unlocked only when the
// call succeeds.
type glContext struct{ current bool }

func (c *glContext) makeCurrent() error {
	if c == nil {
		return errors.New("nil context")
	}
	c.current = true
	return nil
}

func (c *glContext) Render(frame []byte) error {
	runtime.LockOSThread() // want RT002
	if err := c.makeCurrent(); err != nil {
		return err
	}
	_ = frame
	runtime.UnlockOSThread()
	return nil
}

// A worker that unlocks at the end of a job but not when it skips one.
func worker(jobs <-chan func() bool) {
	for job := range jobs {
		runtime.LockOSThread() // want RT002
		if !job() {
			continue
		}
		runtime.UnlockOSThread()
	}
}

// Falls off the end locked on one branch.
func maybePin(pin bool, work func()) {
	runtime.LockOSThread() // want RT002
	work()
	if !pin {
		runtime.UnlockOSThread()
	}
}
