// Shape of open-telemetry/opentelemetry-collector#5699: confighttp returned
// an http.Server with only a Handler, no ReadHeaderTimeout (gosec G112).
package main

import (
	"fmt"
	"net/http"
)

type httpServerSettings struct {
	Endpoint string
}

func (hss *httpServerSettings) ToServer(handler http.Handler) *http.Server {
	return &http.Server{ // want LEAK012
		Handler: handler,
	}
}

func main() {
	s := (&httpServerSettings{Endpoint: ":4318"}).ToServer(http.NotFoundHandler())
	fmt.Println(s.ReadHeaderTimeout)
}
