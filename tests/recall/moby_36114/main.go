// Shape of moby/moby#36114: the LCOW service VM hot-added the disks listed at
// start while holding the VM's lock, through a helper that takes the same lock
// for each disk: the first disk deadlocked the VM.
package main

import (
	"fmt"
	"sync"
)

type serviceVM struct {
	sync.Mutex
	attached map[string]int
	refs     int
}

func (svm *serviceVM) hotAddVHD(path string) error {
	svm.Lock()
	defer svm.Unlock()
	svm.attached[path]++
	return nil
}

func (svm *serviceVM) hotAddVHDsAtStart(paths ...string) error {
	svm.Lock()
	defer svm.Unlock()
	for _, p := range paths {
		if err := svm.hotAddVHD(p); err != nil { // want LOCK003
			return err
		}
	}
	svm.refs++
	return nil
}

func main() {
	svm := &serviceVM{attached: map[string]int{}}
	fmt.Println(svm.hotAddVHDsAtStart("/layers/a.vhdx"))
}
