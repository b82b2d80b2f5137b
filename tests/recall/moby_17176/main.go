// Shape of moby/moby#17176: the devicemapper driver took the device-set lock
// in deleteDevice and returned early on an error without releasing it, so every
// later storage operation hung on the lock.
package main

import (
	"errors"
	"fmt"
	"sync"
)

type deviceSet struct {
	sync.Mutex
	devices map[string]int
}

var errBusy = errors.New("device is busy")

func (ds *deviceSet) deleteDevice(hash string, inUse bool) error {
	ds.Lock() // want LOCK001
	if inUse {
		return errBusy
	}
	delete(ds.devices, hash)
	ds.Unlock()
	return nil
}

func main() {
	ds := &deviceSet{devices: map[string]int{"a": 1}}
	fmt.Println(ds.deleteDevice("a", true))
}
