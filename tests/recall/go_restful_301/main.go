// Shape of emicklei/go-restful#301 (issue #299): a container type holding a
// mutex was passed by value, so each call locked its own copy.
package main

import (
	"fmt"
	"sync"
)

type container struct {
	webServicesLock sync.RWMutex
	webServices     []string
}

func addWebService(c container, path string) { // want LOCK006
	c.webServicesLock.Lock()
	defer c.webServicesLock.Unlock()
	c.webServices = append(c.webServices, path)
}

func main() {
	c := &container{}
	addWebService(*c, "/users")
	fmt.Println(len(c.webServices))
}
