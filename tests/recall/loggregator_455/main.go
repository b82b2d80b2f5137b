// Shape of cloudfoundry/loggregator-release#455: HTTP endpoints were served
// with http.ListenAndServe, which cannot be given a read header timeout.
package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"
)

func startPprof(addr string) {
	go func() {
		log.Println(http.ListenAndServe(addr, nil)) // want LEAK012
	}()
}

func main() {
	startPprof("127.0.0.1:0")
}
