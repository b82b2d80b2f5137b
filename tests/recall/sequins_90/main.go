// Shape of stripe-archive/sequins#90: the watcher took w.lock and then
// w.hooksLock on one path, and w.hooksLock and then w.lock on another, so
// two goroutines could each hold one and wait for the other forever.
package main

import (
	"sync"
	"time"
)

type watcher struct {
	lock      sync.Mutex
	hooksLock sync.Mutex
	versions  map[string]time.Time
	hooks     []func(string)
}

// addVersion runs when the backend reports a new version.
func (w *watcher) addVersion(v string) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.versions[v] = time.Now()
	w.hooksLock.Lock() // want LOCK005
	for _, h := range w.hooks {
		h(v)
	}
	w.hooksLock.Unlock()
}

// addHook registers a hook and replays the known versions to it.
func (w *watcher) addHook(h func(string)) {
	w.hooksLock.Lock()
	defer w.hooksLock.Unlock()
	w.hooks = append(w.hooks, h)
	w.lock.Lock()
	for v := range w.versions {
		h(v)
	}
	w.lock.Unlock()
}

func main() {
	w := &watcher{versions: map[string]time.Time{}}
	go w.addHook(func(string) {})
	w.addVersion("v1")
}
