// Shape of moby/libnetwork#1507: the controller lock was held while a
// service's lock was taken to add a binding, and the service path took the
// controller lock while it held its own lock to remove one: an AB/BA
// deadlock between two goroutines adding and removing service bindings.
package main

import (
	"fmt"
	"sync"
)

type controller struct {
	sync.Mutex
	services map[string]*service
}

type service struct {
	sync.Mutex
	name      string
	ctrl      *controller
	endpoints map[string]string
}

func (c *controller) addServiceBinding(name, eid, ip string) {
	c.Lock()
	s, ok := c.services[name]
	if !ok {
		s = &service{name: name, ctrl: c, endpoints: map[string]string{}}
		c.services[name] = s
	}
	s.Lock() // want LOCK005
	s.endpoints[eid] = ip
	s.Unlock()
	c.Unlock()
}

func (s *service) rmServiceBinding(eid string) {
	s.Lock()
	delete(s.endpoints, eid)
	if len(s.endpoints) == 0 {
		s.ctrl.Lock()
		delete(s.ctrl.services, s.name)
		s.ctrl.Unlock()
	}
	s.Unlock()
}

func main() {
	c := &controller{services: map[string]*service{}}
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(2)
		eid := fmt.Sprint("ep", i)
		go func() { defer wg.Done(); c.addServiceBinding("web", eid, "10.0.0.1") }()
		go func() {
			defer wg.Done()
			c.Lock()
			s := c.services["web"]
			c.Unlock()
			if s != nil {
				s.rmServiceBinding(eid)
			}
		}()
	}
	wg.Wait()
}
