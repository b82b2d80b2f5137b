// Shape of kubernetes/kubernetes#1321: the watch multiplexer distributed each
// event to the watchers' unbuffered result channels while holding its lock, and
// a watcher's Stop, called by the consumer that would read the next event,
// needs that lock to unregister.
package main

import (
	"fmt"
	"sync"
)

type event struct{ kind string }

type muxWatcher struct {
	id     int64
	result chan event
	m      *mux
}

type mux struct {
	lock     sync.Mutex
	watchers map[int64]*muxWatcher
	nextID   int64
}

func (m *mux) Watch() *muxWatcher {
	m.lock.Lock()
	defer m.lock.Unlock()
	w := &muxWatcher{id: m.nextID, result: make(chan event), m: m}
	m.watchers[w.id] = w
	m.nextID++
	return w
}

func (m *mux) distribute(e event) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, w := range m.watchers {
		w.result <- e // want LOCK002
	}
}

func (w *muxWatcher) Stop() {
	w.m.lock.Lock()
	defer w.m.lock.Unlock()
	delete(w.m.watchers, w.id)
	close(w.result)
}

func main() {
	m := &mux{watchers: map[int64]*muxWatcher{}}
	w := m.Watch()
	go func() {
		fmt.Println(<-w.result)
		w.Stop()
	}()
	m.distribute(event{kind: "ADDED"})
}
