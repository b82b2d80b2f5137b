// Shape of kubernetes/kubernetes#62464: the CPU manager's state read-locked
// itself in GetCPUSetOrDefault and then called GetCPUSet, which read-locks
// again; a concurrent SetDefaultCPUSet waiting for the write lock turned the
// recursive read lock into a deadlock.
package main

import (
	"fmt"
	"sync"
)

type cpuSet []int

type stateMemory struct {
	sync.RWMutex
	assignments   map[string]cpuSet
	defaultCPUSet cpuSet
}

func (s *stateMemory) GetCPUSet(containerID string) (cpuSet, bool) {
	s.RLock()
	defer s.RUnlock()
	res, ok := s.assignments[containerID]
	return res, ok
}

func (s *stateMemory) GetCPUSetOrDefault(containerID string) cpuSet {
	s.RLock()
	defer s.RUnlock()
	if res, ok := s.GetCPUSet(containerID); ok { // want LOCK004
		return res
	}
	return s.defaultCPUSet
}

func (s *stateMemory) SetDefaultCPUSet(cset cpuSet) {
	s.Lock()
	defer s.Unlock()
	s.defaultCPUSet = cset
}

func main() {
	s := &stateMemory{assignments: map[string]cpuSet{}, defaultCPUSet: cpuSet{0, 1}}
	go s.SetDefaultCPUSet(cpuSet{2, 3})
	fmt.Println(s.GetCPUSetOrDefault("c1"))
}
