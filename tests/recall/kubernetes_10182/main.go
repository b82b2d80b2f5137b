// Shape of kubernetes/kubernetes#10182: the kubelet status manager sent pod
// status updates on an unbuffered channel while holding its lock, and the
// goroutine that drains that channel takes the same lock for each batch.
package main

import (
	"fmt"
	"sync"
)

type podStatus struct {
	pod   string
	phase string
}

type statusManager struct {
	podStatusesLock  sync.RWMutex
	podStatuses      map[string]podStatus
	podStatusChannel chan podStatus
}

func newStatusManager() *statusManager {
	return &statusManager{podStatuses: map[string]podStatus{}, podStatusChannel: make(chan podStatus)}
}

func (m *statusManager) SetPodStatus(s podStatus) {
	m.podStatusesLock.Lock()
	defer m.podStatusesLock.Unlock()
	if old, ok := m.podStatuses[s.pod]; ok && old == s {
		return
	}
	m.podStatuses[s.pod] = s
	m.podStatusChannel <- s // want LOCK002
}

func (m *statusManager) syncBatch() {
	s := <-m.podStatusChannel
	m.podStatusesLock.RLock()
	_, known := m.podStatuses[s.pod]
	m.podStatusesLock.RUnlock()
	fmt.Println("synced", s.pod, known)
}

func main() {
	m := newStatusManager()
	go m.syncBatch()
	m.SetPodStatus(podStatus{pod: "web-0", phase: "Running"})
}
