// Shape of nginx/nginx-prometheus-exporter#283: the exporter's http.Server
// set no ReadHeaderTimeout (gosec G112, potential Slowloris attack).
package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("nginx_up 1\n"))
	})
	srv := &http.Server{ // want LEAK012
		Addr:    ":9113",
		Handler: mux,
	}
	log.Fatal(srv.ListenAndServe())
}
