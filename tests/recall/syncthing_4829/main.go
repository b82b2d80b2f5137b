// Shape of syncthing/syncthing#4829: a NAT port mapping cleared its addresses
// under its write lock and, from there, notified subscribers through a method
// that read-locks the same mapping, deadlocking the NAT service.
package main

import (
	"fmt"
	"sync"
)

type address struct {
	ip   string
	port int
}

type mapping struct {
	mut          sync.RWMutex
	extAddresses map[string]address
	subscribers  []func(added, removed []address)
}

func (m *mapping) notify(added, removed []address) {
	m.mut.RLock()
	for _, s := range m.subscribers {
		s(added, removed)
	}
	m.mut.RUnlock()
}

func (m *mapping) clearAddresses() {
	m.mut.Lock()
	var removed []address
	for id, addr := range m.extAddresses {
		removed = append(removed, addr)
		delete(m.extAddresses, id)
	}
	if len(removed) > 0 {
		m.notify(nil, removed) // want LOCK003
	}
	m.mut.Unlock()
}

func main() {
	m := &mapping{extAddresses: map[string]address{"upnp": {"203.0.113.9", 22000}}}
	m.clearAddresses()
	fmt.Println(len(m.extAddresses))
}
