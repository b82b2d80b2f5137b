// Package leak011 holds the shapes LEAK011 (client-without-timeout) must
// report: each `want` comment names the rule expected on its line.
package leak011

import (
	"encoding/json"
	"io"
	"net/http"
	nethttp "net/http"
	"net/url"
	"strings"
)

type User struct{ Name string }

// The package helper: http.DefaultClient, no timeout.
func fetchUser(base, id string) (*User, error) {
	resp, err := http.Get(base + "/users/" + id) // want LEAK011
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var u User
	return &u, json.NewDecoder(resp.Body).Decode(&u)
}

// A webhook sender through an aliased import.
func notify(hook string, payload string) error {
	resp, err := nethttp.Post(hook, "application/json", strings.NewReader(payload)) // want LEAK011
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func login(endpoint string, form url.Values) error {
	resp, err := http.PostForm(endpoint, form) // want LEAK011
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// An API client built with a custom transport but no overall timeout.
type API struct {
	hc   *http.Client
	base string
}

func NewAPI(base string) *API {
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	return &API{hc: &http.Client{Transport: tr}, base: base} // want LEAK011
}

// A client made per call.
func download(u string, w io.Writer) error {
	c := http.Client{} // want LEAK011
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(w, resp.Body)
	return err
}

// DefaultClient used directly, with a request that has no context.
func (a *API) ping() error {
	req, err := http.NewRequest("HEAD", a.base+"/ping", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want LEAK011
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// DefaultClient as the fallback of a library option.
func (a *API) client() *http.Client {
	if a.hc != nil {
		return a.hc
	}
	return http.DefaultClient // want LEAK011
}
