package leak012

import (
	"net/http"
	"time"
)

// ReadHeaderTimeout in the literal.
func newAPIServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
	}
}

// ReadTimeout in the literal.
func runAdmin(h http.Handler) error {
	srv := &http.Server{Addr: "127.0.0.1:6060", Handler: h, ReadTimeout: 30 * time.Second}
	return srv.ListenAndServe()
}

// Fields set after the literal, in the same function.
func runPublic(h http.Handler, cfg struct{ Header time.Duration }) error {
	srv := &http.Server{Addr: ":443", Handler: h}
	srv.ReadHeaderTimeout = cfg.Header
	return srv.ListenAndServeTLS("cert.pem", "key.pem")
}

// A field set in another method of the package.
type Gateway struct {
	server *http.Server
}

func (g *Gateway) init(h http.Handler) {
	g.server = &http.Server{Handler: h}
}

func (gw *Gateway) configure(d time.Duration) {
	gw.server.ReadTimeout = d
}

// A local named http is not the package.
type fakeServer struct{}

func (fakeServer) ListenAndServe(string, http.Handler) error { return nil }

func runFake(h http.Handler) error {
	http := fakeServer{}
	return http.ListenAndServe(":0", h)
}
