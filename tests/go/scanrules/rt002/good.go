package rt002

import "runtime"

// The usual pairing.
func WithNetNSDeferred(h nsHandle, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := setNS(h); err != nil {
		return err
	}
	return fn()
}

// A dedicated OS-thread worker: owns its thread until it exits.
func threadWorker(calls <-chan func()) {
	runtime.LockOSThread()
	for f := range calls {
		f()
	}
}

// Every path unlocks, the error path first.
func (c *glContext) Draw() error {
	runtime.LockOSThread()
	if err := c.makeCurrent(); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	runtime.UnlockOSThread()
	return nil
}

// Unlocked through a helper of the package.
func release() { runtime.UnlockOSThread() }

func withThread(fn func()) {
	runtime.LockOSThread()
	fn()
	release()
}

// Deferred unlock in a closure.
func withThreadClosure(fn func() error) (err error) {
	runtime.LockOSThread()
	defer func() {
		runtime.UnlockOSThread()
	}()
	return fn()
}

// Locks and unlocks under the same condition.
func maybeLock(lock bool, fn func()) {
	if lock {
		runtime.LockOSThread()
	}
	fn()
	if lock {
		runtime.UnlockOSThread()
	}
}

// Panics out while locked: not reported.
func mustPin(ok bool) {
	runtime.LockOSThread()
	if !ok {
		panic("cannot pin")
	}
	runtime.UnlockOSThread()
}

// A goroutine that exits with its thread locked on purpose, so that the
// runtime discards the thread whose state it changed.
func startProbes(q <-chan int, r chan<- int, once bool) {
	probe := func() {
		for x := range q {
			runtime.LockOSThread()
			r <- x
			if once {
				break
			}
			runtime.UnlockOSThread()
		}
	}
	go probe()
	go func() {
		runtime.LockOSThread()
		if x, ok := <-q; ok && x < 0 {
			return
		}
		runtime.UnlockOSThread()
	}()
}

// A package function started as a goroutine.
func taintThread(h nsHandle) {
	runtime.LockOSThread()
	if err := setNS(h); err != nil {
		return
	}
	runtime.UnlockOSThread()
}

func spawnTainted(h nsHandle) { go taintThread(h) }
