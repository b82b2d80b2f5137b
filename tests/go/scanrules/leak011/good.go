package leak011

import (
	"context"
	"net/http"
	"time"
)

// Timeout set in the literal.
func NewAPIWithTimeout(base string) *API {
	return &API{hc: &http.Client{Timeout: 10 * time.Second}, base: base}
}

// Timeout set right after.
func newClient(t time.Duration) *http.Client {
	c := &http.Client{}
	c.Timeout = t
	return c
}

// Timeout set on the field in another method of the package.
type Crawler struct {
	client *http.Client
}

func (c *Crawler) init() {
	c.client = &http.Client{CheckRedirect: nil}
}

func (cr *Crawler) SetTimeout(d time.Duration) {
	cr.client.Timeout = d
}

// A local named http is not the package.
type fakeHTTP struct{}

func (fakeHTTP) Get(string) error { return nil }

func probe() error {
	http := fakeHTTP{}
	return http.Get("http://localhost/healthz")
}

// Comparing with DefaultClient and setting its timeout are not uses.
func configureDefault(c *http.Client) {
	if c == http.DefaultClient {
		http.DefaultClient.Timeout = 30 * time.Second
	}
}

// A request bounded by its context.
func health(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A request handed in by the caller, who owns its context.
func send(req *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(req)
}

// The transport bounds the wait for the response headers.
func newProfileClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			ResponseHeaderTimeout: timeout + 5*time.Second,
			Proxy:                 http.ProxyFromEnvironment,
		},
	}
}

// The same through a transport built by a helper of the package.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 10 * time.Second
	return t
}

func newBackendClient() *http.Client {
	return &http.Client{Transport: newTransport()}
}
